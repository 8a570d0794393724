/**
 * The content source the microsites read: one backend (Sanity or the local dataset) plus an
 * in-memory cache (TTL, request coalescing, stale-if-error), for Sanity a stored snapshot of the
 * published content to fall back on when memory has nothing (a restart during an outage), and
 * per-document zod validation. Pages never see an error for a bad document (it is skipped and
 * logged); only a failing backend with nothing cached or stored raises `ContentUnavailableError`
 * (a 503 page).
 */
import type { z } from "zod";
import type { Env } from "~/env.server";
import { DEFAULT_LOCALE } from "~/i18n/locales";
import { describeErrorFacts, errorFacts } from "~/lib/log-error.server";
import type { Logger } from "~/lib/logger.server";
import { broadcastDocumentSchema, sequenceDocumentSchema } from "./broadcast-schemas";
import { createContentBackend, type ContentBackend, type ContentBackendEnv } from "./content-backend.server";
import { createContentCache, SlowLoadError, type CacheFallback, type LoadOutcome } from "./content-cache.server";
import { BackendPausedError, ContentUnavailableError } from "./content-errors";
import type { ContentSnapshotStore } from "./content-snapshot-store.server";
import { createContentSnapshots, type ContentSnapshots } from "./content-snapshots.server";
import type { ContentSource, ContentStatus } from "./content-source";
import { parseDocuments, type ContentProblem } from "./parse-documents.server";
import {
  BROADCASTS_QUERY,
  CAMPAIGN_BY_SLUG_QUERY,
  HOTLINES_QUERY,
  LIVE_CAMPAIGNS_QUERY,
  PAGE_BY_SLUG_QUERY,
  REGIONS_QUERY,
  MISSIONS_QUERY,
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
  missionSchema,
  sitemapEntrySchema,
  smsKeywordDocumentSchema,
  smsRepliesDocumentSchema,
} from "./schemas";
import { keywordsFromDocuments, replyOverridesFromDocument } from "./sms-content";

export type ContentSourceEnv = ContentBackendEnv & Pick<Env, "CONTENT_CACHE_TTL_SECONDS" | "isProduction">;

/** The stored snapshot's settings; only the store is required. */
export interface ContentSnapshotOptions {
  store: ContentSnapshotStore;
  refreshIntervalMs?: number;
  minRefreshGapMs?: number;
  maxBytes?: number;
}

export interface ContentSourceOptions {
  env: ContentSourceEnv;
  logger: Logger;
  /** Defaults to the backend the configuration asks for. */
  backend?: ContentBackend;
  /** Told about every skipped document or element, besides the log (`campaigns:check` collects them). */
  onProblem?: (problem: ContentProblem) => void;
  /**
   * Where the last good content is stored for a restart during an outage (the database). Used with
   * the Sanity backend only: the local dataset is already on disk.
   */
  snapshot?: ContentSnapshotOptions;
  /** The clock of cache lifetimes, back-offs and snapshot times; default the system clock. */
  now?: () => Date;
}

/** Keys include slugs from URLs; the bound keeps junk URLs from growing memory. */
const MAX_CACHE_ENTRIES = 2_000;
/** During an outage, how long stale content is served before the backend is tried again. */
const MAX_ERROR_BACKOFF_MS = 5_000;
/**
 * How long a reader waits for the Content Lake when stale or stored content could answer instead:
 * its API answers in well under a second, while a hanging one takes the client's timeout times its
 * attempts (15 s) to fail.
 */
const SLOW_BACKEND_MS = 2_000;
/** Problems already logged (until the next invalidation), so a bad document warns once, not per request. */
const MAX_REMEMBERED_PROBLEMS = 1_000;

/**
 * A short description of a backend failure for `status().lastError` (/healthz): "HTTP 500
 * ServerError", "TypeError ECONNREFUSED". From errorFacts, so never a message: a failed query's
 * message can quote its parameters (slugs typed into URLs).
 */

