/** The site's name (home link) and the two ways out of any page: hotlines and another language. */
import { cachedEndonym as endonym } from "./format/intl-cache";
import { LANGUAGES_PATH, hotlinesPath, localeHomePath } from "~/http/site-urls";
import { useLocale } from "./locale-context";

/** `hotlinesLink` is false on an error page whose hotline directory would fail too. */
export function SiteHeader({ siteName, hotlinesLink = true }: { siteName: string; hotlinesLink?: boolean }) {
  const { locale, strings } = useLocale();
  return (
    <header className="site-header">
      <div className="wrap">
        <a className="site-name" href={localeHomePath(locale)}>
          {siteName}
        </a>
        <nav className="site-nav">
          {hotlinesLink ? <a href={hotlinesPath(locale)}>{strings.hotlinesLink}</a> : null}
          <a href={LANGUAGES_PATH}>
            {strings.languageLabel}: {endonym(locale)}
          </a>
        </nav>
      </div>
    </header>
  );
}
