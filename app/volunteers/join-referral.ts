/**
 * A volunteer's code sent with a join keyword: "JOIN K7QX2M", «СТАРТ k7qx2m», "عضویت K7QX2M".
 * The subscriber chooses to send it (the poster and the referral landing print it), so crediting
 * the volunteer needs no tie between a number and a web visit (decision 027, "Subscriptions").
 *
 * The code is the LAST word, after a message that is a join keyword on its own. Anything else is
 * left exactly as it was: the whole message is still classified by `classifyKeyword` first, a
 * STOP or DELETE is never a join, and a message whose last word merely looks like a code (a
 * campaign word followed by something else) keeps its meaning. Unknown codes are the caller's
 * business (they count nothing).
 *
 * Browser-safe and dependency-light: no node:crypto (referral-code.ts draws codes; this only reads).
 */
import { classifyKeyword, type ExtraKeyword, type KeywordMatch } from "~/i18n/keywords";
import { normalizeKeyword } from "~/i18n/keyword-normalize";

const REFERRAL_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const CODE_WORD = new RegExp(`^[${REFERRAL_ALPHABET}]{8}$`);

/** The last whitespace-separated chunk of the text, and what comes before it. */
const LAST_CHUNK = /^(.*\S)\s+(\S+)\s*$/su;

export interface JoinWithCode {
  /** The message without the code: what is classified, stored and echo-checked. */
  keyword: string;
  match: KeywordMatch & { intent: "join" };
  /** Upper case, as stored in volunteers.referral_code. */
  referralCode: string;
}

/** The volunteer code a page's `?via=` carries (from /r/:code/:campaign), or null. */
export function viaCode(value: string | null): string | null {
  const code = value === null ? "" : normalizeKeyword(value);
  return CODE_WORD.test(code) ? code : null;
}

/**
 * A message whose last word has the shape of a volunteer code: the words before it (as typed)
 * and the code (upper case). Says nothing about whether the rest is a keyword.
 */
export function splitCodeSuffix(text: string): { rest: string; code: string } | null {
  const parts = LAST_CHUNK.exec(text);
  if (!parts) return null;
  const [, rest = "", chunk = ""] = parts;
  // The code word in comparison form: case, full-width letters and Persian digits as people type them.
  const code = normalizeKeyword(chunk);
  return CODE_WORD.test(code) ? { rest: rest.trim(), code } : null;
}

/**
 * The join keyword and the volunteer code of a message, or null when the message is not a join
 * keyword followed by a code. `extra`: the CMS keywords, as for classifyKeyword.
 */
export function splitJoinReferral(text: string, extra?: readonly ExtraKeyword[]): JoinWithCode | null {
  const suffix = splitCodeSuffix(text);
  if (!suffix) return null;
  const { rest, code } = suffix;
  // A code suffix never changes what the message means otherwise: STOP/DELETE anywhere win.
  const whole = classifyKeyword(text, extra);
  if (whole && whole.intent !== "join") return null;
  const match = classifyKeyword(rest, extra);
  if (!match || match.intent !== "join") return null;
  // A CMS phrase that happens to end in a code-like word ("JOIN HEALTHYY") keeps its own meaning.
  if (whole && (whole.campaign !== match.campaign || whole.locale !== match.locale)) return null;
  return { keyword: rest, match: { ...match, intent: "join" }, referralCode: code };
}

/**
 * What a volunteer's poster and dashboard print for subscribing with their code: the campaign's
 * own word (else JOIN) followed by the code, to the campaign's number (else the site's). Null
 * without a number to text.
 */
export function joinWithCodeInvitation(
  campaignSms: { keyword: string; number?: string | null } | null | undefined,
  siteSmsNumber: string | null | undefined,
  referralCode: string,
): { keyword: string; number: string } | null {
  const number = campaignSms?.number ?? siteSmsNumber ?? null;
  return number ? { keyword: `${campaignSms?.keyword ?? "JOIN"} ${referralCode}`, number } : null;
}
