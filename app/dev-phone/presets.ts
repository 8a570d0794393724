/**
 * Simulated numbers for the dev phone, one per programme country. They pass the numbering-plan
 * checks (so the conversation treats them as real Kyrgyz, Afghan… numbers) but end in 01xx, a
 * pattern no one will mistake for a person's number; with the local transport nothing ever
 * leaves the machine anyway.
 */
import type { Country } from "~/i18n/locales";

export interface DevPhonePreset {
  country: Country;
  /** E.164. */
  number: string;
  /** As people write it, for the button. */
  display: string;
}

export const DEV_PHONE_PRESETS: readonly DevPhonePreset[] = [
  { country: "KG", number: "+996555000101", display: "+996 555 000 101" },
  { country: "TJ", number: "+992930000102", display: "+992 93 000 0102" },
  { country: "UZ", number: "+998900000103", display: "+998 90 000 0103" },
  { country: "KZ", number: "+77010000104", display: "+7 701 000 0104" },
  { country: "AF", number: "+93700000105", display: "+93 70 000 0105" },
  { country: "PK", number: "+923000000106", display: "+92 300 000 0106" },
  { country: "IQ", number: "+9647700000107", display: "+964 770 000 0107" },
];

export const DEV_PHONE_CHANNELS = ["sms", "whatsapp"] as const;
export type DevPhoneChannel = (typeof DEV_PHONE_CHANNELS)[number];

/** `/dev/phone?number=…&channel=…`: the selected number lives in the URL, never in a cookie. */
export function devPhonePath(selection?: { number: string; channel: DevPhoneChannel }): string {
  if (!selection) return "/dev/phone";
  return `/dev/phone?${new URLSearchParams({ number: selection.number, channel: selection.channel }).toString()}`;
}
