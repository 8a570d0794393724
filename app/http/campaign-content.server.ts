/**
 * Content a campaign's landing page and its pages share: the campaign (or a 404), the hotlines of
 * every country their sections show, and how to subscribe by SMS.
 */
import { hotlineCountries } from "~/components/sections/hotline-countries";
import type { SectionContext } from "~/components/sections/section-context";
import type { ContentSource } from "~/content/content-source";
import type { Campaign, Hotline, Section } from "~/content/schemas";
import type { Locale } from "~/i18n/locales";
import { notFound, orFallback, orServiceUnavailable } from "./route-errors";

/** The content reads these helpers make (a route passes its load context). */
export interface CampaignContentServices {
  content: Pick<ContentSource, "campaign" | "hotlines" | "siteSettings">;
}

export async function requireCampaign(context: CampaignContentServices, locale: Locale, slug: string, today: string): Promise<Campaign> {
  const campaign = await orServiceUnavailable(context.content.campaign(locale, slug, today));
  if (!campaign) notFound();
  return campaign;
}

/** Hotlines for the sections' hotline blocks, plus `alsoCountries` (one query, cached). */
export async function sectionHotlines(
  context: CampaignContentServices,
  locale: Locale,
  sections: readonly Section[],
  campaign: Campaign,
  alsoCountries: readonly string[] = [],
): Promise<Hotline[]> {
  const countries = [...new Set([...hotlineCountries(sections, campaign.countries), ...alsoCountries])];
  // An empty list would mean "every country" to the content source.
  if (countries.length === 0) return [];
  return orServiceUnavailable(context.content.hotlines(locale, countries));
}

/** What the sections need besides their own fields. */
export async function sectionContext(
  context: CampaignContentServices,
  locale: Locale,
  campaign: Campaign,
  hotlines: readonly Hotline[],
): Promise<SectionContext> {
  const settings = campaign.sms?.number ? null : await orFallback(context.content.siteSettings(locale), null);
  return {
    campaignSlug: campaign.slug,
    campaignCountries: campaign.countries,
    pages: campaign.pages.map(({ slug, title }) => ({ slug, title })),
    hotlines,
    subscribe: {
      keyword: campaign.sms?.keyword ?? null,
      number: campaign.sms?.number ?? settings?.smsNumber ?? null,
    },
  };
}

export function isMachineDrafted(campaign: Campaign): boolean {
  return campaign.reviewStatus === "machine-drafted";
}
