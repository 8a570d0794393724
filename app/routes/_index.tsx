/**
 * `/`: readers whose browser asks for a language we publish are redirected to it (302, varying on
 * Accept-Language); everyone else gets the language chooser, each language by its own name.
 */
import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { LanguageChooserPage, languageChooserMeta } from "~/components/language-chooser";
import { negotiateLocale } from "~/http/accept-language";
import { STATIC_PAGE_HANDLE } from "~/http/hydration";
import { localeHomePath } from "~/http/site-urls";

export const handle = STATIC_PAGE_HANDLE;

/** The answer depends on Accept-Language, so shared caches must not hand it to someone else. */
const NEGOTIATED_HEADERS = { Vary: "Accept-Language", "Cache-Control": "private, no-cache" };

export function loader({ request }: LoaderFunctionArgs) {
  const locale = negotiateLocale(request.headers.get("Accept-Language"));
  if (locale) throw redirect(localeHomePath(locale), { status: 302, headers: NEGOTIATED_HEADERS });
  return null;
}

export const headers: HeadersFunction = () => NEGOTIATED_HEADERS;

export default LanguageChooserPage;

export const meta = languageChooserMeta("/");

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
