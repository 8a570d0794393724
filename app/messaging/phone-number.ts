/**
 * Phone numbers as people and providers write them → E.164, and the programme country a number
 * belongs to. Dependency-free on purpose; the rules cover the seven programme countries.
 * Numbering plans: ITU-T E.164 assigned country codes; national plans of KG, KZ, TJ, UZ, AF, PK, IQ.
 */
import { type Country } from "~/i18n/locales";
import type { Channel } from "./transport";

export type PhoneNumberResult = { ok: true; e164: string; country: Country | null } | { ok: false; reason: string };

/** Country calling codes of the programme countries. Kazakhstan shares +7 with Russia. */
const CALLING_CODES: Readonly<Record<Country, string>> = {
  KG: "996", TJ: "992", UZ: "998", KZ: "7", AF: "93", PK: "92", IQ: "964",
};

/** Length of the national significant number (after the country code). */
const NATIONAL_LENGTH: Readonly<Record<Country, number[]>> = {
  KG: [9], TJ: [9], UZ: [9], KZ: [10], AF: [9], PK: [10], IQ: [9, 10],
};

/** Arabic-Indic and Persian digits → ASCII. */
function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String((d.codePointAt(0) ?? 0) & 0xf));
}

/** Splits a provider address ("whatsapp:+996…" or "+996…") into channel and E.164. */
export function parseAddress(address: string): { channel: Channel; e164: string } | null {
  const whatsapp = /^whatsapp:/i.test(address.trim());
  const result = normalizePhoneNumber(address.trim().replace(/^whatsapp:/i, ""));
  return result.ok ? { channel: whatsapp ? "whatsapp" : "sms", e164: result.e164 } : null;
}

/** The programme country of an E.164 number, by prefix; null for others (e.g. Russia under +7). */
export function countryOfNumber(e164: string): Country | null {
  if (e164.startsWith("+996")) return "KG";
  if (e164.startsWith("+992")) return "TJ";
  if (e164.startsWith("+998")) return "UZ";
  if (e164.startsWith("+964")) return "IQ";
  if (e164.startsWith("+93")) return "AF";
  if (e164.startsWith("+92")) return "PK";
  // +7 6xx / 7xx are Kazakhstan; the rest of +7 is Russia.
  if (/^\+7[67]/.test(e164)) return "KZ";
  return null;
}

/**
 * Normalizes "+996 555 123 456", "00996555123456", "(0555) 123-456" with a default country, and
 * Arabic-Indic digits. Rejects letters, too short or too long (E.164 allows at most 15 digits).
 */
export function normalizePhoneNumber(input: string, options: { defaultCountry?: Country } = {}): PhoneNumberResult {
  const text = asciiDigits(input.normalize("NFKC")).trim();
  if (!text) return { ok: false, reason: "empty" };
  if (/[^\d\s()+\-./]/.test(text)) return { ok: false, reason: "contains characters other than digits" };
  const hasPlus = text.startsWith("+");
  let digits = text.replace(/\D/g, "");
  if (!hasPlus && digits.startsWith("00")) digits = digits.slice(2);
  else if (!hasPlus) {
    const national = nationalToInternational(digits, options.defaultCountry);
    if (!national) return { ok: false, reason: "not an international number and no country to read it in" };
    digits = national;
  }
  if (digits.startsWith("0")) return { ok: false, reason: "country code cannot start with 0" };
  if (digits.length < 8 || digits.length > 15) return { ok: false, reason: "wrong length for an E.164 number" };
  const e164 = `+${digits}`;
  return { ok: true, e164, country: countryOfNumber(e164) };
}

function nationalToInternational(digits: string, country: Country | undefined): string | null {
  if (!country) return null;
  const code = CALLING_CODES[country];
  // KZ (like RU) writes the trunk prefix as 8; the others use 0; Uzbekistan often omits it.
  let national = digits;
  if (country === "KZ" && national.length === 11 && national.startsWith("8")) national = national.slice(1);
  else if (national.startsWith("0")) national = national.slice(1);
  return NATIONAL_LENGTH[country].includes(national.length) ? `${code}${national}` : null;
}

/**
 * Stricter check for numbers we message: the national part has the country's length and does not
 * start with 0. (The sample dataset's hotlines use +<code>000… on purpose: unreachable.)
 */
export function isDialableInCountry(e164: string): boolean {
  const country = countryOfNumber(e164);
  if (!country) return /^\+[1-9]\d{7,14}$/.test(e164);
  const national = e164.slice(1 + CALLING_CODES[country].length);
  return !national.startsWith("0") && NATIONAL_LENGTH[country].includes(national.length);
}
