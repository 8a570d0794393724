/**
 * Every locale by its own name (endonym), each link marked with its language and direction, and
 * a `ping` that counts the language change (from the page's locale to the one chosen).
 */
import type { MetaFunction } from "@remix-run/node";
import { languagePingPath } from "~/analytics/tracked-links";
import { pageMeta, siteFromMatches } from "~/http/seo";
import { localeHomePath } from "~/http/site-urls";
import { DEFAULT_LOCALE, LOCALES, direction } from "~/i18n/locales";
import { uiStrings } from "~/i18n/ui-strings";
import { cachedEndonym as endonym } from "./format/intl-cache";
import { useLocale } from "./locale-context";

export function LanguageList() {
  const { locale: current } = useLocale();
  return (
    <ul className="languages">
      {LOCALES.map((locale) => (
        <li key={locale}>
          <a href={localeHomePath(locale)} ping={languagePingPath(current, locale)} lang={locale} hrefLang={locale} dir={direction(locale)}>
            {endonym(locale)}
          </a>
        </li>
      ))}
    </ul>
  );
}

/** The language chooser page, served at `/` (when no language is negotiated) and at `/languages`. */
export function LanguageChooserPage() {
  const { strings } = useLocale();
  return (
    <>
      <h1>{strings.languageChooserTitle}</h1>
      <LanguageList />
    </>
  );
}

/** The chooser's meta tags; only its canonical path differs between its two addresses. */
export function languageChooserMeta(canonicalPath: string): MetaFunction {
  return ({ matches }) => {
    const strings = uiStrings(DEFAULT_LOCALE);
    return pageMeta({
      ...siteFromMatches(matches),
      locale: DEFAULT_LOCALE,
      title: strings.languageChooserTitle,
      description: strings.campaignsIntro,
      pathFor: localeHomePath,
      canonicalPath,
      locales: LOCALES,
      xDefault: { path: "/" },
    });
  };
}
