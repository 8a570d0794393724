/** Every locale by its own name (endonym), each link marked with its language and direction. */
import { LOCALES, direction } from "~/i18n/locales";
import { cachedEndonym as endonym } from "./format/intl-cache";
import { localeHomePath } from "~/http/site-urls";

export function LanguageList() {
  return (
    <ul className="languages">
      {LOCALES.map((locale) => (
        <li key={locale}>
          <a href={localeHomePath(locale)} lang={locale} hrefLang={locale} dir={direction(locale)}>
            {endonym(locale)}
          </a>
        </li>
      ))}
    </ul>
  );
}
