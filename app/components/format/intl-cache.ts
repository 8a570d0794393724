/**
 * Intl formatters, built once per locale and options. Constructing one costs far more than using
 * it (loading CLDR data), and a hotline directory formats dozens of dates, hours and lists.
 */
import { countryName, endonym, type Locale } from "~/i18n/locales";

const formatters = new Map<string, Intl.DateTimeFormat | Intl.ListFormat | Intl.Collator>();

function cached<T extends Intl.DateTimeFormat | Intl.ListFormat | Intl.Collator>(key: string, create: () => T): T {
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) {
    formatter = create();
    formatters.set(key, formatter);
  }
  return formatter;
}

export function dateTimeFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(`date ${locale} ${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));
}

export function listFormat(locale: Locale, options: Intl.ListFormatOptions): Intl.ListFormat {
  return cached(`list ${locale} ${JSON.stringify(options)}`, () => new Intl.ListFormat(locale, options));
}

export function collator(locale: Locale): Intl.Collator {
  return cached(`collator ${locale}`, () => new Intl.Collator(locale));
}

const names = new Map<string, string>();

function cachedName(key: string, create: () => string): string {
  let name = names.get(key);
  if (name === undefined) {
    name = create();
    names.set(key, name);
  }
  return name;
}

/** `endonym()` from the locale module, remembered. */
export function cachedEndonym(locale: Locale): string {
  return cachedName(`endonym ${locale}`, () => endonym(locale));
}

/** `countryName()` from the locale module, remembered (country codes come from validated content). */
export function cachedCountryName(country: string, locale: Locale): string {
  return cachedName(`country ${country} ${locale}`, () => countryName(country, locale));
}
