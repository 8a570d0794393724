/**
 * An in-memory cache for query results with a time to live, request coalescing and
 * stale-if-error:
 * - a fresh entry is returned without asking the backend;
 * - concurrent requests for the same key while it loads share one load;
 * - when a load fails, the last good value for that key is returned (however old) and asked for
 *   again only after a short back-off; when there is none, the caller's fallback (the stored copy of
 *   the content) is asked and, if it answers, kept like a stale value; only when neither has
 *   anything does the failure reach the caller;
 * - a load slower than `slowLoadMs` is not waited for when there is something to answer with (a
 *   stale value or the fallback's): the reader gets that, and the load goes on in the background.
 * `invalidate()` makes every entry stale but keeps it as a fallback, so a webhook followed by a
 * Content Lake outage still serves the last good content rather than an error page.
 */

/** Where a failed load's answer came from: memory, the fallback, or nowhere (the caller gets the error). */
export type StaleSource = "memory" | "fallback" | null;

export type LoadOutcome = { ok: true } | { ok: false; error: unknown; served: StaleSource };

export interface ContentCacheOptions {
  ttlMs: number;
  /**
   * After a failed load that fell back to a stale value, that value counts as fresh for this long,
   * so during an outage one request per key pays the backend's timeout, not every request.
   */
  errorBackoffMs: number;
  /** Bound on keys (slugs come from URLs, so keys are unbounded otherwise); least recently used go first. */
  maxEntries: number;
  /** Told about every completed load, for status and logging. */
  onLoad(outcome: LoadOutcome): void;
  /** Milliseconds since the epoch; default `Date.now`. */
  now?: () => number;
  /**
   * How long a reader waits for a load when a stale or fallback value could answer instead (a
   * backend timing out takes its timeout times its attempts to fail). Unset: wait for the load.
   */
  slowLoadMs?: number;
}

/** Reported (through `onLoad`) when a load was not waited for because it was slow. */
export class SlowLoadError extends Error {
  constructor(readonly waitedMs: number) {
    super(`no answer within ${waitedMs} ms`);
    this.name = "SlowLoadError";
  }
}

/** Answers a key whose load failed with nothing in memory; `undefined` when it has nothing either. Must not throw. */
export type CacheFallback<T> = () => Promise<T | undefined>;

export interface ContentCache {
  get<T>(key: string, load: () => Promise<T>, fallback?: CacheFallback<T>): Promise<T>;
  invalidate(): void;
}

interface Entry {
  value: unknown;
  loadedAt: number;
  /** The invalidation generation the load started in; older generations are stale. */
  generation: number;
  /** Set when a later load failed: served without asking until then (same generation only). */
  backoff?: { until: number; generation: number };
  /** The value came from the fallback, not from a load: it is never fresh. */
  fromFallback?: boolean;
}

export function createContentCache(options: ContentCacheOptions): ContentCache {
  const entries = new Map<string, Entry>();
  const loading = new Map<string, Promise<unknown>>();
  /** Running loads already found slow: later readers are not made to wait for them again. */
  const slowLoads = new WeakSet<Promise<unknown>>();
  let generation = 0;
  const clock = options.now ?? Date.now;

  function isFresh(entry: Entry): boolean {
    const now = clock();
    if (entry.backoff && entry.backoff.generation === generation && now < entry.backoff.until) return true;
    return !entry.fromFallback && entry.generation === generation && now - entry.loadedAt < options.ttlMs;
  }

  function remember(key: string, entry: Entry): void {
    const existing = entries.get(key);
    // A load started before an invalidation must not replace one started after it.
    if (existing && existing.generation > entry.generation) return;
    entries.delete(key);
    entries.set(key, entry);
    while (entries.size > options.maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
  }

  async function load(
    key: string,
    loader: () => Promise<unknown>,
    fallback: CacheFallback<unknown> | undefined,
    startedIn: number,
  ): Promise<unknown> {
    try {
      const value = await loader();
      remember(key, { value, loadedAt: clock(), generation: startedIn });
      options.onLoad({ ok: true });
      return value;
    } catch (error) {
      const backoff = () => ({ until: clock() + options.errorBackoffMs, generation: startedIn });
      const stale = entries.get(key);
      if (stale) {
        options.onLoad({ ok: false, error, served: stale.fromFallback ? "fallback" : "memory" });
        stale.backoff = backoff();
        return stale.value;
      }
      const substitute = fallback ? await fallback() : undefined;
      options.onLoad({ ok: false, error, served: substitute === undefined ? null : "fallback" });
      if (substitute === undefined) throw error;
      remember(key, { value: substitute, loadedAt: clock(), generation: startedIn, backoff: backoff(), fromFallback: true });
      return substitute;
    }
  }

  /** The load's outcome, or a stale or fallback value if it is still running after `slowLoadMs`. */
  async function answerWithin(
    key: string,
    pending: Promise<unknown>,
    fallback: CacheFallback<unknown> | undefined,
    ms: number,
  ): Promise<unknown> {
    if (!slowLoads.has(pending)) {
      let timer: NodeJS.Timeout | undefined;
      const slow = Symbol("slow");
      const first = await Promise.race([
        pending.then(
          () => undefined,
          () => undefined,
        ),
        new Promise<typeof slow>((resolve) => {
          timer = setTimeout(() => resolve(slow), ms);
        }),
      ]);
      clearTimeout(timer);
      if (first !== slow) return pending;
    }
    const stale = entries.get(key);
    const substitute = stale ? stale.value : fallback ? await fallback() : undefined;
    if (substitute === undefined) return pending;
    // Kept like a stale value until the running load replaces it (or falls back on it if it fails),
    // and answered without waiting during the back-off.
    const backoff = { until: clock() + options.errorBackoffMs, generation };
    if (stale) stale.backoff = backoff;
    else remember(key, { value: substitute, loadedAt: clock(), generation, backoff, fromFallback: true });
    slowLoads.add(pending);
    options.onLoad({ ok: false, error: new SlowLoadError(ms), served: stale && !stale.fromFallback ? "memory" : "fallback" });
    return substitute;
  }

  return {
    get<T>(key: string, loader: () => Promise<T>, fallback?: CacheFallback<T>): Promise<T> {
      const entry = entries.get(key);
      if (entry && isFresh(entry)) {
        // Re-insert so the map's order tracks recent use.
        entries.delete(key);
        entries.set(key, entry);
        return Promise.resolve(entry.value as T);
      }
      let pending = loading.get(key);
      if (!pending) {
        const started = load(key, loader, fallback, generation).finally(() => {
          if (loading.get(key) === started) loading.delete(key);
        });
        loading.set(key, started);
        // The caller answers from elsewhere if the load is slow; a late failure must not go unhandled.
        started.catch(() => undefined);
        pending = started;
      }
      const hasAlternative = entries.has(key) || fallback !== undefined;
      if (options.slowLoadMs === undefined || !hasAlternative) return pending as Promise<T>;
      return answerWithin(key, pending, fallback, options.slowLoadMs) as Promise<T>;
    },
    invalidate() {
      generation += 1;
      // Requests after an invalidation must not join a load that may return older content.
      loading.clear();
    },
  };
}
