/**
 * The whole error page when Remix itself could not answer (the Express last-resort handler): no
 * loader data, no route, no script. The same quick exit, title, text and hotline numbers as the
 * error boundary, in the reader's language; the stylesheet when the build could name it.
 */
import type { Locale } from "~/i18n/locales";
import { direction } from "~/i18n/locales";
import { ErrorHotlines, ErrorPageLinks, type ErrorPageHotlines } from "./error-hotlines";
import { LocaleProvider, useLocale } from "./locale-context";
import { DEFAULT_QUICK_EXIT_URL, QuickExit } from "./quick-exit";
import { QUICK_EXIT_SCRIPT_PATH } from "./quick-exit-script";

export interface EmergencyPageProps {
  locale: Locale;
  content: ErrorPageHotlines;
  /** The site stylesheet's URL (fingerprinted by the build), if known. */
  stylesheetHref: string | null;
}

function EmergencyBody({ content }: { content: ErrorPageHotlines }) {
  const { locale, strings } = useLocale();
  return (
    <body>
      <QuickExit href={content.quickExitUrl ?? DEFAULT_QUICK_EXIT_URL} />
      <main id="main">
        <div className="wrap">
          <div data-error-status="500">
            <h1>{strings.errorTitle}</h1>
            <p>{strings.errorText}</p>
            <ErrorHotlines hotlines={content.hotlines} display={content.display} sampleNotice />
            <ErrorPageLinks locale={locale} directoryAvailable={content.directoryAvailable} />
          </div>
        </div>
      </main>
    </body>
  );
}

export function EmergencyPage({ locale, content, stylesheetHref }: EmergencyPageProps) {
  return (
    <html lang={locale} dir={direction(locale)}>
      <LocaleProvider locale={locale}>
        <EmergencyHead stylesheetHref={stylesheetHref} />
        <EmergencyBody content={content} />
      </LocaleProvider>
    </html>
  );
}

function EmergencyHead({ stylesheetHref }: { stylesheetHref: string | null }) {
  const { strings } = useLocale();
  return (
    <head>
      <meta charSet="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{strings.errorTitle}</title>
      <meta name="robots" content="noindex" />
      {stylesheetHref ? <link rel="stylesheet" href={stylesheetHref} /> : null}
      <link rel="icon" href="data:," />
      <script src={QUICK_EXIT_SCRIPT_PATH} defer />
    </head>
  );
}
