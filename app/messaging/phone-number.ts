/**
 * Phone numbers as people and providers write them → E.164, and the programme country a number
 * belongs to. Dependency-free (no libphonenumber: ~150 kB of metadata for seven countries) and
 * browser-safe.
 *
 * E.164 (https://www.itu.int/rec/T-REC-E.164): "+", a country code that does not start with 0,
 * at most 15 digits in all. National numbering plans, as notified to the ITU
 * (https://www.itu.int/oth/T0202): the national significant number (NSN, after the country
 * code) has these lengths, and national dialling prefixes ("trunk prefixes") these forms:
 * - KG +996: NSN 9 digits (toll-free 800… 9–10), trunk 0.         https://www.itu.int/oth/T0202000074/en
 * - TJ +992: NSN 9 digits; mobile ranges include 00… and 01…, so an NSN may start with 0;
 *   the old trunk 8 is still written by some.                       https://www.itu.int/oth/T02020000CA/en
 * - UZ +998: NSN 9 digits, dialled in full inside the country since the move to a closed plan;
 *   the old trunk 8 is still written by some.                       https://www.itu.int/oth/T02020000E1/en
 * - KZ +7 (shared with Russia; Kazakhstan has +7 6… and +7 7…): NSN 10 digits, trunk 8.
 *                                                                    https://www.itu.int/oth/T020200006F/en
 * - AF +93: NSN 9 digits, trunk 0.                                   https://www.itu.int/oth/T0202000001/en
 * - PK +92: NSN 9–10 digits for landlines, exactly 10 for mobiles (3xx + 7), toll-free 800… 8,
 *   UAN 111-numbers 11–12 (common for hotlines), trunk 0.                                  https://www.itu.int/oth/T02020000A1/en
 * - IQ +964: NSN 8 (Baghdad 1 + 7), 9 (provinces), 10 (mobile 7xx), trunk 0.
 *                                                                    https://www.itu.int/oth/T0202000067/en
 * Russia (+7 3/4/8/9…, NSN 10, trunk 8) is the main destination of labour migrants; its numbers
 * are accepted and checked, but `countryOfNumber` returns null for them (not a programme country).
 */
import type { Country } from "~/i18n/locales";
import type { Channel } from "./transport";

export type PhoneNumberResult = { ok: true; e164: string; country: Country | null } | { ok: false; reason: string };

interface NumberingPlan {
  callingCode: string;
  /** Lengths of the national significant number. */
  nsnLengths: readonly number[];
  /** What people dial before the NSN inside the country (current or still-written legacy). */
  trunkPrefix: string;
  /** Whether an NSN may start with 0 (the strict check rejects it otherwise). */
  nsnMayStartWithZero: boolean;
  /** A finer rule where lengths depend on the range (Pakistani mobiles are exactly 10 digits). */
  nsnPattern?: RegExp;
}

type PlanId = Country | "RU";

const PLANS: Readonly<Record<PlanId, NumberingPlan>> = {
  KG: { callingCode: "996", nsnLengths: [9, 10], trunkPrefix: "0", nsnMayStartWithZero: false },
  TJ: { callingCode: "992", nsnLengths: [9], trunkPrefix: "8", nsnMayStartWithZero: true },
  UZ: { callingCode: "998", nsnLengths: [9], trunkPrefix: "8", nsnMayStartWithZero: false },
  KZ: { callingCode: "7", nsnLengths: [10], trunkPrefix: "8", nsnMayStartWithZero: false },
  RU: { callingCode: "7", nsnLengths: [10], trunkPrefix: "8", nsnMayStartWithZero: false },
  AF: { callingCode: "93", nsnLengths: [9], trunkPrefix: "0", nsnMayStartWithZero: false },
  PK: {
    callingCode: "92", nsnLengths: [8, 9, 10, 11, 12], trunkPrefix: "0", nsnMayStartWithZero: false,
    nsnPattern: /^(?:3\d{9}|[^3]\d{7,11})$/,
  },
  IQ: { callingCode: "964", nsnLengths: [8, 9, 10], trunkPrefix: "0", nsnMayStartWithZero: false },
};

