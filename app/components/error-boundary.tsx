/**
 * The one error page of the site, used by every route's ErrorBoundary: localized "not found" (with
 * every language when the locale itself is unknown), and "something went wrong" for 503 and
 * unexpected errors. It never shows error details: readers get a way forward, logs get the cause.
 */
import type { MetaDescriptor } from "@remix-run/node";
import { isRouteErrorResponse, useParams, useRouteError } from "@remix-run/react";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { localeFromParams } from "~/http/locale-param";
import { uiStrings } from "~/i18n/ui-strings";
import { errorMeta } from "~/http/seo";
import { hotlinesPath, localeHomePath } from "~/http/site-urls";
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
      <ul className="jump">
        <li>
          <a className="tap" href={hotlinesPath(locale)}>
            {strings.hotlinesLink}
          </a>
        </li>
        <li>
          <a className="tap" href={localeHomePath(locale)}>
            {strings.backHome}
          </a>
        </li>
      </ul>
    </div>
  );
}

/** The `meta` of an error page, in the locale of the URL (English when it has none). */
export function errorPageMeta(params: Readonly<Record<string, string | undefined>>, error: unknown): MetaDescriptor[] {
  const locale: Locale = localeFromParams(params) ?? DEFAULT_LOCALE;
  const strings = uiStrings(locale);
  return errorMeta(errorStatus(error) === 404 ? strings.notFoundTitle : strings.errorTitle);
}
