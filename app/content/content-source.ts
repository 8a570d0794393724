/**
 * What the microsites ask of content. Two backends implement the raw GROQ fetch (Sanity Content
 * Lake, or the local dataset through groq-js); `createContentSource` in content-source.server.ts
 * adds caching, stale-if-error, a stored snapshot to fall back on after a restart, and
 * per-document zod validation on top.
 */
import type { BroadcastDocument, SequenceDocument } from "~/broadcasts/broadcast-spec";
import type { ExtraKeyword } from "~/i18n/keywords";
import type { Locale } from "~/i18n/locales";
import type { Campaign, CampaignSummary, Hotline, Mission, Page, Region, SiteSettings, SitemapEntry } from "./schemas";

export interface ContentStatus {
  backend: "sanity" | "local";
  /** False when the last fetch failed and nothing is cached or stored to fall back on. */
  ok: boolean;
  /** True while stale content is being served because the backend is failing. */
  servingStale: boolean;
  /** True while some of that stale content comes from the stored snapshot (older than memory can be). */
  servingSnapshot: boolean;
  lastSuccessAt: string | null;
  lastError: string | null;
  /** The stored copy of the content (Sanity backend only; null for the local dataset). */
  snapshot: SnapshotStatus | null;
}

/** What a process knows of the stored copy of the content (docs/decisions/012-content-snapshot.md). */
export interface SnapshotStatus {
  /**
   * `unknown` until this process has read or refreshed it; `stored` when a good copy exists;
   * `missing`, `corrupt` (not served) or `unreadable` (database error) after a read for serving.
   */
  state: "unknown" | "stored" | "missing" | "corrupt" | "unreadable";
  /** When the stored content was fetched from the Content Lake and written. */
  savedAt: string | null;
  /** When a process last found the Content Lake still holding exactly this content. */
  checkedAt: string | null;
  /** Seconds since `checkedAt`: how old the content served from the copy may be. */
  ageSeconds: number | null;
  documents: number | null;
  bytes: number | null;
  /** Why the copy could not be used (`corrupt`, `unreadable`); never content. */
  error: string | null;
  /** Why the last background refresh did not store the content (fetch, size or database failure). */
  refreshError: string | null;
}

export interface ContentSource {
  readonly backend: "sanity" | "local";
  siteSettings(locale: Locale): Promise<SiteSettings | null>;
  /** Campaigns with status live, publishing `locale`, within their dates on `today` (YYYY-MM-DD). */
  liveCampaigns(locale: Locale, today: string): Promise<CampaignSummary[]>;
  /** A live campaign that publishes `locale`, with its landing sections and page list; else null. */
  campaign(locale: Locale, slug: string, today: string): Promise<Campaign | null>;
  page(locale: Locale, campaignSlug: string, pageSlug: string, today: string): Promise<Page | null>;
  /** Hotlines, optionally for some countries, ordered by country, priority, organization. */
  hotlines(locale: Locale, countries?: readonly string[]): Promise<Hotline[]>;
  regions(locale: Locale): Promise<Region[]>;
  /** Volunteer missions running on `today` (YYYY-MM-DD), in the locale. */
  missions(locale: Locale, today: string): Promise<Mission[]>;
  sitemap(today: string): Promise<SitemapEntry[]>;
  /** Keywords added in the Studio (`keyword` documents), added to the built-in lists. */
  smsKeywords(): Promise<ExtraKeyword[]>;
  /** Reply texts from the Studio (`smsReplies`), per locale; keys are the SMS reply keys. */
  smsReplyOverrides(): Promise<Partial<Record<Locale, Record<string, string>>>>;
  /**
   * Published broadcasts whose status is not "draft", every locale's text at once (for the jobs).
   * Invalid ones (no fallback-locale text, unreadable schedule, …) are reported and left out.
   */
  broadcasts(): Promise<BroadcastDocument[]>;
  /** Published sequences, active or not; a step without fallback-locale text is reported and left out. */
  sequences(): Promise<SequenceDocument[]>;
  /**
   * True when the hotlines served include sample entries (numbers that reach nobody), so pages
   * show the "sample content" notice. Always false in production, which never serves them.
   */
  servesSampleData(): Promise<boolean>;
  /** Drops the cache (the Sanity webhook calls this). */
  invalidate(): void;
  status(): ContentStatus;
  /** Stops background work (a snapshot refresh in flight is awaited): call before closing the database. */
  stop(): Promise<void>;
}
