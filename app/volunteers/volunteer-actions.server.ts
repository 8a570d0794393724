/**
 * What the volunteer page's forms do. Every form is a plain POST (no JavaScript); the `intent`
 * field says which: sign-up, sign-in and verify (a code sent by SMS), and for a signed-in
 * volunteer sign-out, delete, the leaderboard opt-in, and session reports. The volunteer is the
 * session's, never an id from the form. Nothing here logs a number, a code or an address.
 */
import { randomBytes } from "node:crypto";
import { HOME_OF_LOCALE, type Locale } from "~/i18n/locales";
import { format, uiStrings } from "~/i18n/ui-strings";
import {
  checkVolunteerPhone,
  confirmVolunteer,
  deleteVolunteer,
  setLeaderboardOptIn,
  signUpVolunteer,
  volunteerIdByPhoneIndex,
  volunteerPhone,
} from "./accounts.server";
import { addressKey, takeRateMark } from "./rate-limits.server";
import { reportSession, withdrawSessionReport } from "./session-reports.server";
import { issueSignInCode, verifySignInCode } from "./sign-in-codes.server";
import type { FormError, SignUpErrorKey } from "./volunteer-form-errors";
import { cookieOptions, today, type VolunteerPageDeps } from "./volunteer-page.server";
import { normalizeCodeInput, SessionReportFormSchema, SignInFormSchema, SignUpFormSchema, VerifyFormSchema } from "./volunteer-profile";
import {
  clearedSessionCookie,
  endVolunteerSession,
  sessionIdFromCookie,
  startVolunteerSession,
  volunteerIdOfSession,
} from "./volunteer-session.server";
import { volunteerPath } from "./volunteer-urls";

export type ActionData =
  | { step: "code"; challenge: string; error?: FormError }
  | { step: "sign-up"; errors: FormError[]; values: Record<string, string> }
  | { step: "sign-in"; errors: FormError[] }
  | { step: "dashboard"; errors: FormError[] };

export type ActionOutcome =
  { kind: "data"; data: ActionData; status?: number } | { kind: "redirect"; location: string; setCookie?: string };

function formValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of ["nickname", "country", "region", "school", "ageGroup"]) {
    const value = form.get(name);
    if (typeof value === "string") values[name] = value.slice(0, 100);
  }
  // The number is not echoed back into the page: it would sit in the HTML of a shared device.
  return values;
}

const fields = (form: FormData) =>
  Object.fromEntries([...form.entries()].filter((entry): entry is [string, string] => typeof entry[1] === "string"));

/** The SMS with the code, in the page's language. */
function codeText(locale: Locale) {
  return (code: string) => format(uiStrings(locale).volunteerCodeSms, { code });
}

/** A challenge for a number with no account (or one we will not text): the same page, a code that never works. */
const decoyChallenge = () => randomBytes(24).toString("base64url");

async function sendCode(deps: VolunteerPageDeps, volunteerId: number | null, phoneIndex: string, locale: Locale): Promise<ActionOutcome> {
  if (!(await takeRateMark(deps.db, "code-number", phoneIndex, deps.now()))) {
    return { kind: "data", data: { step: "sign-in", errors: ["too-many"] }, status: 429 };
  }
  const phone = volunteerId === null ? null : await volunteerPhone(deps.db, deps.keyring, volunteerId);
  if (volunteerId === null || phone === null) return { kind: "data", data: { step: "code", challenge: decoyChallenge() } };
  const issued = await issueSignInCode(
    {
      db: deps.db,
      secret: deps.sessionSecret,
      enqueue: { keyring: deps.keyring, senderFor: deps.senderFor, segmentsOf: deps.segmentsOf },
    },
    { volunteerId, phone, text: codeText(locale), now: deps.now() },
  );
  // A number that said STOP looks exactly like one without an account: nobody learns it is subscribed.
  return { kind: "data", data: { step: "code", challenge: issued.ok ? issued.challenge : decoyChallenge() } };
}

async function signUp(deps: VolunteerPageDeps, form: FormData, locale: Locale, address: string): Promise<ActionOutcome> {
  const values = formValues(form);
  const parsed = SignUpFormSchema.safeParse(fields(form));
  const errors = new Set<FormError>();
  if (!parsed.success) for (const issue of parsed.error.issues) errors.add((issue.path[0] as SignUpErrorKey) ?? "nickname");
  const regions = await deps.content.regions(locale);
  if (parsed.success && !regions.some((region) => region.code === parsed.data.region && region.country === parsed.data.country))
    errors.add("region");
  const phone = parsed.success ? checkVolunteerPhone(deps.keyring, parsed.data.phone, parsed.data.country) : null;
  if (phone && !phone.ok) errors.add("phone");
  if (!parsed.success || errors.size > 0 || !phone?.ok) {
    return { kind: "data", data: { step: "sign-up", errors: [...errors], values }, status: 400 };
  }
  if (!(await takeRateMark(deps.db, "sign-up-address", addressKey(deps.keyring, address), deps.now()))) {
    return { kind: "data", data: { step: "sign-up", errors: ["too-many"], values }, status: 429 };
  }
  if (!(await takeRateMark(deps.db, "code-address", addressKey(deps.keyring, address), deps.now()))) {
    return { kind: "data", data: { step: "sign-up", errors: ["too-many"], values }, status: 429 };
  }
  const account = await signUpVolunteer(deps.db, deps.keyring, { form: parsed.data, phone, locale, now: deps.now() });
  return sendCode(deps, account.volunteerId, phone.index, locale);
}