/** E.164 allows at most 15 digits; the shortest numbers in use (e.g. +683 Niue) have 7. */
const E164_MIN_DIGITS = 7;
const E164_MAX_DIGITS = 15;

/** Provider and URI prefixes before a number: Twilio's `whatsapp:`, `sms:` and `tel:` URIs. */
const ADDRESS_PREFIX = /^(whatsapp|sms|tel):/i;
/** What may separate digits: spaces, dashes, dots, slashes, parentheses. */
const SEPARATORS = /[\s\p{Pd}./()]/gu;
/** Bidi marks that RTL text wraps around numbers when copied (LRM, RLM, isolates, ALM…). */
const INVISIBLES = /[\p{Cf}]/gu;

/** Arabic-Indic and Persian digits → ASCII (full-width digits are handled by NFKC). */
function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (digit) => String((digit.codePointAt(0) ?? 0) & 0xf));
}

/**
 * The programme country of an E.164 number by its prefix: +996 KG, +992 TJ, +998 UZ, +93 AF,
 * +92 PK, +964 IQ, and +7 followed by 6 or 7 KZ. Null for every other number, including Russia
 * (the rest of +7).
 */
export function countryOfNumber(e164: string): Country | null {
  const plan = planOf(e164);
  return plan === null || plan === "RU" ? null : plan;
}

function planOf(e164: string): PlanId | null {
  if (/^\+7[67]/.test(e164)) return "KZ";
  if (e164.startsWith("+7")) return "RU";
  for (const id of ["KG", "TJ", "UZ", "AF", "PK", "IQ"] as const) {
    if (e164.startsWith(`+${PLANS[id].callingCode}`)) return id;
  }
  return null;
}

/**
 * Normalizes a number written by a person or a provider to E.164:
 * - international: "+996 555 123 456", "00996555123456", "+996 (0) 555 123 456";
 * - a provider address: "whatsapp:+996555123456" (the prefix is dropped; see `parseAddress`);
 * - national, with `defaultCountry`: "0555 123 456" (KG), "8 701 123 45 67" (KZ), "90 123 45 67"
 *   (UZ, no trunk prefix), "77011234567" (KZ, country code without "+");
 * - Arabic-Indic, Persian and full-width digits; spaces, dashes, dots, parentheses; bidi marks.
 * A trunk 0 (or 8 for +7) wrongly kept after the country code ("+996 0555 123 456") is dropped
 * when the rest is a valid number. Rejects letters, a missing country, and lengths that fit
 * neither E.164 nor the programme countries' plans. It does not reject an NSN that starts with 0:
 * the sample dataset's unreachable hotline numbers (+996 000 000 101) must still display; use
 * `isDialableInCountry` before messaging a number.
 */
export function normalizePhoneNumber(input: string, options: { defaultCountry?: Country } = {}): PhoneNumberResult {
  const text = asciiDigits(input.normalize("NFKC")).replace(INVISIBLES, "").trim().replace(ADDRESS_PREFIX, "").trim();
  if (text === "") return { ok: false, reason: "empty" };
  const compact = text.replace(/\(0\)/g, "").replace(SEPARATORS, "");
  if (!/^\+?\d+$/.test(compact)) return { ok: false, reason: "contains letters or symbols other than + and separators" };
  let international: string;
  if (compact.startsWith("+")) international = compact.slice(1);
  else if (compact.startsWith("00")) international = compact.slice(2);
  else if (options.defaultCountry) {
    const national = fromNational(compact, options.defaultCountry);
    if (national === null) return { ok: false, reason: `not a ${options.defaultCountry} number` };
    international = national;
  } else return { ok: false, reason: "no country code: write +<country code> or give a default country" };
  if (international.startsWith("0")) return { ok: false, reason: "a country code cannot start with 0" };
  if (international.length < E164_MIN_DIGITS) return { ok: false, reason: "too short" };
  if (international.length > E164_MAX_DIGITS) return { ok: false, reason: "too long: E.164 allows at most 15 digits" };
  const e164 = withoutKeptTrunkPrefix(`+${international}`);
  const plan = planOf(e164);
  if (plan && !fitsPlan(nationalNumber(e164, plan), plan)) {
    return { ok: false, reason: `wrong length for a ${plan === "RU" ? "+7" : plan} number` };
  }
  return { ok: true, e164, country: countryOfNumber(e164) };
}

