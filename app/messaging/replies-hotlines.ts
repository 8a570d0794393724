/**
 * Hotlines in a reply: which ones serve a person's area, and how to write them so the answer to
 * HELP fits in one SMS segment where possible without ever dropping the number.
 */
import type { Hotline } from "~/content/schemas";
import { ANOTHER_COUNTRY, type Locale } from "~/i18n/locales";
import type { SmsReplyTexts } from "~/i18n/sms-replies";
import { smsSegments } from "./sms-segments";
import { withStopHint } from "./replies-texts";

/** At most this many hotlines in one answer: one action per message, not a directory. */
export const MAX_HOTLINES_PER_REPLY = 3;
/** Organization names longer than this are shortened in SMS. */
const SHORT_NAME_LENGTH = 24;

export interface Area {
  country: string | null;
  regionCode: string | null;
}

/**
 * Hotlines for an area, best first: those serving the region, then the country's nationwide ones.
 * A known country without a region gets its nationwide hotlines (or, when it has none, all of
 * its own); an unknown country gets the general list (nationwide hotlines of every country):
 * the conversation never asks for that any more, `hotlinesForPlace` answers an unknown home with
 * the international lines (decision 018).
 * The content source already orders by country, priority and name, and never serves sample
 * numbers in production.
 */
export function hotlinesForArea(hotlines: readonly Hotline[], area: Area): Hotline[] {
  const nationwide = (h: Hotline) => h.regions.length === 0;
  if (!area.country) return hotlines.filter(nationwide);
  const national = hotlines.filter((h) => h.country === area.country);
  const serving = area.regionCode ? national.filter((h) => h.regions.some((r) => r.code === area.regionCode)) : [];
  const countryWide = national.filter(nationwide);
  const chosen = [...serving, ...countryWide];
  if (chosen.length > 0) return chosen;
  return area.regionCode ? [] : national;
}

/** Where someone is and where they are from, as HELP uses them. */
export interface Whereabouts {
  /**
   * Where they are now: an ISO country (home or a destination), ANOTHER_COUNTRY, or null when
   * unknown (then taken as home, if home is known).
   */
  place: string | null;
  /** Where they are from: their chosen country, else a guess from their language; null if neither. */
  nationality: string | null;
  /** Their home region (ISO 3166-2), which only matters at home. */
  regionCode: string | null;
  /** The reply's language: lines answering in it come first. */
  locale: Locale;
}

/**
 * The hotlines for a person where they are, best first:
 * - at home (or place unknown, home known): the home country's lines as `hotlinesForArea` gives
 *   them, without the lines for people abroad;
 * - in a destination: that country's lines that serve them (open to everyone, or to their
 *   nationality: a consulate of their own country first), those answering in their language
 *   first;
 * - anywhere else, or where nothing above exists: the international lines the content names
 *   (those for their own nationals first). Never another country's national hotline.
 */
export function hotlinesForPlace(hotlines: readonly Hotline[], where: Whereabouts): Hotline[] {
  const serves = (h: Hotline) =>
    h.nationalities.length === 0 || (where.nationality !== null && h.nationalities.includes(where.nationality));
  const local = hotlines.filter((h) => !h.international && serves(h));
  const home = where.nationality;
  if (home !== null && (where.place === null || where.place === home)) {
    const found = hotlinesForArea(local, { country: home, regionCode: where.regionCode });
    if (found.length > 0) return found;
  } else if (where.place !== null && where.place !== ANOTHER_COUNTRY) {
    const there = local.filter((h) => h.country === where.place);
    if (there.length > 0) return rankForPerson(there, where);
  }
  return rankForPerson(
    hotlines.filter((h) => h.international && serves(h)),
    where,
  );
}

/**
 * Lines for their nationality before lines for everyone, then those answering in their language,
 * then those for the whole country before a city's; otherwise the content's order (priority).
 */
export function rankForPerson(hotlines: readonly Hotline[], where: Whereabouts): Hotline[] {
  const score = (h: Hotline) =>
    (where.nationality !== null && h.nationalities.includes(where.nationality) ? 0 : 4) +
    (h.languages.includes(where.locale) ? 0 : 2) +
    (h.regions.length === 0 ? 0 : 1);
  return hotlines
    .map((hotline, index) => ({ hotline, index, score: score(hotline) }))
    .sort((a, b) => a.score - b.score || a.index - b.index)
    .map((entry) => entry.hotline);
}

/** The number to give: the one to call, else to text or message. */
export function hotlineNumber(hotline: Hotline): string | null {
  return hotline.phone ?? hotline.sms ?? hotline.whatsapp ?? hotline.telegram ?? null;
}

/** "Osh Legal Clinic (fixture)" → "Osh Legal Clinic"; very long names end with "…". */
export function shortOrganizationName(name: string): string {
  const withoutAside =
    name
      .replace(/\s*[(（][^)）]*[)）]\s*/g, " ")
      .replace(/\s+/g, " ")
      .trim() || name.trim();
  if (withoutAside.length <= SHORT_NAME_LENGTH) return withoutAside;
  return `${withoutAside.slice(0, SHORT_NAME_LENGTH - 1).trimEnd()}…`;
}

/** "Organization +996…" for one hotline, or null when it has no number. */
export function hotlineLine(hotline: Hotline, form: "full" | "short"): string | null {
  const number = hotlineNumber(hotline);
  if (!number) return null;
  const name = form === "full" ? hotline.organization.trim() : shortOrganizationName(hotline.organization);
  return `${name} ${RTL_SCRIPT.test(name) ? `${LRM}${number}${LRM}` : number}`;
}

/** Hebrew and Arabic-script letters: a number after them would otherwise show as "93000000501+". */
const RTL_SCRIPT = /[\u0590-\u08FF]/;
/** Left-to-right mark: older phones handle it where they show isolates (U+2066) as boxes. */
const LRM = "\u200E";

/**
 * The answer to HELP. Tries richer forms first and takes the first that fits in one segment:
 * header + up to three hotlines, then without header, then two, then one, with full and then
 * short organization names, and finally the bare number. When even that needs two segments, the
 * shortest form is sent: a second segment is better than an answer without the number.
 */
export function renderHelpReply(texts: SmsReplyTexts, hotlines: readonly Hotline[]): string {
  const usable = hotlines.filter((h) => hotlineNumber(h) !== null).slice(0, MAX_HOTLINES_PER_REPLY);
  if (usable.length === 0) return withStopHint(texts.noHotline, texts);
  const candidates: string[] = [];
  for (let count = usable.length; count >= 1; count -= 1) {
    for (const form of ["full", "short"] as const) {
      const lines = usable.slice(0, count).map((h) => hotlineLine(h, form)!);
      candidates.push(withStopHint([texts.helpHeader, ...lines].join("\n"), texts));
      candidates.push(withStopHint(lines.join("\n"), texts));
    }
  }
  candidates.push(withStopHint(hotlineNumber(usable[0]!)!, texts));
  const oneSegment = candidates.find((text) => smsSegments(text).segments === 1);
  if (oneSegment) return oneSegment;
  return candidates.reduce((shortest, text) => (smsSegments(text).segments < smsSegments(shortest).segments ? text : shortest));
}

/** The hotline part of the subscribe confirmation: the best one for the area, name and number. */
export function confirmationHotline(hotlines: readonly Hotline[]): string | null {
  const best = hotlines.find((h) => hotlineNumber(h) !== null);
  return best ? hotlineLine(best, "short") : null;
}
