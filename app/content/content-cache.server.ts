/**
 * An in-memory cache for query results with a time to live, request coalescing and
 * stale-if-error:
 * - a fresh entry is returned without asking the backend;
 * - concurrent requests for the same key while it loads share one load;
 * - when a load fails, the last good value for that key is returned (however old) and asked for
 *   again only after a short back-off; only when there is none does the failure reach the caller.
 * `invalidate()` makes every entry stale but keeps it as a fallback, so a webhook followed by a
 * Content Lake outage still serves the last good content rather than an error page.
 */

export type LoadOutcome =
  | { ok: true }
  | { ok: false; error: unknown; servedStale: boolean };

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
}

export interface ContentCache {
  get<T>(key: string, load: () => Promise<T>): Promise<T>;
  invalidate(): void;
}

interface Entry {
  value: unknown;
  loadedAt: number;
  /** The invalidation generation the load started in; older generations are stale. */
  generation: number;
  /** Set when a later load failed: served without asking until then (same generation only). */
  backoff?: { until: number; generation: number };
}

export function createContentCache(options: ContentCacheOptions): ContentCache {
  const entries = new Map<string, Entry>();
  const loading = new Map<string, Promise<unknown>>();
  let generation = 0;

  function isFresh(entry: Entry): boolean {
    const now = Date.now();
    if (entry.backoff && entry.backoff.generation === generation && now < entry.backoff.until) return true;
    return entry.generation === generation && now - entry.loadedAt < options.ttlMs;
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

  async function load(key: string, loader: () => Promise<unknown>, startedIn: number): Promise<unknown> {
    try {
      const value = await loader();
      remember(key, { value, loadedAt: Date.now(), generation: startedIn });
      options.onLoad({ ok: true });
      return value;
    } catch (error) {
      const stale = entries.get(key);
      options.onLoad({ ok: false, error, servedStale: stale !== undefined });
      if (!stale) throw error;
      stale.backoff = { until: Date.now() + options.errorBackoffMs, generation: startedIn };
      return stale.value;
    }
  }

  return {
    get<T>(key: string, loader: () => Promise<T>): Promise<T> {
      const entry = entries.get(key);
      if (entry && isFresh(entry)) {
        // Re-insert so the map's order tracks recent use.
        entries.delete(key);
        entries.set(key, entry);
        return Promise.resolve(entry.value as T);
      }
      let pending = loading.get(key);
      if (!pending) {
        const started = load(key, loader, generation).finally(() => {
          if (loading.get(key) === started) loading.delete(key);
        });
        loading.set(key, started);
        pending = started;
      }
      return pending as Promise<T>;
    },
    invalidate() {
      generation += 1;
      // Requests after an invalidation must not join a load that may return older content.
      loading.clear();
    },
  };
}