async function signIn(deps: VolunteerPageDeps, form: FormData, locale: Locale, address: string): Promise<ActionOutcome> {
  const parsed = SignInFormSchema.safeParse(fields(form));
  // A number typed without +code is read in the country the page's language suggests.
  const phone = parsed.success ? checkVolunteerPhone(deps.keyring, parsed.data.phone, HOME_OF_LOCALE[locale]) : null;
  if (!phone?.ok) return { kind: "data", data: { step: "sign-in", errors: ["phone"] }, status: 400 };
  if (!(await takeRateMark(deps.db, "code-address", addressKey(deps.keyring, address), deps.now()))) {
    return { kind: "data", data: { step: "sign-in", errors: ["too-many"] }, status: 429 };
  }
  return sendCode(deps, await volunteerIdByPhoneIndex(deps.db, phone.index), phone.index, locale);
}

async function verify(deps: VolunteerPageDeps, form: FormData, locale: Locale, address: string): Promise<ActionOutcome> {
  const parsed = VerifyFormSchema.safeParse(fields(form));
  if (!parsed.success) return { kind: "data", data: { step: "sign-in", errors: ["unknown"] }, status: 400 };
  const { challenge } = parsed.data;
  if (!(await takeRateMark(deps.db, "verify-address", addressKey(deps.keyring, address), deps.now()))) {
    return { kind: "data", data: { step: "code", challenge, error: "too-many" }, status: 429 };
  }
  const result = await verifySignInCode(
    { db: deps.db, secret: deps.sessionSecret },
    { challenge, code: normalizeCodeInput(parsed.data.code), now: deps.now() },
  );
  if (!result.ok) {
    // 400 for every refused code (not 410: error statuses of public pages get a shared-cache policy).
    return { kind: "data", data: { step: "code", challenge, error: result.reason }, status: 400 };
  }
  await confirmVolunteer(deps.db, result.volunteerId, locale, deps.now());
  const setCookie = await startVolunteerSession(deps.db, result.volunteerId, cookieOptions(deps), deps.now());
  return { kind: "redirect", location: volunteerPath(locale), setCookie };
}

/** Runs the form's intent. `address` is the client's IP, used only as a keyed hash for rate limits. */
export async function handleVolunteerAction(
  deps: VolunteerPageDeps,
  request: Request,
  form: FormData,
  locale: Locale,
  address: string,
): Promise<ActionOutcome> {
  const intent = form.get("intent");
  if (intent === "sign-up") return signUp(deps, form, locale, address);
  if (intent === "sign-in") return signIn(deps, form, locale, address);
  if (intent === "verify") return verify(deps, form, locale, address);

  const sessionId = sessionIdFromCookie(request.headers.get("cookie"), deps.sessionSecret);
  const volunteerId = await volunteerIdOfSession(deps.db, sessionId, deps.now());
  if (volunteerId === null)
    return { kind: "redirect", location: volunteerPath(locale), setCookie: clearedSessionCookie(cookieOptions(deps)) };
  const home = volunteerPath(locale);

  if (intent === "sign-out")
    return { kind: "redirect", location: home, setCookie: await endVolunteerSession(deps.db, sessionId, cookieOptions(deps)) };
  if (intent === "delete") {
    if (form.get("confirm") !== "yes") return { kind: "data", data: { step: "dashboard", errors: ["confirm-delete"] }, status: 400 };
    await deleteVolunteer(deps.db, volunteerId);
    return { kind: "redirect", location: `${home}?deleted=1`, setCookie: clearedSessionCookie(cookieOptions(deps)) };
  }
  if (intent === "leaderboard") {
    await setLeaderboardOptIn(deps.db, volunteerId, form.get("optIn") === "yes", deps.now());
    return { kind: "redirect", location: `${home}#leaderboard` };
  }
  if (intent === "report") {
    const parsed = SessionReportFormSchema.safeParse(fields(form));
    const campaigns = await deps.content.liveCampaigns(locale, today(deps.now()));
    if (
      !parsed.success ||
      !campaigns.some((campaign) => campaign.slug === parsed.data.campaign) ||
      parsed.data.heldOn > today(deps.now())
    ) {
      return { kind: "data", data: { step: "dashboard", errors: ["report"] }, status: 400 };
    }
    await reportSession(deps.db, { volunteerId, ...parsed.data, now: deps.now() });
    return { kind: "redirect", location: `${home}#reports` };
  }
  if (intent === "withdraw-report") {
    const id = Number(form.get("report"));
    // Scoped by the session's volunteer: another's report id withdraws nothing (409, like one already confirmed).
    if (!Number.isSafeInteger(id) || !(await withdrawSessionReport(deps.db, volunteerId, id))) {
      return { kind: "data", data: { step: "dashboard", errors: ["report"] }, status: 409 };
    }
    return { kind: "redirect", location: `${home}#reports` };
  }
  return { kind: "data", data: { step: "dashboard", errors: [] }, status: 400 };
}
