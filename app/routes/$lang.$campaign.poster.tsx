/**
 * `/:lang/:campaign/poster`: the campaign's printable A4 poster in the locale, with a QR code to
 * the campaign page and one hotline for the country chosen (`?country=`, a plain GET form) or
 * the region chosen (`?region=`, which also decides the country). The page around it disappears
 * when printed.
 */
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { errorPageMeta, GeneralErrorBoundary } from "~/components/error-boundary";
import { cachedCountryName } from "~/components/format/intl-cache";
import { useLocale } from "~/components/locale-context";
import { MachineDraftedNotice } from "~/components/notices";
import { PhoneDisplayProvider } from "~/components/phone-number-text";
import { SharePoster } from "~/components/share-poster";
import { isMachineDrafted, requireCampaign } from "~/http/campaign-content.server";
import { STATIC_PAGE_HANDLE } from "~/http/hydration";
import { posterContent } from "~/http/poster-content.server";
import { orFallback } from "~/http/route-errors";
import { localeParam, parseParamsOr404, slugParam } from "~/http/route-params";
import { pageMeta, siteFromMatches } from "~/http/seo";
import { absoluteUrl, campaignPath, campaignPosterPath } from "~/http/site-urls";
import { todayIsoDate } from "~/http/today";
import { uiStrings } from "~/i18n/ui-strings";
import posterStylesheet from "~/styles/poster.css";

export const handle = STATIC_PAGE_HANDLE;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: posterStylesheet }];

const ParamsSchema = z.object({ lang: localeParam, campaign: slugParam });
const PlaceSchema = z.object({
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .nullish()
    .catch(null),
  region: z
    .string()
    .regex(/^[A-Z]{2}-[A-Z0-9]{1,6}$/)
    .nullish()
    .catch(null),
});

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { lang: locale, campaign: slug } = parseParamsOr404(ParamsSchema, params);
  const search = new URL(request.url).searchParams;
  const place = PlaceSchema.parse({ country: search.get("country"), region: search.get("region") });
  const campaign = await requireCampaign(context, locale, slug, todayIsoDate(context.now()));
  // The regions of the campaign's countries, for the form; a chosen region also decides the country.
  const regions = (await orFallback(context.content.regions(locale), []))
    .filter((region) => campaign.countries.includes(region.country))
    .map(({ code, country, name }) => ({ code, country, name }));
  const region = regions.find((candidate) => candidate.code === place.region) ?? null;
  const { poster, country, phoneDisplay } = await posterContent(context.content, {
    locale,
    campaign,
    url: absoluteUrl(context.env.PUBLIC_BASE_URL, campaignPath(locale, campaign.slug)),
    country: region?.country ?? place.country,
    region: region?.code ?? null,
  });
  return {
    locale,
    campaign: { slug: campaign.slug, title: campaign.title, countries: campaign.countries, locales: campaign.locales },
    machineDrafted: isMachineDrafted(campaign),
    place: { country, region: region?.code ?? null },
    regions,
    poster,
    phoneDisplay,
  };
}

export default function CampaignPoster() {
  const { locale, campaign, machineDrafted, place, regions, poster, phoneDisplay } = useLoaderData<typeof loader>();
  const { strings } = useLocale();
  const regionCountries = campaign.countries.filter((code) => regions.some((region) => region.country === code));
  return (
    <PhoneDisplayProvider display={phoneDisplay}>
      {machineDrafted ? <MachineDraftedNotice /> : null}
      <div className="poster-controls">
        <p>{strings.posterPrintHint}</p>
        {campaign.countries.length > 1 || regions.length > 0 ? (
          // A plain GET form: the poster for another place is a link, and needs no script.
          <form method="get" action={campaignPosterPath(locale, campaign.slug)} className="place-filter">
            <p>
              <label htmlFor="poster-country">{strings.filterCountry}</label>
              <select id="poster-country" name="country" defaultValue={place.country ?? undefined}>
                {campaign.countries.map((code) => (
                  <option key={code} value={code}>
                    {cachedCountryName(code, locale)}
                  </option>
                ))}
              </select>
            </p>
            {regions.length > 0 ? (
              <p>
                <label htmlFor="poster-region">{strings.filterRegion}</label>
                <select id="poster-region" name="region" defaultValue={place.region ?? ""}>
                  <option value="">{strings.nationwide}</option>
                  {regionCountries.map((code) => (
                    <optgroup key={code} label={cachedCountryName(code, locale)}>
                      {regions
                        .filter((region) => region.country === code)
                        .map((region) => (
                          <option key={region.code} value={region.code}>
                            {region.name}
                          </option>
                        ))}
                    </optgroup>
                  ))}
                </select>
              </p>
            ) : null}
            <p>
              <button type="submit" className="button">
                {strings.placeFilterSubmit}
              </button>
            </p>
          </form>
        ) : null}
      </div>
      <SharePoster {...poster} />
    </PhoneDisplayProvider>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, params, error, matches }) => {
  if (!data || error) return errorPageMeta(params, error);
  return [
    ...pageMeta({
      ...siteFromMatches(matches),
      locale: data.locale,
      title: `${data.campaign.title}: ${uiStrings(data.locale).posterLink}`,
      description: data.poster.message,
      pathFor: (locale) => campaignPosterPath(locale, data.campaign.slug),
      locales: data.campaign.locales,
    }),
    // A print-out, not a page to find: the campaign page is what search engines should show.
    { name: "robots", content: "noindex" },
  ];
};

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
