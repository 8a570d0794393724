/**
 * Phone numbers as people and providers write them: the E.164 form, the number's country, whether
 * it is a valid number and what kind of line it is (mobile, fixed line, toll-free…), and how to
 * show it. Parsing, validation, type and formatting are libphonenumber-js with its full `max`
 * metadata (Google's libphonenumber data: https://github.com/google/libphonenumber); the `min`
 * set cannot tell a mobile from a landline and the `mobile` set calls every landline invalid,
 * which would reject hotline numbers.
 *
 * Ours, on top of the library:
 * - what people paste: provider prefixes (`whatsapp:`, `sms:`, `tel:`), bidi marks copied out of
 *   right-to-left text, Arabic-Indic, Persian and full-width digits, `00` for `+`;
 * - the legacy trunk prefix 8 still written in Uzbekistan and Tajikistan (`8 90 123 45 67`);
 * - the programme country of a number (`countryOfNumber`), beside its actual ISO country;
 * - which numbers get replies (`canReceiveReplies`): a landline cannot read an SMS;
 * - a readable form for numbers the metadata does not know, such as the sample dataset's
 *   unreachable `+996 000 000 101`.
 *
 * Server-side only in practice: the metadata is ~190 kB minified (50 kB gzip). Components show
 * numbers formatted by the loader (`app/http/phone-display.server.ts`), so it never reaches
 * client JavaScript (tests/integration/client-bundle.test.ts).
 */
import {
  PhoneNumber,
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
  type CountryCode,
  type PhoneNumberType,
} from "libphonenumber-js/max";
import { isCountry, type Country } from "~/i18n/locales";
import type { Channel } from "~/messaging/transport";

/** An ISO 3166-1 alpha-2 code the numbering metadata knows. */
export type IsoCountry = CountryCode;
/** Kind of line: `MOBILE`, `FIXED_LINE`, `FIXED_LINE_OR_MOBILE` (where the plan cannot tell), `TOLL_FREE`, `UAN`… */
export type LineType = PhoneNumberType;

/** What a number is, once it is known to be a possible one. */
export interface PhoneNumberFacts {
  e164: string;
  /**
   * The country of the number: by its calling code, and for shared codes (+7 Russia and
   * Kazakhstan, +1…) by its range. Null when the metadata cannot place it (an unassigned +7 range,
   * international networks such as +882).
   */
  isoCountry: IsoCountry | null;
  /** The programme country of the number, null for any other (Russia, Turkey, Germany…). */
  country: Country | null;
  /** In an assigned range of its country's plan (a possible number has only the right length). */
  valid: boolean;
  /** Null when not valid. */
  type: LineType | null;
}

export type PhoneNumberResult = ({ ok: true } & PhoneNumberFacts) | { ok: false; reason: string };

/** Provider and URI prefixes before a number: Twilio's `whatsapp:`, `sms:` and `tel:` URIs. */
const ADDRESS_PREFIX = /^(whatsapp|sms|tel):/i;
/** What may separate digits: spaces, dashes, dots, slashes, parentheses. */
const SEPARATORS = /[\s\p{Pd}./()]/gu;
/** Bidi marks that RTL text wraps around numbers when copied (LRM, RLM, isolates, ALM…). */
const INVISIBLES = /\p{Cf}/gu;
/** Countries where the old trunk prefix 8 is still written before a national number. */
const LEGACY_TRUNK_8: ReadonlySet<IsoCountry> = new Set<IsoCountry>(["UZ", "TJ"]);
/**
 * Line types that cannot read an SMS. Where a plan does not separate mobiles from landlines
 * (`FIXED_LINE_OR_MOBILE`: the US, China…), and for VoIP and personal numbers, we answer.
 */
const NO_SMS_TYPES: ReadonlySet<LineType> = new Set<LineType>([
  "FIXED_LINE",
  "TOLL_FREE",
  "PREMIUM_RATE",
  "SHARED_COST",
  "UAN",
  "VOICEMAIL",
  "PAGER",
]);

const LENGTH_PROBLEMS: Readonly<Record<string, string>> = {
  TOO_SHORT: "too short",
  TOO_LONG: "too long",
  INVALID_LENGTH: "wrong length",
};

