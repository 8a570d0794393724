/** Footer: the organisation's text, its privacy notice and the promise of no cookies or tracking. */
import { useLocale } from "./locale-context";

export function SiteFooter({ footerText, privacyNotice }: { footerText: string | null; privacyNotice: string | null }) {
  const { strings } = useLocale();
  return (
    <footer className="site-footer">
      <div className="wrap">
        {footerText ? <p>{footerText}</p> : null}
        <p>{strings.footerNoTracking}</p>
        {privacyNotice ? (
          <details>
            <summary>{strings.privacyTitle}</summary>
            <div>
              <p>{privacyNotice}</p>
            </div>
          </details>
        ) : null}
      </div>
    </footer>
  );
}
