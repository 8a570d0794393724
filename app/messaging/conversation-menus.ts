/**
 * The numbered menus of the subscribe conversation: language, country and region. Pure
 * functions: they choose the options and render the text; the conversation stores what the
 * numbers stand for (ConversationState) and reads the answer back.
 */
import { COUNTRIES, countryName, endonym, LOCALES, type Country, type Locale } from "~/i18n/locales";
import type { SmsReplyTexts } from "~/i18n/sms-replies";
import { smsSegments } from "./sms-segments";
import { withStopHint } from "./replies-texts";

/**
 * Languages offered to a number from each country, in menu order (the national language first,
 * then the region's common second language). Numbers from elsewhere get every locale.
 */
export const LANGUAGES_BY_COUNTRY: Readonly<Record<Country, readonly Locale[]>> = {
  KG: ["ky", "ru", "en"],
  KZ: ["kk", "ru", "en"],
  TJ: ["tg", "ru", "en"],
  UZ: ["uz", "ru", "en"],
  AF: ["fa-AF", "ps", "en"],
  PK: ["ur", "ps", "en"],
  IQ: ["ar", "ckb", "en"],
};

export function languageOptions(country: Country | null): readonly Locale[] {
  return country ? LANGUAGES_BY_COUNTRY[country] : LOCALES;
}

/**
 * The language menu. Its reader has not chosen a language yet, so the header is given in the
 * first two languages offered (e.g. Kyrgyz and Russian) when that still fits in
 * MAX_MENU_SEGMENTS, else in the first one; the options are in their own names.
 */
export function renderLanguageMenu(options: readonly Locale[], textsOf: (locale: Locale) => SmsReplyTexts): string {
  const first = options[0] ?? "en";
  const lines = options.map((locale, index) => `${index + 1} ${endonym(locale)}`);
  const render = (headerLocales: readonly Locale[]) => {
    const header = [...new Set(headerLocales.map((locale) => textsOf(locale).languageMenuHeader))];
    return withStopHint([...header, ...lines].join("\n"), textsOf(first));
  };
  const twoHeaders = render(options.slice(0, 2));
  return smsSegments(twoHeaders).segments <= MAX_MENU_SEGMENTS ? twoHeaders : render([first]);
}

export function renderCountryMenu(locale: Locale, texts: SmsReplyTexts): { text: string; options: Country[] } {
  const options = [...COUNTRIES];
  const lines = options.map((country, index) => `${index + 1} ${countryName(country, locale)}`);
  return { text: withStopHint([texts.countryMenuHeader, ...lines].join("\n"), texts), options };
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
