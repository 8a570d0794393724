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

const ENDONYMS = new Map<Locale, string>();

/** The language's own name for itself, for the language chooser (CLDR via Intl). */
export function endonym(locale: Locale): string {
  let name = ENDONYMS.get(locale);
  if (name === undefined) {
    // Building an Intl.DisplayNames costs more than the rest of a language menu: once per locale.
    const raw = new Intl.DisplayNames([locale], { type: "language" }).of(locale) ?? locale;
    name = raw.charAt(0).toLocaleUpperCase(locale) + raw.slice(1);
    ENDONYMS.set(locale, name);
  }
  return name;
}

/** Seven countries of the programme (ISO 3166-1 alpha-2). */
export const COUNTRIES = ["KG", "KZ", "TJ", "UZ", "AF", "PK", "IQ"] as const;
export type Country = (typeof COUNTRIES)[number];
export function isCountry(value: string): value is Country {
  return (COUNTRIES as readonly string[]).includes(value);
}

/**
 * Where CLDR may have no country names for a locale (an ICU built with less data than Node's
 * full ICU): the nearest language its readers read, in the same script, before English.
 */
const NAME_FALLBACKS: Readonly<Record<Locale, readonly string[]>> = {
  en: [],
  ru: [],
  ky: ["ru"],
  kk: ["ru"],
  uz: [],
  tg: ["ru"],
  "fa-AF": ["fa"],
  ps: ["fa-AF", "fa"],
  ur: [],
  ar: [],
  ckb: ["fa", "ar"],
};

const regionNames = new Map<Locale, Intl.DisplayNames>();

/** Country name in a locale (CLDR via Intl), else in its fallback language, else English. */
export function countryName(country: string, locale: Locale): string {
  let names = regionNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale, ...NAME_FALLBACKS[locale], "en"], { type: "region" });
    regionNames.set(locale, names);
  }
  return names.of(country) ?? country;
}

/**
 * "Another country" as a current place (ISO 3166's user-assigned code for an unknown or
 * unspecified country): somewhere the menu does not list.
 */
export const ANOTHER_COUNTRY = "ZZ";

/**
 * The home country a language suggests when nobody said where they are from: the programme
 * country whose language it is. Only a guess, to pick a consulate's line; never stored. Russian
 * and English are read in every programme country and suggest nothing; Pashto is read in
 * Afghanistan and Pakistan, Afghans being the most numerous abroad.
 */
export const HOME_OF_LOCALE: Readonly<Partial<Record<Locale, Country>>> = {
  ky: "KG",
  kk: "KZ",
  uz: "UZ",
  tg: "TJ",
  "fa-AF": "AF",
  ps: "AF",
  ur: "PK",
  ar: "IQ",
  ckb: "IQ",
};
