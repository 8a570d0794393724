/**
 * Display forms of the phone numbers a page shows, made by its loader: libphonenumber's metadata
 * (app/audience/phone-number.ts, ~50 kB gzip) stays on the server, and components look the forms
 * up by E.164 (`PhoneNumberText`). A `.server` module, so that a route importing it for its loader
 * can never pull the metadata into the client bundle.
 */
import { displayPhoneNumber } from "~/audience/phone-number";
import type { Hotline } from "~/content/schemas";

/** E.164 → how to show it (`+7 916 123 45 67`). */
export type PhoneDisplay = Readonly<Record<string, string>>;

export function phoneDisplayFor(numbers: Iterable<string | null | undefined>): PhoneDisplay {
  const display: Record<string, string> = {};
  for (const number of numbers) {
    if (number && !(number in display)) display[number] = displayPhoneNumber(number);
  }
  return display;
}

/** Every number of some hotlines: call, SMS, WhatsApp, Telegram. */
export function hotlineNumbers(hotlines: readonly Hotline[]): string[] {
  return hotlines.flatMap((hotline) =>
    [hotline.phone, hotline.sms, hotline.whatsapp, hotline.telegram].filter((number): number is string => Boolean(number)),
  );
}
