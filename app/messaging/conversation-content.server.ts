/**
 * The content one inbound message may need (regions, hotlines, country default languages,
 * campaign keywords), read through the content source and remembered for the message.
 *
 * `prefetch` runs before the database transaction opens: with the Sanity backend a cache miss
 * is a network round trip, and holding a transaction (on PGlite: the only connection) open for
 * it would stall every other message. Inside the transaction the same calls then resolve from
 * memory; anything not prefetched is still fetched on demand.
 */
import type { ContentSource } from "~/content/content-source";
import type { Hotline } from "~/content/schemas";
import { LOCALES, isLocale, type Locale } from "~/i18n/locales";
import { normalizeKeyword } from "./keyword-normalize";
import { sortRegionsByName, type RegionOption } from "./conversation-menus";

export interface ConversationContent {
  /** The country's default locale from site settings (`defaultLocaleByCountry`), if any. */
  defaultLocaleFor(country: string | null): Promise<Locale | null>;
  /** The country's regions with names in `locale`, sorted by name. */
  regions(locale: Locale, country: string): Promise<RegionOption[]>;
  /** Every hotline with texts in `locale`. */
  hotlines(locale: Locale): Promise<Hotline[]>;
  /**
   * The slug of the live campaign whose SMS keyword this text is, if any. When several share the
   * keyword, one for the sender's country wins, then the one that started last.
   */
  campaignForKeyword(text: string, country: string | null): Promise<string | null>;
  /** Warms what a message will probably need; failures surface later, inside the step. */
  prefetch(needs: { locales: readonly Locale[]; campaignKeywords: boolean }): Promise<void>;
}

export function createConversationContent(content: ContentSource, today: string): ConversationContent {
  const memo = new Map<string, Promise<unknown>>();
  function remember<T>(key: string, load: () => Promise<T>): Promise<T> {
    let pending = memo.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = load();
      memo.set(key, pending);
      // A failed load is not remembered: the step retries it (and fails the transaction if it
      // fails again, so Twilio retries the whole message).
      pending.catch(() => memo.delete(key));
    }
    return pending;
  }

  const settings = () => remember("settings", () => content.siteSettings("en"));
  const allRegions = (locale: Locale) => remember(`regions:${locale}`, () => content.regions(locale));
  const hotlines = (locale: Locale) => remember(`hotlines:${locale}`, () => content.hotlines(locale));
  const campaignKeywords = () => remember("campaign-keywords", () => loadCampaignKeywords(content, today));

  return {
    async defaultLocaleFor(country) {
      if (!country) return null;
      const found = (await settings())?.defaultLocaleByCountry.find((entry) => entry.country === country)?.locale;
      return found && isLocale(found) ? found : null;
    },
    async regions(locale, country) {
      const regions = (await allRegions(locale)).filter((region) => region.country === country);
      return sortRegionsByName(regions.map(({ code, name }) => ({ code, name })), locale);
    },
    hotlines,
    async campaignForKeyword(text, country) {
      const word = normalizeKeyword(text);
      if (!word) return null;
      const candidates = (await campaignKeywords()).get(word) ?? [];
      return (candidates.find((c) => country && c.countries.includes(country)) ?? candidates[0])?.slug ?? null;
    },
    async prefetch(needs) {
      const loads: Array<Promise<unknown>> = [settings()];
      for (const locale of new Set(needs.locales)) loads.push(allRegions(locale), hotlines(locale));
      if (needs.campaignKeywords) loads.push(campaignKeywords());
      await Promise.allSettled(loads);
    },
  };
}

interface KeywordCampaign {
  slug: string;
  countries: readonly string[];
  startDate: string;
}

/**
 * Normalized SMS keyword → the live campaigns using it, latest start first, over live campaigns
 * in every locale they publish. The content source caches each query, so this costs memory
 * lookups after the first message.
 */
async function loadCampaignKeywords(content: ContentSource, today: string): Promise<Map<string, KeywordCampaign[]>> {
  const slugLocale = new Map<string, Locale>();
  const lists = await Promise.all(LOCALES.map(async (locale) => ({ locale, campaigns: await content.liveCampaigns(locale, today) })));
  for (const { locale, campaigns } of lists) {
    for (const campaign of campaigns) if (!slugLocale.has(campaign.slug)) slugLocale.set(campaign.slug, locale);
  }
  const campaigns = await Promise.all([...slugLocale].map(([slug, locale]) => content.campaign(locale, slug, today)));
  const keywords = new Map<string, KeywordCampaign[]>();
  for (const campaign of campaigns) {
    const word = campaign?.sms?.keyword ? normalizeKeyword(campaign.sms.keyword) : "";
    if (!campaign || !word) continue;
    const list = keywords.get(word) ?? [];
    list.push({ slug: campaign.slug, countries: campaign.countries, startDate: campaign.startDate ?? "" });
    keywords.set(word, list);
  }
  for (const list of keywords.values()) list.sort((a, b) => b.startDate.localeCompare(a.startDate) || a.slug.localeCompare(b.slug));
  return keywords;
}
