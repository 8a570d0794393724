/**
 * The content one inbound message may need (regions, hotlines, country default languages,
 * campaign keywords), read through the content source and remembered for the message.
 *
 * `prefetch` runs before the database transaction opens: with the Sanity backend a cache miss
 * is a network round trip, and holding a transaction (on PGlite: the only connection) open for
 * it would stall every other message. Inside the transaction the same calls then resolve from
 * memory; anything not prefetched is still fetched on demand.
 *
 * Content never fails a message. The content source already serves anything it has cached when
 * its backend fails; when nothing is cached (Sanity down right after a restart), each read here
 * resolves to an empty answer (no regions, no hotlines, no country default, no campaign keyword)
 * and the conversation answers from the built-in texts. Twilio does not retry a failed webhook
 * (unless a fallback URL is set), so an error would lose the message, not delay it.
 */
import type { ContentSource } from "~/content/content-source";
import type { Hotline } from "~/content/schemas";
import { LOCALES, isLocale, type Locale } from "~/i18n/locales";
import { normalizeKeyword } from "~/i18n/keyword-normalize";
import { sortRegionsByName, type RegionOption } from "./menus";

export interface ConversationContent {
  /** The country's default locale from site settings (`defaultLocaleByCountry`), if any. */
  defaultLocaleFor(country: string | null): Promise<Locale | null>;
  /** The destination countries the settings offer in menus (empty without content). */
  destinations(): Promise<string[]>;
  /** The country's regions with names in `locale`, sorted by name. */
  regions(locale: Locale, country: string): Promise<RegionOption[]>;
  /** Every hotline with texts in `locale`. */
  hotlines(locale: Locale): Promise<Hotline[]>;
  /**
   * The slug of the live campaign whose SMS keyword this text is, if any. When several share the
   * keyword, one for the sender's country wins, then the one that started last.
   */
  campaignForKeyword(text: string, country: string | null): Promise<string | null>;
  /** Warms what a message will probably need. */
  prefetch(needs: { locales: readonly Locale[]; campaignKeywords: boolean }): Promise<void>;
  /** True when something this message read could not be loaded and an empty answer stood in. */
  unavailable(): boolean;
}

export function createConversationContent(content: ContentSource, today: string): ConversationContent {
  const memo = new Map<string, Promise<unknown>>();
  let failed = false;
  /**
   * One load per key and message. A failed load gives `empty`, remembered for the rest of the
   * message (one backend timeout per message, not one per read). The content source logs the
   * outage itself, once per failure streak.
   */
  function remember<T>(key: string, load: () => Promise<T>, empty: T): Promise<T> {
    let pending = memo.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = load().catch(() => {
        failed = true;
        return empty;
      });
      memo.set(key, pending);
    }
    return pending;
  }

  const settings = () => remember("settings", () => content.siteSettings("en"), null);
  const allRegions = (locale: Locale) => remember(`regions:${locale}`, () => content.regions(locale), []);
  const hotlines = (locale: Locale) => remember(`hotlines:${locale}`, () => content.hotlines(locale), []);
  const campaignKeywords = () =>
    remember("campaign-keywords", () => loadCampaignKeywords(content, today), new Map<string, KeywordCampaign[]>());

  return {
    async defaultLocaleFor(country) {
      if (!country) return null;
      const found = (await settings())?.defaultLocaleByCountry.find((entry) => entry.country === country)?.locale;
      return found && isLocale(found) ? found : null;
    },
    async destinations() {
      return [...((await settings())?.destinations ?? [])];
    },
    async regions(locale, country) {
      const regions = (await allRegions(locale)).filter((region) => region.country === country);
      return sortRegionsByName(
        regions.map(({ code, name }) => ({ code, name })),
        locale,
      );
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
      await Promise.all(loads);
    },
    unavailable: () => failed,
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
