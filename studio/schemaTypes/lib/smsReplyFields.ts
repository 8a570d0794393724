/**
 * The reply texts of SMS and WhatsApp conversations that staff can rewrite in the `smsReplies`
 * document. The keys and placeholders are those of the app's built-in texts
 * (`app/i18n/sms-replies/index.ts`, `SMS_REPLY_KEYS` and `SMS_REPLY_PLACEHOLDERS`); a test keeps
 * the two lists in step. A locale left empty uses the built-in text.
 */

export interface SmsReplyField {
  name: string;
  title: string;
  description: string;
  /** Placeholders the text may use. */
  allowed: readonly string[];
  /** Placeholders the text must keep, or the app ignores it and sends the built-in text. */
  required: readonly string[];
}

const WITH_STOP_LINE = "The app adds the stop line (below) after it.";

export const SMS_REPLY_FIELDS: readonly SmsReplyField[] = [
  {
    name: "languageMenuHeader",
    title: "Language menu: heading",
    description: `Above the numbered list of languages, e.g. "Choose your language. Reply with a number:". ${WITH_STOP_LINE}`,
    allowed: [],
    required: [],
  },
  {
    name: "countryMenuHeader",
    title: "Country menu: heading",
    description: `Above the numbered list of countries, for numbers from outside the seven countries. ${WITH_STOP_LINE}`,
    allowed: [],
    required: [],
  },
  {
    name: "regionMenuHeader",
    title: "Region menu: heading",
    description: `Above the numbered list of regions. ${WITH_STOP_LINE}`,
    allowed: [],
    required: [],
  },
  {
    name: "moreOption",
    title: 'Region menu: "more" line',
    description: 'Last line of a region list that continues on another page; must start with 0, e.g. "0 More".',
    allowed: [],
    required: [],
  },
  {
    name: "placeMenuHeader",
    title: "Place menu: heading",
    description: `Above the numbered list of places (home, the destination countries, another country), e.g. "Where are you now? Reply with a number:". Asked before the first HELP answer and after MOVED. ${WITH_STOP_LINE}`,
    allowed: [],
    required: [],
  },
  {
    name: "anotherCountryOption",
    title: 'Place menu: "another country" line',
    description: 'The last place in the list, after the destination countries, e.g. "Another country". The app numbers it.',
    allowed: [],
    required: [],
  },
  {
    name: "confirmation",
    title: "Subscription confirmation",
    description: `After the region is chosen. Must keep {region} and {hotline} (organization and number). ${WITH_STOP_LINE}`,
    allowed: ["region", "hotline"],
    required: ["region", "hotline"],
  },
  {
    name: "confirmationNoHotline",
    title: "Subscription confirmation without a hotline",
    description: `After the region is chosen when no checked hotline serves it. Must keep {region}. ${WITH_STOP_LINE}`,
    allowed: ["region"],
    required: ["region"],
  },
  {
    name: "helpHeader",
    title: "Help: heading",
    description: `First line of the answer to HELP, above the hotlines. ${WITH_STOP_LINE}`,
    allowed: [],
    required: [],
  },
  {
    name: "noHotline",
    title: "Help: no hotline",
    description: `Answer to HELP when no hotline is known for the area. ${WITH_STOP_LINE}`,
    allowed: [],
    required: [],
  },
  {
    name: "stopConfirmation",
    title: "STOP confirmation",
    description: "The one message after STOP: no more messages, and how to come back (e.g. send JOIN).",
    allowed: [],
    required: [],
  },
  {
    name: "deleteConfirmation",
    title: "DELETE confirmation",
    description: "The one message after DELETE: the data is erased, no more messages.",
    allowed: [],
    required: [],
  },
  {
    name: "unknownMenu",
    title: "Unknown text",
    description: `Answer to a text that is no keyword: which words to send for hotlines and for safety tips. ${WITH_STOP_LINE}`,
    allowed: [],
    required: [],
  },
  {
    name: "invalidChoice",
    title: "Invalid menu choice",
    description: `Above a menu repeated after an answer that is not one of its numbers. ${WITH_STOP_LINE}`,
    allowed: [],
    required: [],
  },
  {
    name: "stopHint",
    title: "Stop line",
    description:
      'Last line of every reply except the STOP and DELETE confirmations: how to stop, with STOP and the local word, e.g. "Отписка: STOP (СТОП)".',
    allowed: [],
    required: [],
  },
];

/** The field every other reply ends with; it must say how to stop. */
export const STOP_LINE_FIELD = "stopHint";

/** The opt-out word every reply must name: carriers and Twilio honour it in every country. */
export const STOP_WORD = "STOP";

/** Locales (field keys) whose text does not name STOP. Blank locales use the built-in text. */
export function localesWithoutStopWord(value: unknown, fieldKeys: readonly string[]): string[] {
  const record = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  return fieldKeys.filter((key) => {
    const text = record[key];
    return typeof text === "string" && text.trim() !== "" && !text.includes(STOP_WORD);
  });
}
