/**
 * The content source the microsites read: one backend (Sanity or the local dataset) plus an
 * in-memory cache (TTL, request coalescing, stale-if-error) and per-document zod validation.
 * Pages never see an error for a bad document (it is skipped and logged); only a failing backend
 * with nothing cached raises `ContentUnavailableError` (a 503 page).
 */
import type { z } from "zod";
import type { Env } from "~/env.server";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import type { Logger } from "~/lib/logger.server";
import { broadcastDocumentSchema, sequenceDocumentSchema } from "./broadcast-schemas";
import { createContentBackend, type ContentBackend, type ContentBackendEnv } from "./content-backend.server";
import { createContentCache, type LoadOutcome } from "./content-cache.server";
import { ContentUnavailableError } from "./content-errors";
import type { ContentSource, ContentStatus } from "./content-source";
import { parseDocuments, type ContentProblem } from "./parse-documents.server";
import {
  BROADCASTS_QUERY,
  CAMPAIGN_BY_SLUG_QUERY,
  HOTLINES_QUERY,
  LIVE_CAMPAIGNS_QUERY,
  PAGE_BY_SLUG_QUERY,
  REGIONS_QUERY,
  SEQUENCES_QUERY,
  SITE_SETTINGS_QUERY,
  SITEMAP_QUERY,
  SMS_KEYWORDS_QUERY,
  SMS_REPLIES_QUERY,
  localeParams,
} from "./queries";
import {
  campaignSchema,
  campaignSummarySchema,
  hotlineSchema,
  pageSchema,
  regionSchema,
  siteSettingsSchema,
  sitemapEntrySchema,
  smsKeywordDocumentSchema,
  smsRepliesDocumentSchema,
} from "./schemas";
import { keywordsFromDocuments, replyOverridesFromDocument } from "./sms-content";

export type ContentSourceEnv = ContentBackendEnv & Pick<Env, "CONTENT_CACHE_TTL_SECONDS" | "isProduction">;

export interface ContentSourceOptions {
  env: ContentSourceEnv;
  logger: Logger;
  /** Defaults to the backend the configuration asks for. */
  backend?: ContentBackend;
  /** Told about every skipped document or element, besides the log (`campaigns:check` collects them). */
  onProblem?: (problem: ContentProblem) => void;
}

/** Keys include slugs from URLs; the bound keeps junk URLs from growing memory. */
const MAX_CACHE_ENTRIES = 2_000;
/** During an outage, how long stale content is served before the backend is tried again. */
const MAX_ERROR_BACKOFF_MS = 5_000;
/** Problems already logged (until the next invalidation), so a bad document warns once, not per request. */
const MAX_REMEMBERED_PROBLEMS = 1_000;

