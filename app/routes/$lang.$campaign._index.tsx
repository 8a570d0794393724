/**
 * `/:lang/:campaign`: a campaign's landing page: hero, sections, its pages, hotlines of its
 * countries (unless a section already lists them) and the share text.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CampaignHero, CampaignPageList, ShareBlock } from "~/components/campaign-parts";
import { errorPageMeta, GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale } from "~/components/locale-context";
import { MachineDraftedNotice } from "~/components/notices";
import { HotlineBlock } from "~/components/sections/hotline-block";
import { SectionList } from "~/components/sections/section-list";
import { isMachineDrafted, requireCampaign, sectionContext, sectionHotlines } from "~/http/campaign-content.server";
import { STATIC_PAGE_HANDLE } from "~/http/hydration";
import { localeParam, parseParamsOr404, slugParam } from "~/http/route-params";
import { pageMeta, siteFromMatches } from "~/http/seo";
import { absoluteUrl, campaignPath } from "~/http/site-urls";
import { todayIsoDate } from "~/http/today";
import type { loader as rootLoader } from "~/root";

export const handle = STATIC_PAGE_HANDLE;

const ParamsSchema = z.object({ lang: localeParam, campaign: slugParam });

export async function loader({ params, context }: LoaderFunctionArgs) {
  const { lang: locale, campaign: slug } = parseParamsOr404(ParamsSchema, params);
  const campaign = await requireCampaign(context, locale, slug, todayIsoDate());
  const listsHotlines = campaign.sections.some((section) => section._type === "hotlineBlock");
  const hotlines = await sectionHotlines(context, locale, campaign.sections, campaign, listsHotlines ? [] : campaign.countries);
  return {
    locale,
    campaign,
    listsHotlines,
    machineDrafted: isMachineDrafted(campaign),
    sections: await sectionContext(context, locale, campaign, hotlines),
  };
}

export default function CampaignLanding() {
  const { locale, campaign, listsHotlines, machineDrafted, sections } = useLoaderData<typeof loader>();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const { strings } = useLocale();
  return (
    <>
      {machineDrafted ? <MachineDraftedNotice /> : null}
      <CampaignHero hero={campaign.hero} />
      <SectionList sections={campaign.sections} context={sections} />
      {listsHotlines ? null : (
        <HotlineBlock id="hotlines" heading={strings.hotlinesTitle} intro={strings.hotlinesIntro} countries={campaign.countries} hotlines={sections.hotlines} />
      )}
      <CampaignPageList campaignSlug={campaign.slug} pages={campaign.pages} />
      <ShareBlock text={campaign.share.text} url={absoluteUrl(root?.baseUrl ?? "", campaignPath(locale, campaign.slug))} />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, params, error, matches }) => {
  if (!data || error) return errorPageMeta(params, error);
  const { campaign } = data;
  return pageMeta({
    ...siteFromMatches(matches),
    locale: data.locale,
    title: campaign.title,
    description: campaign.summary,
    pathFor: (locale) => campaignPath(locale, campaign.slug),
    locales: campaign.locales,
    xDefault: { locale: campaign.locales.includes(campaign.fallbackLocale) ? campaign.fallbackLocale : campaign.locales[0]! },
    imageUrl: campaign.share.imageUrl ?? campaign.hero.imageUrl,
  });
};

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
