/** `/:lang`: the live campaigns published in this language. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { errorPageMeta, GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale } from "~/components/locale-context";
import { STATIC_PAGE_HANDLE } from "~/http/hydration";
import { orServiceUnavailable } from "~/http/route-errors";
import { localeParam, parseParamsOr404 } from "~/http/route-params";
import { pageMeta, siteFromMatches } from "~/http/seo";
import { campaignPath, hotlinesPath, localeHomePath } from "~/http/site-urls";
import { todayIsoDate } from "~/http/today";
import { LOCALES } from "~/i18n/locales";
import { uiStrings } from "~/i18n/ui-strings";

export const handle = STATIC_PAGE_HANDLE;

const ParamsSchema = z.object({ lang: localeParam });

export async function loader({ params, context }: LoaderFunctionArgs) {
  const { lang: locale } = parseParamsOr404(ParamsSchema, params);
  const campaigns = await orServiceUnavailable(context.content.liveCampaigns(locale, todayIsoDate(context.now())));
  return { locale, campaigns: campaigns.map(({ slug, title, summary }) => ({ slug, title, summary })) };
}

export default function CampaignList() {
  const { locale, campaigns } = useLoaderData<typeof loader>();
  const { strings } = useLocale();
  return (
    <>
      <h1>{strings.campaignsTitle}</h1>
      <p className="lead">{strings.campaignsIntro}</p>
      {campaigns.length > 0 ? (
        <ul className="cards">
          {campaigns.map((campaign) => (
            <li key={campaign.slug}>
              <h2>
                <a className="tap" href={campaignPath(locale, campaign.slug)}>
                  {campaign.title}
                </a>
              </h2>
              <p>{campaign.summary}</p>
            </li>
          ))}
        </ul>
      ) : (
        <p>{strings.noCampaigns}</p>
      )}
      <p>
        <a className="button" href={hotlinesPath(locale)}>
          {strings.hotlinesTitle}
        </a>
      </p>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, params, error, matches }) => {
  if (!data || error) return errorPageMeta(params, error);
  const strings = uiStrings(data.locale);
  return pageMeta({
    ...siteFromMatches(matches),
    locale: data.locale,
    title: strings.campaignsTitle,
    description: strings.campaignsIntro,
    pathFor: localeHomePath,
    locales: LOCALES,
    xDefault: { path: "/" },
  });
};

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
