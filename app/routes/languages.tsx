/** `/languages`: the language chooser, never redirected (the header's "Language" link comes here). */
import type { MetaFunction } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { LanguageList } from "~/components/language-chooser";
import { useLocale } from "~/components/locale-context";
import { STATIC_PAGE_HANDLE } from "~/http/hydration";
import { pageMeta, siteFromMatches } from "~/http/seo";
import { LANGUAGES_PATH, localeHomePath } from "~/http/site-urls";
import { DEFAULT_LOCALE, LOCALES } from "~/i18n/locales";
import { uiStrings } from "~/i18n/ui-strings";

export const handle = STATIC_PAGE_HANDLE;

export default function Languages() {
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
    canonicalPath: LANGUAGES_PATH,
    locales: LOCALES,
    xDefault: { path: "/" },
  });
};

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
