/**
 * Footer: the organisation's text, its privacy notice, the promise of no cookies or tracking, and
 * what the site does count (docs/analytics.md "Counting"), with the credit the IP → country data
 * requires (CC BY 4.0).
 */
import { useLocale } from "./locale-context";

export function SiteFooter({ footerText, privacyNotice }: { footerText: string | null; privacyNotice: string | null }) {
  const { strings } = useLocale();
  return (
    <footer className="site-footer">
      <div className="wrap">
        {footerText ? <p>{footerText}</p> : null}
        <p>{strings.footerNoTracking}</p>
        <details id="privacy">
          <summary>{strings.privacyTitle}</summary>
          <div>
            {privacyNotice ? <p>{privacyNotice}</p> : null}
            <p>{strings.privacyCounting}</p>
            <p lang="en" dir="ltr">
              IP → country: <a href="https://github.com/sapics/ip-location-db">ip-location-db</a>, data from the{" "}
              <a href="https://www.nro.net/about/rirs/statistics/">NRO</a> (
              <a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>).
            </p>
          </div>
        </details>
      </div>
    </footer>
  );
}
