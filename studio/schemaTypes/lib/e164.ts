/**
 * E.164 phone numbers: `+`, a country code that does not start with 0, at most 15 digits in all.
 * The same pattern as `e164` in `app/content/schemas.ts`, which re-checks every number it serves
 * and also wants the right length for the number's country (libphonenumber-js, which the Studio's
 * own install does not have); `npm run campaigns:check` also wants real hotlines' numbers valid.
 * https://www.itu.int/rec/T-REC-E.164
 */
export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;

export const E164_MESSAGE = "Use E.164, e.g. +996312000000";

export function isE164(value: unknown): value is string {
  return typeof value === "string" && E164_PATTERN.test(value);
}
