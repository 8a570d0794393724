/**
 * The one error page of the site, used by every route's ErrorBoundary: localized "not found" (with
 * every language when the locale itself is unknown), and "something went wrong" for 503 and
 * unexpected errors, which carries the hotline numbers the server still had (error-hotlines.tsx)
 * and links the directory only when the directory itself would render. It never shows error
 * details: readers get a way forward, logs get the cause.
 */
import type { MetaDescriptor } from "@remix-run/node";
import { isRouteErrorResponse, useParams, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { localeFromParams } from "~/http/locale-param";
import { uiStrings } from "~/i18n/ui-strings";
import { errorMeta } from "~/http/seo";
import { localeHomePath } from "~/http/site-urls";
import { ErrorHotlines, ErrorPageLinks, useErrorPageContent } from "./error-hotlines";
import { LanguageList } from "./language-chooser";
import { useLocale } from "./locale-context";

function errorStatus(error: unknown): number {
  return isRouteErrorResponse(error) ? error.status : 500;
}

export function GeneralErrorBoundary() {
  const error = useRouteError();
  const params = useParams();
  const { locale, strings } = useLocale();
  const status = errorStatus(error);
  const knownLocale = localeFromParams(params) !== undefined;
  const atHand = useErrorPageContent();
  // The layout already shows the sample notice when the root loader found sample hotlines.
  const layoutSaysSample = (useRouteLoaderData("root") as { sampleContent?: boolean } | undefined)?.sampleContent === true;
  if (status === 404) {
    return (
      <div data-error-status={status}>
        <h1>{strings.notFoundTitle}</h1>
        <p>{strings.notFoundText}</p>
        {knownLocale ? (
          <p>
            <a className="tap" href={localeHomePath(locale)}>
              {strings.backHome}
            </a>
          </p>
        ) : (
          <>
            <h2>{strings.languageChooserTitle}</h2>
            <LanguageList />
          </>
        )}
      </div>
    );
  }
  return (
    <div data-error-status={status}>
      <h1>{strings.errorTitle}</h1>
      <p>{strings.errorText}</p>
      <ErrorHotlines hotlines={atHand?.hotlines ?? []} display={atHand?.display ?? {}} sampleNotice={!layoutSaysSample} />
      <ErrorPageLinks locale={locale} directoryAvailable={atHand?.directoryAvailable ?? false} />
    </div>
  );
}

/** The `meta` of an error page, in the locale of the URL (English when it has none). */
export function errorPageMeta(params: Readonly<Record<string, string | undefined>>, error: unknown): MetaDescriptor[] {
  const locale: Locale = localeFromParams(params) ?? DEFAULT_LOCALE;
  const strings = uiStrings(locale);
  return errorMeta(errorStatus(error) === 404 ? strings.notFoundTitle : strings.errorTitle);
}
