/** `/languages`: the language chooser, never redirected (the header's "Language" link comes here). */
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { LanguageChooserPage, languageChooserMeta } from "~/components/language-chooser";
import { STATIC_PAGE_HANDLE } from "~/http/hydration";
import { LANGUAGES_PATH } from "~/http/site-urls";

export const handle = STATIC_PAGE_HANDLE;

export default LanguageChooserPage;

export const meta = languageChooserMeta(LANGUAGES_PATH);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
