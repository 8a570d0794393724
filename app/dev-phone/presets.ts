/**
 * Simulated numbers for the dev phone: one mobile per programme country, and from the countries
 * where migrants work (Russia, Turkey, the Gulf, Iran, Korea), plus a Moscow landline to see what
 * a number that cannot read an SMS gets. They are valid numbers (so the conversation treats them
 * as real Kyrgyz, Russian… numbers) but end in 01xx, a pattern no one will mistake for a person's
 * number; with the local transport nothing ever leaves the machine anyway.
 *
 * No numbering metadata in the browser: the display forms are written here, and
 * tests/unit/dev-phone-presets.test.ts checks them against libphonenumber's.
 */

export interface DevPhonePreset {
  /** ISO 3166-1 alpha-2 of the number. */
  country: string;
  /** E.164. */
  number: string;
  /** International format, for the button. */
  display: string;
  /** What kind of line, when not a mobile. */
  line?: "landline";
}

export const DEV_PHONE_PRESETS: readonly DevPhonePreset[] = [
  { country: "KG", number: "+996555000101", display: "+996 555 000 101" },
  { country: "TJ", number: "+992930000102", display: "+992 93 000 0102" },
  { country: "UZ", number: "+998900000103", display: "+998 90 000 01 03" },
  { country: "KZ", number: "+77010000104", display: "+7 701 000 0104" },
  { country: "AF", number: "+93700000105", display: "+93 70 000 0105" },
  { country: "PK", number: "+923000000106", display: "+92 300 0000106" },
  { country: "IQ", number: "+9647700000107", display: "+964 770 000 0107" },
  { country: "RU", number: "+79000000108", display: "+7 900 000 01 08" },
  { country: "TR", number: "+905300000109", display: "+90 530 000 01 09" },
  { country: "AE", number: "+971500000110", display: "+971 50 000 0110" },
  { country: "SA", number: "+966500000111", display: "+966 50 000 0111" },
  { country: "IR", number: "+989120000112", display: "+98 912 000 0112" },
  { country: "KR", number: "+821020000113", display: "+82 10 2000 0113" },
  { country: "RU", number: "+74950000114", display: "+7 495 000 01 14", line: "landline" },
];

export const DEV_PHONE_CHANNELS = ["sms", "whatsapp"] as const;
export type DevPhoneChannel = (typeof DEV_PHONE_CHANNELS)[number];

/** `/dev/phone?number=…&channel=…`: the selected number lives in the URL, never in a cookie. */
export function devPhonePath(selection?: { number: string; channel: DevPhoneChannel }): string {
  if (!selection) return "/dev/phone";
  return `/dev/phone?${new URLSearchParams({ number: selection.number, channel: selection.channel }).toString()}`;
}