/** Arabic-Indic and Persian digits → ASCII (full-width digits are handled by NFKC). */
function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (digit) => String((digit.codePointAt(0) ?? 0) & 0xf));
}

/**
 * Normalizes a number written by a person or a provider and says what it is:
 * - international: "+996 555 123 456", "00996555123456", "+996 (0) 555 123 456" (a trunk 0 kept
 *   after the country code is dropped);
 * - a provider address: "whatsapp:+996555123456";
 * - national, with `defaultCountry`: "0555 123 456" (KG), "8 916 123-45-67" (RU), "010-1234-5678"
 *   (KR), "90 123 45 67" (UZ), "996 555 123 456" (the country code without "+");
 * - Arabic-Indic, Persian and full-width digits; separators; bidi marks.
 * An international number is `ok` when possible (the right length for its country) and `valid`
 * when in an assigned range: the sample dataset's unreachable +<code>000… numbers are possible,
 * not valid, and keep their digits. A national number is `ok` only when valid: without a country
 * code there is nothing else to hold on to.
 */
export function normalizePhoneNumber(input: string, options: { defaultCountry?: IsoCountry } = {}): PhoneNumberResult {
  const text = asciiDigits(input.normalize("NFKC")).replace(INVISIBLES, "").trim().replace(ADDRESS_PREFIX, "").trim();
  if (text === "") return { ok: false, reason: "empty" };
  const compact = text.replace(/\(0\)/g, "").replace(SEPARATORS, "").replace(/^00/, "+");
  if (!/^\+?\d+$/.test(compact)) return { ok: false, reason: "contains letters or symbols other than + and separators" };
  const { defaultCountry } = options;
  if (!compact.startsWith("+") && !defaultCountry) {
    return { ok: false, reason: "no country code: write +<country code> or give a default country" };
  }
  const number = parseWithLegacyTrunk(compact, defaultCountry);
  if (!number) return { ok: false, reason: lengthProblem(compact, defaultCountry) ?? "not a phone number" };
  const where = number.country ?? `+${number.countryCallingCode}`;
  if (!number.isPossible())
    return { ok: false, reason: `${lengthProblem(number.number, undefined) ?? "wrong length"} for a ${where} number` };
  if (!compact.startsWith("+") && !number.isValid()) {
    const length = lengthProblem(compact, defaultCountry);
    return { ok: false, reason: `not a valid ${defaultCountry} number${length ? ` (${length})` : ""}` };
  }
  return { ok: true, ...factsOf(number, compact) };
}

function parseWithLegacyTrunk(compact: string, defaultCountry: IsoCountry | undefined): PhoneNumber | undefined {
  const number = parsePhoneNumberFromString(compact, defaultCountry);
  if (number?.isValid() || !defaultCountry || !LEGACY_TRUNK_8.has(defaultCountry) || !compact.startsWith("8")) return number;
  const withoutTrunk = parsePhoneNumberFromString(compact.slice(1), defaultCountry);
  return withoutTrunk?.isValid() ? withoutTrunk : number;
}

function lengthProblem(text: string, defaultCountry: IsoCountry | undefined): string | undefined {
  const problem = validatePhoneNumberLength(text, defaultCountry);
  if (problem === "INVALID_COUNTRY") return "unknown country calling code";
  return problem ? LENGTH_PROBLEMS[problem] : undefined;
}

/**
 * libphonenumber drops a 0 after the country code as a trunk prefix kept by mistake
 * ("+996 0555…"), even when what remains is no valid number either: then the digits stay as
 * written, so +964 000 000 701 remains itself.
 */
function factsOf(number: PhoneNumber, written: string): PhoneNumberFacts {
  const isoCountry = number.country ?? null;
  const valid = number.isValid();
  return {
    e164: valid || !written.startsWith("+") || !asWritten(written)?.isPossible() ? number.number : written,
    isoCountry,
    country: isoCountry && isCountry(isoCountry) ? isoCountry : null,
    valid,
    type: valid ? (number.getType() ?? null) : null,
  };
}

/** "+digits" split after its calling code and nothing more, or undefined when it is too short. */
function asWritten(e164: string): PhoneNumber | undefined {
  try {
    return new PhoneNumber(e164);
  } catch {
    return undefined;
  }
}