/** A short, content-free description of a backend failure (@sanity/client errors carry `statusCode`). */
function describeError(error: unknown): string {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  const prefix = typeof status === "number" ? `HTTP ${status} ` : "";
  const text = prefix + (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

export function createContentSource(options: ContentSourceOptions): ContentSource {
  const { env } = options;
  const backend = options.backend ?? createContentBackend(env);
  const logger = options.logger.child({ module: "content", backend: backend.name });
  const state: ContentStatus & { failing: boolean } = {
    backend: backend.name,
    ok: true,
    servingStale: false,
    lastSuccessAt: null,
    lastError: null,
    failing: false,
  };
  const reportedProblems = new Set<string>();

  function report(problem: ContentProblem): void {
    options.onProblem?.(problem);
    const signature = JSON.stringify([problem._id, problem.element, problem.problem]);
    if (reportedProblems.has(signature)) return;
    if (reportedProblems.size >= MAX_REMEMBERED_PROBLEMS) reportedProblems.clear();
    reportedProblems.add(signature);
    logger.warn(problem, problem.element ? "skipped invalid content element" : "skipped invalid content document");
  }

  function onLoad(outcome: LoadOutcome): void {
    if (outcome.ok) {
      if (state.failing) logger.info("content backend recovered");
      Object.assign(state, { ok: true, servingStale: false, failing: false, lastSuccessAt: new Date().toISOString() });
      return;
    }
    const message = describeError(outcome.error);
    // Once per failure streak: an outage must not produce one error line per request.
    if (!state.failing) {
      logger.error({ error: message, servingStale: outcome.servedStale }, "content backend failed");
    }
    Object.assign(state, { failing: true, ok: outcome.servedStale, servingStale: outcome.servedStale, lastError: message });
  }

  const ttlMs = env.CONTENT_CACHE_TTL_SECONDS * 1000;
  const cache = createContentCache({
    ttlMs,
    errorBackoffMs: Math.min(ttlMs, MAX_ERROR_BACKOFF_MS),
    maxEntries: MAX_CACHE_ENTRIES,
    onLoad,
  });

  async function documents<S extends z.ZodObject>(
    name: string,
    query: string,
    params: Record<string, unknown>,
    schema: S,
    lists?: readonly string[],
  ): Promise<z.output<S>[]> {
    const key = `${name} ${JSON.stringify(params)}`;
    try {
      return await cache.get(key, async () =>
        parseDocuments(await backend.fetch(query, params), schema, { query: name, lists, report }),
      );
    } catch (error) {
      throw new ContentUnavailableError(backend.name, { cause: error });
    }
  }

  const source: ContentSource = {
    backend: backend.name,

    async siteSettings(locale) {
      const found = await documents("siteSettings", SITE_SETTINGS_QUERY, localeParams(locale), siteSettingsSchema, [
        "defaultLocaleByCountry",
      ]);
      return found[0] ?? null;
    },

    liveCampaigns(locale, today) {
      return documents("liveCampaigns", LIVE_CAMPAIGNS_QUERY, { ...localeParams(locale), today }, campaignSummarySchema);
    },

    async campaign(locale, slug, today) {
      const found = await documents(
        "campaign",
        CAMPAIGN_BY_SLUG_QUERY,
        { ...localeParams(locale), today, slug },
        campaignSchema,
        ["sections", "pages"],
      );
      return found[0] ?? null;
    },

    async page(locale, campaignSlug, pageSlug, today) {
      const found = await documents(
        "page",
        PAGE_BY_SLUG_QUERY,
        { ...localeParams(locale), today, slug: campaignSlug, page: pageSlug },
        pageSchema,
        ["sections"],
      );
      return found[0] ?? null;
    },

    hotlines(locale, countries = []) {
      const params = {
        ...localeParams(locale),
        // Sorted and unique, so the same set of countries shares one cache entry.
        countries: [...new Set(countries)].sort(),
        // A production site never serves sample hotlines (their numbers reach nobody).
        includeSample: !env.isProduction,
      };
      return documents("hotlines", HOTLINES_QUERY, params, hotlineSchema, ["regions"]);
    },

    regions(locale) {
      return documents("regions", REGIONS_QUERY, localeParams(locale), regionSchema);
    },

    sitemap(today) {
      return documents("sitemap", SITEMAP_QUERY, { today }, sitemapEntrySchema);
    },

    async smsKeywords() {
      return keywordsFromDocuments(await documents("smsKeywords", SMS_KEYWORDS_QUERY, {}, smsKeywordDocumentSchema));
    },

    async smsReplyOverrides() {
      const [found] = await documents("smsReplies", SMS_REPLIES_QUERY, {}, smsRepliesDocumentSchema);
      return found ? replyOverridesFromDocument(found) : {};
    },

    broadcasts() {
      return documents("broadcasts", BROADCASTS_QUERY, {}, broadcastDocumentSchema);
    },

    sequences() {
      // A step without fallback-locale text is dropped on its own; the rest of the sequence runs.
      return documents("sequences", SEQUENCES_QUERY, {}, sequenceDocumentSchema, ["steps"]);
    },

    async servesSampleData() {
      if (env.isProduction) return false;
      return (await source.hotlines(DEFAULT_LOCALE)).some((hotline) => hotline.isSample);
    },

    invalidate() {
      cache.invalidate();
      backend.invalidate?.();
      reportedProblems.clear();
    },

    status() {
      const { failing: _failing, ...status } = state;
      return status;
    },
  };
  return source;
}
