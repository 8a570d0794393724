/**
 * The locales and countries the Studio edits. This mirrors `app/i18n/locales.ts` (the Studio has
 * its own install and bundle, so it cannot import from `app/`); `tests/unit/studio-schema.test.ts`
 * fails if the two lists drift apart.
 *
 * Locale codes are BCP 47 (`fa-AF`); Sanity field names cannot contain a hyphen, so localized
 * objects store each locale under its `fieldKey` (`fa_AF`).
 */

/** One locale as the Studio shows it: English name first, then the endonym, for mixed teams. */
export interface StudioLocale {
  code: string;
  fieldKey: string;
  title: string;
  direction: "ltr" | "rtl";
}

export const LOCALES = [
  { code: "en", fieldKey: "en", title: "English", direction: "ltr" },
  { code: "ru", fieldKey: "ru", title: "Russian (Русский)", direction: "ltr" },
  { code: "ky", fieldKey: "ky", title: "Kyrgyz (Кыргызча)", direction: "ltr" },
  { code: "kk", fieldKey: "kk", title: "Kazakh (Қазақ тілі)", direction: "ltr" },
  { code: "uz", fieldKey: "uz", title: "Uzbek (Oʻzbekcha)", direction: "ltr" },
  { code: "tg", fieldKey: "tg", title: "Tajik (Тоҷикӣ)", direction: "ltr" },
  { code: "fa-AF", fieldKey: "fa_AF", title: "Dari (دری)", direction: "rtl" },
  { code: "ps", fieldKey: "ps", title: "Pashto (پښتو)", direction: "rtl" },
  { code: "ur", fieldKey: "ur", title: "Urdu (اردو)", direction: "rtl" },
  { code: "ar", fieldKey: "ar", title: "Arabic (العربية)", direction: "rtl" },
  { code: "ckb", fieldKey: "ckb", title: "Central Kurdish (کوردی)", direction: "rtl" },
] as const satisfies readonly StudioLocale[];

export type LocaleCode = (typeof LOCALES)[number]["code"];
export type LocaleFieldKey = (typeof LOCALES)[number]["fieldKey"];

export const LOCALE_CODES: readonly LocaleCode[] = LOCALES.map((locale) => locale.code);
export const LOCALE_FIELD_KEYS: readonly LocaleFieldKey[] = LOCALES.map((locale) => locale.fieldKey);
export const DEFAULT_LOCALE: LocaleCode = "en";

/** Sanity field key for a locale code (`fa-AF` → `fa_AF`); unknown codes map the same way. */
export function localeFieldKey(code: string): string {
  return code.replace("-", "_");
}

/** Options for a select or checkbox list of locale codes (stored as BCP 47 codes). */
export const LOCALE_OPTIONS = LOCALES.map((locale) => ({ title: locale.title, value: locale.code }));

/** The seven countries of the programme (ISO 3166-1 alpha-2). */
export const COUNTRIES = [
  { code: "KG", title: "Kyrgyzstan" },
  { code: "KZ", title: "Kazakhstan" },
  { code: "TJ", title: "Tajikistan" },
  { code: "UZ", title: "Uzbekistan" },
  { code: "AF", title: "Afghanistan" },
  { code: "PK", title: "Pakistan" },
  { code: "IQ", title: "Iraq" },
] as const;

export type CountryCode = (typeof COUNTRIES)[number]["code"];
export const COUNTRY_CODES: readonly CountryCode[] = COUNTRIES.map((country) => country.code);
export const COUNTRY_OPTIONS = COUNTRIES.map((country) => ({ title: country.title, value: country.code }));

/**
 * Countries outside the programme where its people live and work, and where the international
 * organizations' offices are: where a hotline for people abroad can be. The settings' destination
 * list (the countries offered in menus) is chosen from Kazakhstan and these.
 */
export const DESTINATION_COUNTRIES = [
  { code: "RU", title: "Russia" },
  { code: "TR", title: "Türkiye" },
  { code: "AE", title: "United Arab Emirates" },
  { code: "SA", title: "Saudi Arabia" },
  { code: "QA", title: "Qatar" },
  { code: "KW", title: "Kuwait" },
  { code: "BH", title: "Bahrain" },
  { code: "OM", title: "Oman" },
  { code: "IR", title: "Iran" },
  { code: "DE", title: "Germany" },
  { code: "GB", title: "United Kingdom" },
  { code: "PL", title: "Poland" },
  { code: "KR", title: "South Korea" },
  { code: "AT", title: "Austria" },
  { code: "CH", title: "Switzerland" },
] as const;

/** Where a hotline can be: the programme's countries, then the destinations. */
export const HOTLINE_COUNTRY_OPTIONS = [...COUNTRIES, ...DESTINATION_COUNTRIES].map((country) => ({
  title: country.title,
  value: country.code,
}));

/** The countries a settings destination can be: Kazakhstan (a programme country) and the destinations. */
export const DESTINATION_OPTIONS = [{ code: "KZ", title: "Kazakhstan" }, ...DESTINATION_COUNTRIES].map((country) => ({
  title: country.title,
  value: country.code,
}));

export function countryTitle(code: string | undefined): string {
  return [...COUNTRIES, ...DESTINATION_COUNTRIES].find((country) => country.code === code)?.title ?? code ?? "No country";
}
