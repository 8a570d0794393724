/** `/:lang/:campaign/:page`: one page of a campaign, with the campaign's other pages below. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CampaignPageList } from "~/components/campaign-parts";
import { errorPageMeta, GeneralErrorBoundary } from "~/components/error-boundary";
import { MachineDraftedNotice } from "~/components/notices";
import { PhoneDisplayProvider } from "~/components/phone-number-text";
import { SectionList } from "~/components/sections/section-list";
import { isMachineDrafted, requireCampaign, sectionContext, sectionHotlines } from "~/http/campaign-content.server";
import { STATIC_PAGE_HANDLE } from "~/http/hydration";
import { hotlineNumbers, phoneDisplayFor } from "~/http/phone-display.server";
import { notFound, orServiceUnavailable } from "~/http/route-errors";
import { localeParam, parseParamsOr404, slugParam } from "~/http/route-params";
import { pageMeta, siteFromMatches } from "~/http/seo";
import { campaignShareImageUrl } from "~/http/share-image.server";
import { SHARE_IMAGE_SIZE } from "~/sharing/share-image-size";
import { campaignPagePath, campaignPath } from "~/http/site-urls";
import { todayIsoDate } from "~/http/today";

export const handle = STATIC_PAGE_HANDLE;

const ParamsSchema = z.object({ lang: localeParam, campaign: slugParam, page: slugParam });

export async function loader({ params, context }: LoaderFunctionArgs) {
  const { lang: locale, campaign: slug, page: pageSlug } = parseParamsOr404(ParamsSchema, params);
  const today = todayIsoDate(context.now());
  const [campaign, page] = await Promise.all([
    requireCampaign(context, locale, slug, today),
    orServiceUnavailable(context.content.page(locale, slug, pageSlug, today)),
  ]);
  if (!page) notFound();
  const hotlines = await sectionHotlines(context, locale, page.sections, campaign);
  const sections = await sectionContext(context, locale, campaign, hotlines);
  return {
    locale,
    campaign: {
      slug: campaign.slug,
      title: campaign.title,
      locales: campaign.locales,
      fallbackLocale: campaign.fallbackLocale,
      // The campaign's preview: an uploaded share image, else the one drawn with its title.
      shareImageUrl: campaign.share.imageUrl ?? campaignShareImageUrl(context.env.PUBLIC_BASE_URL, locale, campaign),
      shareImageDrawn: !campaign.share.imageUrl,
      otherPages: campaign.pages.filter((other) => other.slug !== page.slug),
    },
    page,
    machineDrafted: isMachineDrafted(campaign),
    sections,
    phoneDisplay: phoneDisplayFor([...hotlineNumbers(hotlines), sections.subscribe.number]),
  };
}

export default function CampaignPage() {
  const { locale, campaign, page, machineDrafted, sections, phoneDisplay } = useLoaderData<typeof loader>();
  return (
    <PhoneDisplayProvider display={phoneDisplay}>
      {machineDrafted ? <MachineDraftedNotice /> : null}
      <p>
        <a className="tap" href={campaignPath(locale, campaign.slug)}>
          {campaign.title}
        </a>
      </p>
      <h1>{page.title}</h1>
      <p className="lead">{page.description}</p>
      <SectionList sections={page.sections} context={sections} />
      <CampaignPageList campaignSlug={campaign.slug} pages={campaign.otherPages} />
    </PhoneDisplayProvider>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, params, error, matches }) => {
  if (!data || error) return errorPageMeta(params, error);
  const { campaign, page } = data;
  return pageMeta({
    ...siteFromMatches(matches),
    locale: data.locale,
    title: page.title,
    description: page.description,
    pathFor: (locale) => campaignPagePath(locale, campaign.slug, page.slug),
    locales: campaign.locales,
    xDefault: { locale: campaign.locales.includes(campaign.fallbackLocale) ? campaign.fallbackLocale : campaign.locales[0]! },
    imageUrl: campaign.shareImageUrl,
    image: campaign.shareImageDrawn ? { ...SHARE_IMAGE_SIZE, alt: campaign.title } : null,
  });
};

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
