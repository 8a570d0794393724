/**
 * `/`: readers whose browser asks for a language we publish are redirected to it (302, varying on
 * Accept-Language); everyone else gets the language chooser, each language by its own name.
 */
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { LanguageList } from "~/components/language-chooser";
import { useLocale } from "~/components/locale-context";
import { negotiateLocale } from "~/http/accept-language";
import { STATIC_PAGE_HANDLE } from "~/http/hydration";
import { pageMeta, siteFromMatches } from "~/http/seo";
import { localeHomePath } from "~/http/site-urls";
import { DEFAULT_LOCALE, LOCALES } from "~/i18n/locales";
import { uiStrings } from "~/i18n/ui-strings";

export const handle = STATIC_PAGE_HANDLE;

/** The answer depends on Accept-Language, so shared caches must not hand it to someone else. */
const NEGOTIATED_HEADERS = { Vary: "Accept-Language", "Cache-Control": "private, no-cache" };

export function loader({ request }: LoaderFunctionArgs) {
  const locale = negotiateLocale(request.headers.get("Accept-Language"));
  if (locale) throw redirect(localeHomePath(locale), { status: 302, headers: NEGOTIATED_HEADERS });
  return null;
}

export const headers: HeadersFunction = () => NEGOTIATED_HEADERS;

export default function LanguageChooserIndex() {
  const { strings } = useLocale();
  return (
    <>
      <h1>{strings.languageChooserTitle}</h1>
      <LanguageList />
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => {
  const strings = uiStrings(DEFAULT_LOCALE);
  return pageMeta({
    ...siteFromMatches(matches),
    locale: DEFAULT_LOCALE,
    title: strings.languageChooserTitle,
    description: strings.campaignsIntro,
    pathFor: localeHomePath,
    canonicalPath: "/",
    locales: LOCALES,
    xDefault: { path: "/" },
  });
};

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