/** The facts of an E.164 number, or null when it is not a possible one. */
export function describeNumber(e164: string): PhoneNumberFacts | null {
  const result = normalizePhoneNumber(e164);
  return result.ok ? result : null;
}

/**
 * The programme country of an E.164 number (KG, KZ, TJ, UZ, AF, PK, IQ), or null for every
 * other number, Russia's included (+7 numbers are Kazakh only in Kazakhstan's ranges).
 */
export function countryOfNumber(e164: string): Country | null {
  return describeNumber(e164)?.country ?? null;
}

/** The ISO country of an E.164 number wherever it is (RU, TR, AE, KG…), or null. */
export function isoCountryOfNumber(e164: string): IsoCountry | null {
  return describeNumber(e164)?.isoCountry ?? null;
}

/**
 * Splits a provider address into channel and number: "whatsapp:+996555123456" → WhatsApp,
 * "+996555123456" → SMS. Null for what is not an international number (short codes,
 * alphanumeric senders) or not a possible one: such a sender cannot be answered.
 */
export function parseAddress(address: string): ({ channel: Channel } & PhoneNumberFacts) | null {
  const trimmed = address.trim();
  const channel: Channel = /^whatsapp:/i.test(trimmed) ? "whatsapp" : "sms";
  const number = trimmed.replace(ADDRESS_PREFIX, "").trim();
  if (!number.startsWith("+") && !number.startsWith("00")) return null;
  const result = normalizePhoneNumber(number);
  if (!result.ok) return null;
  const { ok: _ok, ...facts } = result;
  return { channel, ...facts };
}

/**
 * Whether a message to this number on this channel can be read: a valid number, and for SMS not
 * a line that cannot take one (a landline, a toll-free or shared-cost number). WhatsApp accounts
 * can sit on any valid number, landlines included.
 */
export function canReceiveReplies(number: Pick<PhoneNumberFacts, "valid" | "type">, channel: Channel): boolean {
  if (!number.valid) return false;
  return channel === "whatsapp" || number.type === null || !NO_SMS_TYPES.has(number.type);
}

/**
 * How to show a number: international format with the country's own grouping (`+7 916 123 45 67`,
 * `+92 51 111 222 333`). A number the metadata does not know keeps its calling code and is
 * grouped in threes (`+996 000 000 101`); what does not parse is returned as given.
 */
export function displayPhoneNumber(e164: string): string {
  const number = parsePhoneNumberFromString(e164);
  if (!number) return e164;
  if (number.isValid()) return number.formatInternational();
  const national = asWritten(e164)?.nationalNumber ?? number.nationalNumber;
  const groups = national.match(/\d{1,3}/g) ?? [];
  // A lone trailing digit reads badly: fold it into the group before.
  if (groups.length > 1 && groups.at(-1)!.length === 1) {
    const last = groups.pop()!;
    groups[groups.length - 1] += last;
  }
  return `+${number.countryCallingCode} ${groups.join(" ")}`;
}

/**
 * Why a number written in content cannot be used, or null. It must be E.164 and a possible number
 * for its country (the right length); with `requireValid`, also in an assigned range. Sample
 * numbers that reach nobody (+996 000 000 101) are possible but not valid.
 */
export function contentNumberProblem(value: string, options: { requireValid?: boolean } = {}): string | null {
  if (!/^\+[1-9]\d{6,14}$/.test(value)) return "not an E.164 number (+ and 7 to 15 digits)";
  const number = parsePhoneNumberFromString(value);
  if (!number) return "not a phone number: unknown country calling code";
  const where = number.country ?? `+${number.countryCallingCode}`;
  // "+996 0555…": a tel: link with the trunk 0 fails in many networks. (The number itself stays
  // out of the message, which is logged when the site skips the document.)
  if (number.isValid() && number.number !== value) return "a national (trunk) prefix after the country code: remove it";
  if (!(asWritten(value)?.isPossible() ?? false))
    return `not a possible ${where} number: ${lengthProblem(value, undefined) ?? "wrong length"}`;
  if (options.requireValid && !number.isValid()) return `not a valid ${where} number: no such number range`;
  return null;
}