export function createContentSource(options: ContentSourceOptions): ContentSource {
  const { env } = options;
  const now = options.now ?? (() => new Date());
  const backend = options.backend ?? createContentBackend(env);
  const logger = options.logger.child({ module: "content", backend: backend.name });
  const snapshots: ContentSnapshots | null =
    options.snapshot && backend.name === "sanity"
      ? createContentSnapshots({
          ...options.snapshot,
          source: `sanity:${env.SANITY_PROJECT_ID ?? ""}:${env.SANITY_DATASET}`,
          backend,
          logger: options.logger,
          now,
        })
      : null;
  const state: Omit<ContentStatus, "snapshot"> & { failing: boolean } = {
    backend: backend.name,
    ok: true,
    servingStale: false,
    servingSnapshot: false,
    lastSuccessAt: null,
    lastError: null,
    failing: false,
  };
  /** Until when loads skip the backend (only with a snapshot to answer from). */
  let backendPausedUntil = 0;
  const reportedProblems = new Set<string>();

  function report(problem: ContentProblem): void {
    options.onProblem?.(problem);
    const signature = JSON.stringify([problem._id, problem.element, problem.problem]);
    if (reportedProblems.has(signature)) return;
    if (reportedProblems.size >= MAX_REMEMBERED_PROBLEMS) reportedProblems.clear();
    reportedProblems.add(signature);
    logger.warn(problem, problem.element ? "skipped invalid content element" : "skipped invalid content document");
  }

  const ttlMs = env.CONTENT_CACHE_TTL_SECONDS * 1000;
  const errorBackoffMs = Math.min(ttlMs, MAX_ERROR_BACKOFF_MS);

  function onLoad(outcome: LoadOutcome): void {
    if (outcome.ok) {
      if (state.failing) logger.info("content backend recovered");
      Object.assign(state, { ok: true, servingStale: false, servingSnapshot: false, failing: false, lastSuccessAt: now().toISOString() });
      snapshots?.noteBackendSuccess();
      return;
    }
    const served = outcome.served !== null;
    const fromSnapshot = outcome.served === "fallback" || (state.servingSnapshot && served);
    if (outcome.error instanceof BackendPausedError) {
      Object.assign(state, { ok: served, servingStale: served, servingSnapshot: fromSnapshot });
      return;
    }
    if (snapshots) backendPausedUntil = now().getTime() + errorBackoffMs;
    const facts = errorFacts(outcome.error);
    // A slow load is still running: its real outcome comes later and may be a success.
    const message = outcome.error instanceof SlowLoadError ? `no answer within ${outcome.error.waitedMs} ms` : describeErrorFacts(facts);
    // Once per failure streak: an outage must not produce one error line per request.
    if (!state.failing) {
      logger.error({ error: facts, servingStale: served, fromSnapshot }, "content backend failed");
    }
    Object.assign(state, { failing: true, ok: served, servingStale: served, servingSnapshot: fromSnapshot, lastError: message });
  }

  const cache = createContentCache({
    ttlMs,
    errorBackoffMs,
    maxEntries: MAX_CACHE_ENTRIES,
    onLoad,
    now: () => now().getTime(),
    // Local files answer at once; only the network is worth not waiting for.
    slowLoadMs: backend.name === "sanity" ? SLOW_BACKEND_MS : undefined,
  });

  async function documents<S extends z.ZodObject>(
    name: string,
    query: string,
    params: Record<string, unknown>,
    schema: S,
    lists?: readonly string[],
    // Broadcasts and sequences are not in the snapshot (see CONTENT_SNAPSHOT_QUERY).
    from: { snapshot: boolean } = { snapshot: true },
  ): Promise<z.output<S>[]> {
    const key = `${name} ${JSON.stringify(params)}`;
    const parse = (result: unknown) => parseDocuments(result, schema, { query: name, lists, report });
    const fallback: CacheFallback<z.output<S>[]> | undefined =
      snapshots && from.snapshot
        ? async () => {
            const result = await snapshots.query(query, params);
            return result === undefined ? undefined : parse(result);
          }
        : undefined;
    try {
      return await cache.get(
        key,
        async () => {
          if (fallback && now().getTime() < backendPausedUntil) throw new BackendPausedError();
          return parse(await backend.fetch(query, params));
        },
        fallback,
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
      const found = await documents("campaign", CAMPAIGN_BY_SLUG_QUERY, { ...localeParams(locale), today, slug }, campaignSchema, [
        "sections",
        "pages",
      ]);
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

    missions(locale, today) {
      return documents("missions", MISSIONS_QUERY, { ...localeParams(locale), today }, missionSchema);
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
      return documents("broadcasts", BROADCASTS_QUERY, {}, broadcastDocumentSchema, undefined, { snapshot: false });
    },

    sequences() {
      // A step without fallback-locale text is dropped on its own; the rest of the sequence runs.
      return documents("sequences", SEQUENCES_QUERY, {}, sequenceDocumentSchema, ["steps"], { snapshot: false });
    },

    async servesSampleData() {
      if (env.isProduction) return false;
      return (await source.hotlines(DEFAULT_LOCALE)).some((hotline) => hotline.isSample);
    },

    invalidate() {
      cache.invalidate();
      backend.invalidate?.();
      reportedProblems.clear();
      snapshots?.noteContentChanged();
    },

    status() {
      const { failing: _failing, ...status } = state;
      return { ...status, snapshot: snapshots?.status() ?? null };
    },

    async stop() {
      await snapshots?.stop();
    },
  };
  return source;
}
