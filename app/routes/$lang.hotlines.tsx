/**
 * `/:lang/hotlines`: every hotline, grouped by country and region, international lines last. A
 * static segment, so it wins over `/:lang/:campaign`. `?from=KG&in=RU` (the "I am from / I am in"
 * GET form, with a region of home if the reader picks one) shows the lines for that pair instead:
 * where the reader is, home, anywhere. The pick also tells the reach counts where the reader is.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { errorPageMeta, GeneralErrorBoundary } from "~/components/error-boundary";
import { DirectorySections, groupHotlines, HotlineDirectory, PlaceFilterForm } from "~/components/hotline-directory";
import { useLocale } from "~/components/locale-context";
import { PhoneDisplayProvider } from "~/components/phone-number-text";
import { directorySections, isFiltered, parsePlaceFilter, placeChoices } from "~/http/hotline-places";
import { STATIC_PAGE_HANDLE } from "~/http/hydration";
import { hotlineNumbers, phoneDisplayFor } from "~/http/phone-display.server";
import { orFallback, orServiceUnavailable } from "~/http/route-errors";
import { localeParam, parseParamsOr404 } from "~/http/route-params";
import { pageMeta, siteFromMatches } from "~/http/seo";
import { hotlinesPath } from "~/http/site-urls";
import { LOCALES } from "~/i18n/locales";
import { uiStrings } from "~/i18n/ui-strings";

export const handle = STATIC_PAGE_HANDLE;

const ParamsSchema = z.object({ lang: localeParam });

export async function loader({ params, context, request }: LoaderFunctionArgs) {
  const { lang: locale } = parseParamsOr404(ParamsSchema, params);
  const [hotlines, settings, regionDocuments] = await Promise.all([
    orServiceUnavailable(context.content.hotlines(locale)),
    orFallback(context.content.siteSettings(locale), null),
    orFallback(context.content.regions(locale), []),
  ]);
  const destinations = settings?.destinations ?? [];
  const regions = regionDocuments.map((region) => ({ code: region.code, country: region.country, name: region.name }));
  const filter = parsePlaceFilter(
    new URL(request.url).searchParams,
    destinations,
    regions.map((region) => region.code),
  );
  const places = placeChoices(destinations);
  const phoneDisplay = phoneDisplayFor(hotlineNumbers(hotlines));
  if (isFiltered(filter)) {
    return {
      locale,
      filter,
      places,
      regions,
      sections: directorySections(hotlines, filter, locale),
      groups: [],
      anywhere: [],
      phoneDisplay,
    };
  }
  // Countries whose usual language is the reader's come first (Kyrgyz readers see Kyrgyzstan first).
  const preferredCountries = (settings?.defaultLocaleByCountry ?? [])
    .filter((entry) => entry.locale === locale)
    .map((entry) => entry.country);
  return {
    locale,
    filter,
    places,
    regions,
    sections: null,
    groups: groupHotlines(hotlines, locale, preferredCountries),
    anywhere: hotlines.filter((hotline) => hotline.international),
    phoneDisplay,
  };
}

export default function Hotlines() {
  const { locale, filter, places, regions, sections, groups, anywhere, phoneDisplay } = useLoaderData<typeof loader>();
  const { strings } = useLocale();
  return (
    <PhoneDisplayProvider display={phoneDisplay}>
      <h1>{strings.hotlinesTitle}</h1>
      <p className="lead">{strings.hotlinesIntro}</p>
      <PlaceFilterForm filter={filter} places={places} regions={regions} action={hotlinesPath(locale)} />
      {sections ? <DirectorySections sections={sections} /> : <HotlineDirectory groups={groups} anywhere={anywhere} />}
    </PhoneDisplayProvider>
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
