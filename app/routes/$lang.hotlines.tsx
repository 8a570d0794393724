/**
 * `/:lang/hotlines`: every hotline, grouped by country and region. A static segment, so it wins
 * over `/:lang/:campaign`.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { errorPageMeta, GeneralErrorBoundary } from "~/components/error-boundary";
import { groupHotlines, HotlineDirectory } from "~/components/hotline-directory";
import { useLocale } from "~/components/locale-context";
import { STATIC_PAGE_HANDLE } from "~/http/hydration";
import { orFallback, orServiceUnavailable } from "~/http/route-errors";
import { localeParam, parseParamsOr404 } from "~/http/route-params";
import { pageMeta, siteFromMatches } from "~/http/seo";
import { hotlinesPath } from "~/http/site-urls";
import { LOCALES } from "~/i18n/locales";
import { uiStrings } from "~/i18n/ui-strings";

export const handle = STATIC_PAGE_HANDLE;

const ParamsSchema = z.object({ lang: localeParam });

export async function loader({ params, context }: LoaderFunctionArgs) {
  const { lang: locale } = parseParamsOr404(ParamsSchema, params);
  const [hotlines, settings] = await Promise.all([
    orServiceUnavailable(context.content.hotlines(locale)),
    orFallback(context.content.siteSettings(locale), null),
  ]);
  // Countries whose usual language is the reader's come first (Kyrgyz readers see Kyrgyzstan first).
  const preferredCountries = (settings?.defaultLocaleByCountry ?? [])
    .filter((entry) => entry.locale === locale)
    .map((entry) => entry.country);
  return { locale, groups: groupHotlines(hotlines, locale, preferredCountries) };
}

export default function Hotlines() {
  const { groups } = useLoaderData<typeof loader>();
  const { strings } = useLocale();
  return (
    <>
      <h1>{strings.hotlinesTitle}</h1>
      <p className="lead">{strings.hotlinesIntro}</p>
      <HotlineDirectory groups={groups} />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, params, error, matches }) => {
  if (!data || error) return errorPageMeta(params, error);
  const strings = uiStrings(data.locale);
  return pageMeta({
    ...siteFromMatches(matches),
    locale: data.locale,
    title: strings.hotlinesTitle,
    description: strings.hotlinesIntro,
    pathFor: hotlinesPath,
    locales: LOCALES,
    xDefault: { locale: "en" },
  });
};

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
