/**
 * The numbered menus of the subscribe conversation: language, country and region. Pure
 * functions: they choose the options and render the text; the conversation stores what the
 * numbers stand for (ConversationState) and reads the answer back.
 */
import { ANOTHER_COUNTRY, COUNTRIES, countryName, endonym, LOCALES, type Country, type Locale } from "~/i18n/locales";
import type { SmsReplyTexts } from "~/i18n/sms-replies";
import { smsSegments } from "../sms-segments";
import { withStopHint } from "../replies-texts";

/**
 * Languages offered to a number from each programme country, in menu order (the national language
 * first, then the region's common second language). Kazakhstan is also where many Uzbek, Kyrgyz
 * and Tajik migrants work, on local SIMs: their languages follow.
 */
export const LANGUAGES_BY_COUNTRY: Readonly<Record<Country, readonly Locale[]>> = {
  KG: ["ky", "ru", "en"],
  KZ: ["kk", "ru", "uz", "ky", "tg", "en"],
  TJ: ["tg", "ru", "en"],
  UZ: ["uz", "ru", "en"],
  AF: ["fa-AF", "ps", "en"],
  PK: ["ur", "ps", "en"],
  IQ: ["ar", "ckb", "en"],
};

/**
 * Languages a programme country's menu offers for the migrants who work there, not for its own
 * people: a Kazakh SIM whose owner chooses Kyrgyz is a Kyrgyz worker in Kazakhstan (home KG,
 * asked where they are), not a Kazakh.
 */
export const MIGRANT_LANGUAGES_BY_COUNTRY: Readonly<Partial<Record<Country, readonly Locale[]>>> = {
  KZ: ["uz", "ky", "tg"],
};

/** The Gulf states, where Pakistani, Afghan and Iraqi workers are many. */
const GULF: readonly Locale[] = ["ur", "ps", "fa-AF", "ar", "ckb", "en"];

/**
 * Languages offered to a number from a country outside the programme where its migrants live and
 * work, by the number's ISO country, most read first: Russia (Uzbek, Tajik, Kyrgyz workers, who
 * read Russian), Iran and Turkey (Afghans first), the Gulf, Korea (Central Asian workers, many
 * Russian-speaking, and Pakistanis). Each list fits the language menu in two SMS segments, like a
 * programme country's. Numbers from anywhere else get every locale.
 */
export const LANGUAGES_BY_DESTINATION: Readonly<Record<string, readonly Locale[]>> = {
  RU: ["ru", "uz", "tg", "ky", "kk", "en"],
  IR: ["fa-AF", "ps", "ur", "ar", "ckb", "en"],
  TR: ["fa-AF", "ps", "ar", "ckb", "ur", "uz", "en"],
  AE: GULF,
  SA: GULF,
  QA: GULF,
  KW: GULF,
  BH: GULF,
  OM: GULF,
  KR: ["ru", "uz", "ky", "kk", "tg", "ur", "en"],
};

/**
 * The language menu's options for a number: by its programme country (or the country the person
 * chose), else by the ISO country of the number, else every locale.
 */
export function languageOptions(country: Country | null, numberIsoCountry: string | null = null): readonly Locale[] {
  if (country) return LANGUAGES_BY_COUNTRY[country];
  return (numberIsoCountry ? LANGUAGES_BY_DESTINATION[numberIsoCountry] : undefined) ?? LOCALES;
}

/**
 * The language menu. Its reader has not chosen a language yet, so the header is given in the
 * first two languages offered (e.g. Kyrgyz and Russian) when the second costs no extra SMS
 * segment, else in the first one; the options are in their own names.
 */
export function renderLanguageMenu(options: readonly Locale[], textsOf: (locale: Locale) => SmsReplyTexts): string {
  const first = options[0] ?? "en";
  const lines = options.map((locale, index) => `${index + 1} ${endonym(locale)}`);
  const render = (headerLocales: readonly Locale[]) => {
    const header = [...new Set(headerLocales.map((locale) => textsOf(locale).languageMenuHeader))];
    return withStopHint([...header, ...lines].join("\n"), textsOf(first));
  };
  const oneHeader = render([first]);
  const twoHeaders = render(options.slice(0, 2));
  return smsSegments(twoHeaders).segments <= smsSegments(oneHeader).segments ? twoHeaders : oneHeader;
}

