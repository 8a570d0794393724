/**
 * Which hotline a printed poster shows: one number, for the place where it hangs. The country is
 * the reader's choice, else the one of the poster's language (a Kyrgyz poster hangs in
 * Kyrgyzstan), else the campaign's first; within it a line for the region, else a nationwide one,
 * preferring lines that speak the poster's language. Lines for citizens abroad (a consulate, a
 * city abroad) are for another poster.
 */
import type { Hotline } from "~/content/schemas";
import { HOME_OF_LOCALE, type Locale } from "~/i18n/locales";

/** The poster's country: the asked one when the campaign runs there, else the locale's, else the first. */
export function posterCountry(locale: Locale, campaignCountries: readonly string[], asked?: string | null): string | null {
  if (asked && campaignCountries.includes(asked)) return asked;
  const ofLocale = HOME_OF_LOCALE[locale];
  if (ofLocale && campaignCountries.includes(ofLocale)) return ofLocale;
  return campaignCountries[0] ?? null;
}

/** The one line to print, from hotlines in content order (priority first), or null. */
export function posterHotline(
  hotlines: readonly Hotline[],
  options: { locale: Locale; country: string; region?: string | null },
): Hotline | null {
  const home = hotlines.filter(
    (hotline) =>
      hotline.country === options.country && !hotline.city && hotline.nationalities.length === 0 && (hotline.phone || hotline.sms),
  );
  const score = (hotline: Hotline) =>
    (options.region && hotline.regions.some((region) => region.code === options.region) ? 4 : 0) +
    (hotline.regions.length === 0 ? 2 : 0) +
    (hotline.languages.includes(options.locale) ? 1 : 0);
  // Array.prototype.sort is stable: equal scores keep the content's priority order.
  return [...home].sort((a, b) => score(b) - score(a))[0] ?? null;
}
