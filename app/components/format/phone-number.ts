/**
 * Phone numbers written clearly: the country calling code, then the national number in groups of
 * three (`+996 000 000 101`), which is easier to read aloud and copy than a run of digits.
 */

// Calling codes of the programme countries and of the main destination (Russia), longest first.
const CALLING_CODES = ["996", "992", "998", "964", "93", "92", "7"] as const;

export function formatPhoneNumber(e164: string): string {
  const digits = e164.replace(/^\+/, "");
  const code = CALLING_CODES.find((candidate) => digits.startsWith(candidate));
  if (!code) return e164;
  const national = digits.slice(code.length);
  const groups = national.match(/\d{1,3}/g) ?? [];
  // A lone trailing digit reads badly: fold it into the group before.
  if (groups.length > 1 && groups[groups.length - 1]!.length === 1) {
    const last = groups.pop()!;
    groups[groups.length - 1] += last;
  }
  return `+${code} ${groups.join(" ")}`;
}

/** The digits of an E.164 number without `+`, as wa.me and t.me links want them. */
export function phoneDigits(e164: string): string {
  return e164.replace(/\D/g, "");
}
