/**
 * Built-in reply texts for SMS and WhatsApp conversations, one module per locale, so a bare
 * install answers in every language. The CMS (`keyword` documents) may override any of them per
 * locale; `resolveReplyTexts` in app/messaging/replies-texts.ts merges the two.
 *
 * Texts are machine-drafted and short on purpose: Cyrillic and Arabic-script SMS are UCS-2, 70
 * characters per single segment. Placeholders are `{name}`. Uzbek uses the ASCII apostrophe
 * (o'zbek) rather than ʻ, which would turn a 160-character GSM-7 segment into a 70-character
 * UCS-2 one.
 */
import type { Locale } from "../locales";
import { ar } from "./ar";
import { ckb } from "./ckb";
import { en } from "./en";
import { faAF } from "./fa-AF";
import { kk } from "./kk";
import { ky } from "./ky";
import { ps } from "./ps";
import { ru } from "./ru";
import { tg } from "./tg";
import { ur } from "./ur";
import { uz } from "./uz";

export interface SmsReplyTexts {
  /** Above the numbered language list. */
  languageMenuHeader: string;
  /** Above the numbered country list (numbers from outside the programme's countries). */
  countryMenuHeader: string;
  /** Above the numbered region list. */
  regionMenuHeader: string;
  /** Last line of a region list page that has more after it; starts with the digit 0. */
  moreOption: string;
  /** Above the numbered list of places: home, the destinations, another country ("Where are you now?"). */
  placeMenuHeader: string;
  /** The last place in that list: somewhere the list does not name. */
  anotherCountryOption: string;
  /** After the region is chosen. Placeholders: {region}, {hotline} (organization and number). */
  confirmation: string;
  /** After the region is chosen when no hotline serves it. Placeholder: {region}. */
  confirmationNoHotline: string;
  /** First line of the HELP answer, above the hotlines. */
  helpHeader: string;
  /** HELP answer when no hotline is known for the area. */
  noHotline: string;
  /** The one message after STOP: no more messages, how to come back. */
  stopConfirmation: string;
  /** The one message after DELETE: the data is erased, no more messages. */
  deleteConfirmation: string;
  /** Answer to text we do not understand: the keywords for hotlines and subscribing. */
  unknownMenu: string;
  /** Above a menu repeated after an answer that is not one of its numbers. */
  invalidChoice: string;
  /** Last line of every other reply: how to stop, with STOP and the local word. */
  stopHint: string;
}

export type SmsReplyKey = keyof SmsReplyTexts;

/** Placeholders each text must keep (a CMS override that drops one is not used). */
export const SMS_REPLY_PLACEHOLDERS: Readonly<Partial<Record<SmsReplyKey, readonly string[]>>> = {
  confirmation: ["region", "hotline"],
  confirmationNoHotline: ["region"],
};

export const SMS_REPLY_KEYS: readonly SmsReplyKey[] = [
  "languageMenuHeader",
  "countryMenuHeader",
  "regionMenuHeader",
  "moreOption",
  "placeMenuHeader",
  "anotherCountryOption",
  "confirmation",
  "confirmationNoHotline",
  "helpHeader",
  "noHotline",
  "stopConfirmation",
  "deleteConfirmation",
  "unknownMenu",
  "invalidChoice",
  "stopHint",
];

export const DEFAULT_SMS_REPLIES: Readonly<Record<Locale, SmsReplyTexts>> = {
  en,
  ru,
  ky,
  kk,
  uz,
  tg,
  "fa-AF": faAF,
  ps,
  ur,
  ar,
  ckb,
};
