/**
 * The hotline directory's "I am from … / I am in …" filter (a GET form: it works without script):
 * which places the form offers, what a query string asks for, and which hotlines answer the pair.
 *
 * For a person abroad the directory shows both kinds of lines: those where they are (the
 * destination's lines open to everyone or to their nationality, a consulate's first), then those
 * of home (for the family, and for the way back), then the international lines. The same
 * selection as the SMS answer to HELP (replies-hotlines.ts), never another country's national
 * hotline as a line "for anywhere".
 */
import { z } from "zod";
import type { Hotline } from "~/content/schemas";
import { ANOTHER_COUNTRY, COUNTRIES, isCountry, type Country, type Locale } from "~/i18n/locales";
import { rankForPerson } from "~/messaging/replies-hotlines";

export interface PlaceFilter {
  /** Where the reader is from: a programme country. */
  from: Country | null;
  /** Where the reader is: a programme country, a destination, or ANOTHER_COUNTRY. */
  in: string | null;
  /** A region of the home country (a content region code such as "KG-GB"): its lines and the nationwide ones. */
  region: string | null;
}

/** The places "I am in" offers: the programme's countries, the settings' destinations, another country. */
export function placeChoices(destinations: readonly string[]): string[] {
  return [...new Set<string>([...COUNTRIES, ...destinations]), ANOTHER_COUNTRY];
}

const countryParam = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/);

/**
 * The filter a query string asks for. Anything that is not one of the offered choices (a typo, a
 * stale link, junk) counts as not chosen: the page still answers, with the whole directory.
 */
export function parsePlaceFilter(
  search: URLSearchParams,
  destinations: readonly string[],
  regionCodes: readonly string[] = [],
): PlaceFilter {
  const read = (name: string) => {
    const parsed = countryParam.safeParse(search.get(name) ?? "");
    return parsed.success ? parsed.data : null;
  };
  const region = (search.get("region") ?? "").trim().toUpperCase();
  const knownRegion = regionCodes.includes(region) ? region : null;
  // A region says which country is home when "from" is not given; one of another country is ignored.
  const from = read("from") ?? (knownRegion ? knownRegion.slice(0, 2) : null);
  const place = read("in");
  const home = from && isCountry(from) ? from : null;
  return {
    from: home,
    in: place && placeChoices(destinations).includes(place) ? place : null,
    region: knownRegion && home && knownRegion.startsWith(`${home}-`) ? knownRegion : null,
  };
}

export function isFiltered(filter: PlaceFilter): boolean {
  return filter.from !== null || filter.in !== null;
}

/** A part of the filtered directory: lines where the reader is, at home, or anywhere. */
export type DirectorySection =
  | { kind: "here"; country: string; hotlines: Hotline[] }
  | { kind: "home"; country: string; hotlines: Hotline[] }
  | { kind: "anywhere"; hotlines: Hotline[] };

/** The sections for a filter, in the order a reader in that place needs them. */
export function directorySections(hotlines: readonly Hotline[], filter: PlaceFilter, locale: Locale): DirectorySection[] {
  const { from } = filter;
  const serves = (h: Hotline) => from === null || h.nationalities.length === 0 || h.nationalities.includes(from);
  const where = { place: filter.in, nationality: from, regionCode: filter.region, locale };
  // With a region, home keeps its nationwide lines and that region's.
  const inRegion = (h: Hotline) =>
    filter.region === null || h.country !== from || h.regions.length === 0 || h.regions.some((r) => r.code === filter.region);
  const local = hotlines.filter((h) => !h.international && serves(h) && inRegion(h));
  const anywhere: DirectorySection = {
    kind: "anywhere",
    hotlines: rankForPerson(
      hotlines.filter((h) => h.international && serves(h)),
      where,
    ),
  };
  const home: DirectorySection[] = from
    ? [
        {
          kind: "home",
          country: from,
          hotlines: rankForPerson(
            local.filter((h) => h.country === from),
            where,
          ),
        },
      ]
    : [];
  const place = filter.in;
  if (place === null || place === from) return [...home, anywhere];
  if (place === ANOTHER_COUNTRY) return [anywhere, ...home];
  const here: DirectorySection = {
    kind: "here",
    country: place,
    hotlines: rankForPerson(
      local.filter((h) => h.country === place),
      where,
    ),
  };
  return [here, ...home, anywhere];
}