export function renderCountryMenu(locale: Locale, texts: SmsReplyTexts): { text: string; options: Country[] } {
  const options = [...COUNTRIES];
  const lines = options.map((country, index) => `${index + 1} ${smsCountryName(country, locale)}`);
  return { text: withStopHint([texts.countryMenuHeader, ...lines].join("\n"), texts), options };
}

/**
 * The places of "Where are you now?": home first (when known or guessed), then the destinations
 * the settings list, then "another country" (ANOTHER_COUNTRY).
 */
export function placeOptions(home: string | null, destinations: readonly string[]): string[] {
  const places = home ? [home, ...destinations.filter((country) => country !== home)] : [...destinations];
  return [...places, ANOTHER_COUNTRY];
}

/** A place as the menu names it: the country in the reader's language, or "Another country". */
export function placeLabel(place: string, locale: Locale, texts: SmsReplyTexts): string {
  return place === ANOTHER_COUNTRY ? texts.anotherCountryOption : smsCountryName(place, locale);
}

/**
 * A country's name for a text message. CLDR writes Uzbek with the modifier letter ʻ
 * (Qozogʻiston), which is not GSM-7: one such letter makes a whole Latin SMS UCS-2, 70 characters
 * a segment instead of 160. The ASCII apostrophe reads the same (see app/i18n/sms-replies).
 */
export function smsCountryName(country: string, locale: Locale): string {
  return countryName(country, locale).replace(/[ʻʼ‘’]/g, "'");
}

export function renderPlaceMenu(options: readonly string[], locale: Locale, texts: SmsReplyTexts): string {
  const lines = options.map((place, index) => `${index + 1} ${placeLabel(place, locale, texts)}`);
  return withStopHint([texts.placeMenuHeader, ...lines].join("\n"), texts);
}

/** A region as the menu shows it. */
export interface RegionOption {
  code: string;
  name: string;
}

/** Long lists are split into pages of at most this many SMS segments each. */
export const MAX_MENU_SEGMENTS = 3;

/**
 * Splits the region list into pages that each fit in MAX_MENU_SEGMENTS segments with their header,
 * "0 More" line and stop hint. Numbering runs on across pages (page 2 starts at 13, say), so a
 * number means the same region whichever page the reader answers from.
 */
export function paginateRegions(regions: readonly RegionOption[], texts: SmsReplyTexts): Array<{ start: number; end: number }> {
  if (regions.length === 0) return [];
  const whole = { start: 0, end: regions.length };
  if (smsSegments(renderRegionPage(regions, whole, texts, false)).segments <= MAX_MENU_SEGMENTS) return [whole];
  // More than one page: every page carries the "0 More" line (the last one wraps to the first).
  const pages: Array<{ start: number; end: number }> = [];
  let start = 0;
  while (start < regions.length) {
    let end = start + 1; // at least one region per page, however long its name
    while (end < regions.length && fits(regions, { start, end: end + 1 }, texts)) end += 1;
    pages.push({ start, end });
    start = end;
  }
  return pages;
}

function fits(regions: readonly RegionOption[], page: { start: number; end: number }, texts: SmsReplyTexts): boolean {
  return smsSegments(renderRegionPage(regions, page, texts, true)).segments <= MAX_MENU_SEGMENTS;
}

export function renderRegionPage(
  regions: readonly RegionOption[],
  page: { start: number; end: number },
  texts: SmsReplyTexts,
  hasMore: boolean,
): string {
  const lines = regions.slice(page.start, page.end).map((region, offset) => `${page.start + offset + 1} ${region.name}`);
  if (hasMore) lines.push(texts.moreOption);
  return withStopHint([texts.regionMenuHeader, ...lines].join("\n"), texts);
}

/** Page `pageIndex` of the region menu (wrapping to the first after the last). */
export function renderRegionMenu(
  regions: readonly RegionOption[],
  pageIndex: number,
  texts: SmsReplyTexts,
): { text: string; page: number; pageCount: number } {
  const pages = paginateRegions(regions, texts);
  const page = pages.length === 0 ? 0 : ((pageIndex % pages.length) + pages.length) % pages.length;
  const bounds = pages[page] ?? { start: 0, end: 0 };
  return { text: renderRegionPage(regions, bounds, texts, pages.length > 1), page, pageCount: pages.length };
}

/** Sorts regions by their name in the reader's language, as a reader scans a list. */
export function sortRegionsByName(regions: readonly RegionOption[], locale: Locale): RegionOption[] {
  const collator = new Intl.Collator(locale);
  return [...regions].sort((a, b) => collator.compare(a.name, b.name));
}
