/**
 * `/:lang/:campaign`: a campaign's landing page: hero, sections, its pages, hotlines of its
 * countries (unless a section already lists them) and the share text.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CampaignHero, CampaignPageList, ShareBlock } from "~/components/campaign-parts";
import { errorPageMeta, GeneralErrorBoundary } from "~/components/error-boundary";
import { useLocale } from "~/components/locale-context";
import { MachineDraftedNotice } from "~/components/notices";
import { PhoneDisplayProvider } from "~/components/phone-number-text";
import { HotlineBlock } from "~/components/sections/hotline-block";
import { SectionList } from "~/components/sections/section-list";
import { isMachineDrafted, requireCampaign, sectionContext, sectionHotlines } from "~/http/campaign-content.server";
import { STATIC_PAGE_HANDLE } from "~/http/hydration";
import { hotlineNumbers, phoneDisplayFor } from "~/http/phone-display.server";
import { localeParam, parseParamsOr404, slugParam } from "~/http/route-params";
import { pageMeta, siteFromMatches } from "~/http/seo";
import { campaignShareImageUrl } from "~/http/share-image.server";
import { viaCode } from "~/volunteers/join-referral";
import { VIA_PARAM } from "~/volunteers/volunteer-urls";
import { absoluteUrl, campaignPath } from "~/http/site-urls";
import { SHARE_IMAGE_SIZE } from "~/sharing/share-image-size";
import { todayIsoDate } from "~/http/today";

export const handle = STATIC_PAGE_HANDLE;

const ParamsSchema = z.object({ lang: localeParam, campaign: slugParam });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { lang: locale, campaign: slug } = parseParamsOr404(ParamsSchema, params);
  const campaign = await requireCampaign(context, locale, slug, todayIsoDate(context.now()));
  const listsHotlines = campaign.sections.some((section) => section._type === "hotlineBlock");
  const hotlines = await sectionHotlines(context, locale, campaign.sections, campaign, listsHotlines ? [] : campaign.countries);
  const base = await sectionContext(context, locale, campaign, hotlines);
  // Reached through a volunteer's link: their code follows the SMS keyword (decision 027, "Subscriptions").
  const sections = { ...base, subscribe: { ...base.subscribe, code: viaCode(new URL(request.url).searchParams.get(VIA_PARAM)) } };
  return {
    locale,
    campaign,
    listsHotlines,
    machineDrafted: isMachineDrafted(campaign),
    sections,
    phoneDisplay: phoneDisplayFor([...hotlineNumbers(hotlines), sections.subscribe.number]),
    shareUrl: absoluteUrl(context.env.PUBLIC_BASE_URL, campaignPath(locale, campaign.slug)),
    // An uploaded share image wins; otherwise the preview drawn with the title in the locale's script.
    shareImage: campaign.share.imageUrl
      ? { url: campaign.share.imageUrl, size: null }
      : { url: campaignShareImageUrl(context.env.PUBLIC_BASE_URL, locale, campaign), size: SHARE_IMAGE_SIZE },
  };
}

export default function CampaignLanding() {
  const { campaign, listsHotlines, machineDrafted, sections, phoneDisplay, shareUrl } = useLoaderData<typeof loader>();
  const { strings } = useLocale();
  return (
    <PhoneDisplayProvider display={phoneDisplay}>
      {machineDrafted ? <MachineDraftedNotice /> : null}
      <CampaignHero hero={campaign.hero} />
      <SectionList sections={campaign.sections} context={sections} />
      {listsHotlines ? null : (
        <HotlineBlock
          id="hotlines"
          heading={strings.hotlinesTitle}
          intro={strings.hotlinesIntro}
          countries={campaign.countries}
          hotlines={sections.hotlines}
        />
      )}
      <CampaignPageList campaignSlug={campaign.slug} pages={campaign.pages} />
      <ShareBlock campaign={campaign} url={shareUrl} />
    </PhoneDisplayProvider>
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
    imageUrl: data.shareImage.url,
    image: data.shareImage.size ? { ...data.shareImage.size, alt: campaign.title } : null,
  });
};

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
