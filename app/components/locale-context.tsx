/**
 * The page's locale, given by the root to every component below it, so presentational components
 * can format and translate without each route threading the locale through.
 */
import { createContext, useContext, type ReactNode } from "react";
import { DEFAULT_LOCALE, direction, type Locale } from "~/i18n/locales";
import { uiStrings, type UiStrings } from "~/i18n/ui-strings";

export interface LocaleInfo {
  locale: Locale;
  dir: "ltr" | "rtl";
  strings: UiStrings;
}

const infos = new Map<Locale, LocaleInfo>();

/**
 * English fills any key a translation does not have yet, so a string added to en.ts shows in
 * English rather than as an empty heading until its translations land.
 */
function localeInfo(locale: Locale): LocaleInfo {
  let info = infos.get(locale);
  if (!info) {
    const strings = { ...uiStrings(DEFAULT_LOCALE), ...definedStrings(uiStrings(locale)) };
    info = { locale, dir: direction(locale), strings };
    infos.set(locale, info);
  }
  return info;
}

function definedStrings(strings: UiStrings): Partial<UiStrings> {
  return Object.fromEntries(Object.entries(strings).filter(([, value]) => typeof value === "string" && value !== "")) as Partial<UiStrings>;
}

const LocaleContext = createContext<LocaleInfo>(localeInfo(DEFAULT_LOCALE));

export function LocaleProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return <LocaleContext.Provider value={localeInfo(locale)}>{children}</LocaleContext.Provider>;
}

export function useLocale(): LocaleInfo {
  return useContext(LocaleContext);
}