function nationalNumber(e164: string, plan: PlanId): string {
  return e164.slice(1 + PLANS[plan].callingCode.length);
}

/** Whether an NSN has a length (and form) the plan allows; leading zeros are not judged here. */
function fitsPlan(nsn: string, plan: PlanId): boolean {
  const { nsnLengths, nsnPattern } = PLANS[plan];
  return nsnLengths.includes(nsn.length) && (nsnPattern === undefined || nsnPattern.test(nsn));
}

/** "+99605551234567" → "+996555123456": the trunk prefix is never dialled after the country code. */
function withoutKeptTrunkPrefix(e164: string): string {
  const plan = planOf(e164);
  if (!plan) return e164;
  const { trunkPrefix, callingCode } = PLANS[plan];
  const nsn = nationalNumber(e164, plan);
  if (!nsn.startsWith(trunkPrefix)) return e164;
  const rest = nsn.slice(trunkPrefix.length);
  // Only when what remains is itself plausible: +996 000 000 101 stays as written.
  const plausible = fitsPlan(rest, plan) && !rest.startsWith("0");
  // An NSN never starts with a trunk 0; a trunk 8 can be a real first digit (UZ 88…, RU 8xx),
  // so there the number must also be too long as written.
  const kept = trunkPrefix === "0" || !fitsPlan(nsn, plan);
  return plausible && kept ? `+${callingCode}${rest}` : e164;
}

/** A national number in a country → digits with the country code, or null. */
function fromNational(digits: string, country: Country): string | null {
  const { callingCode, trunkPrefix } = PLANS[country];
  // Trunk prefix first: "0555123456" (KG), "87011234567" (KZ), "8901234567" (UZ, legacy).
  if (digits.startsWith(trunkPrefix) && fitsPlan(digits.slice(trunkPrefix.length), country)) {
    return callingCode + digits.slice(trunkPrefix.length);
  }
  // A leading 0 where the trunk prefix is 0 is always that prefix: "0555 123 45" is too short,
  // not a 9-digit number starting with 0.
  if (trunkPrefix === "0" && digits.startsWith("0")) return null;
  // Without it: "901234567" (UZ), "555123456" (KG).
  if (fitsPlan(digits, country)) return callingCode + digits;
  // The country code without "+" or "00": "996555123456", "77011234567".
  if (digits.startsWith(callingCode) && fitsPlan(digits.slice(callingCode.length), country)) return digits;
  return null;
}

/**
 * Splits a provider address into channel and E.164: "whatsapp:+996555123456" → WhatsApp,
 * "+996555123456" → SMS. Null for what is not an international number (short codes,
 * alphanumeric senders): such a sender cannot be answered.
 */
export function parseAddress(address: string): { channel: Channel; e164: string } | null {
  const trimmed = address.trim();
  const channel: Channel = /^whatsapp:/i.test(trimmed) ? "whatsapp" : "sms";
  const number = trimmed.replace(ADDRESS_PREFIX, "").trim();
  if (!number.startsWith("+") && !number.startsWith("00")) return null;
  const result = normalizePhoneNumber(number);
  return result.ok ? { channel, e164: result.e164 } : null;
}

/**
 * The strict check for numbers we send messages to: valid E.164, and for the programme countries
 * and Russia an NSN of the plan's length that does not start with 0 (except in Tajikistan, whose
 * mobile ranges do). With `country`, the number must also belong to that country. Not for
 * hotline display: the sample dataset's +<code>000… numbers fail it on purpose.
 */
export function isDialableInCountry(e164: string, country?: Country): boolean {
  if (!new RegExp(`^\\+[1-9]\\d{${E164_MIN_DIGITS - 1},${E164_MAX_DIGITS - 1}}$`).test(e164)) return false;
  const plan = planOf(e164);
  if (country && plan !== country) return false;
  if (!plan) return true;
  const nsn = nationalNumber(e164, plan);
  if (!fitsPlan(nsn, plan)) return false;
  if (plan === "RU") return /^[3489]/.test(nsn);
  return PLANS[plan].nsnMayStartWithZero || !nsn.startsWith("0");
}
