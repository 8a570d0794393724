/**
 * The locales the system publishes in. URL codes are BCP 47 (`fa-AF`); Sanity field names cannot
 * contain a hyphen, so localized objects in the CMS use `fieldKey` (`fa_AF`).
 */
export const LOCALES = ["en", "ru", "ky", "kk", "uz", "tg", "fa-AF", "ps", "ur", "ar", "ckb"] as const;
export type Locale = (typeof LOCALES)[number];

/** Sanity field key for each locale (`fa-AF` → `fa_AF`). */
export type LocaleFieldKey = "en" | "ru" | "ky" | "kk" | "uz" | "tg" | "fa_AF" | "ps" | "ur" | "ar" | "ckb";
export const LOCALE_FIELD_KEYS: readonly LocaleFieldKey[] = LOCALES.map(fieldKey);

export const DEFAULT_LOCALE: Locale = "en";

const RTL_LOCALES: ReadonlySet<Locale> = new Set<Locale>(["fa-AF", "ps", "ur", "ar", "ckb"]);

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

export function direction(locale: Locale): "ltr" | "rtl" {
  return RTL_LOCALES.has(locale) ? "rtl" : "ltr";
}

export function fieldKey(locale: Locale): LocaleFieldKey {
  return locale.replace("-", "_") as LocaleFieldKey;
}

export function localeFromFieldKey(key: string): Locale | undefined {
  const candidate = key.replace("_", "-");
  return isLocale(candidate) ? candidate : undefined;
}

/** The language's own name for itself, for the language chooser (CLDR via Intl). */
export function endonym(locale: Locale): string {
  const name = new Intl.DisplayNames([locale], { type: "language" }).of(locale) ?? locale;
  return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
}

/** Seven countries of the programme (ISO 3166-1 alpha-2). */
export const COUNTRIES = ["KG", "KZ", "TJ", "UZ", "AF", "PK", "IQ"] as const;
export type Country = (typeof COUNTRIES)[number];
export function isCountry(value: string): value is Country {
  return (COUNTRIES as readonly string[]).includes(value);
}

/** Country name in a locale (CLDR via Intl). */
export function countryName(country: string, locale: Locale): string {
  return new Intl.DisplayNames([locale], { type: "region" }).of(country) ?? country;
}
