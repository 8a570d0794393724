/**
 * Phone numbers in links. How a number is shown is decided on the server (PhoneNumberText,
 * app/http/phone-display.server.ts): the numbering metadata that needs is too big for the browser.
 */

/** The digits of an E.164 number without `+`, as wa.me and t.me links want them. */
export function phoneDigits(e164: string): string {
  return e164.replace(/\D/g, "");
}
