/**
 * The stored copy of the published content (docs/decisions/012-content-snapshot.md), for one
 * content source:
 * - refreshed in the background after successful Content Lake reads: the whole dataset the
 *   queries need (CONTENT_SNAPSHOT_QUERY) is fetched at most once per `refreshIntervalMs` per
 *   process (and not at all when another process checked it that recently), or `minRefreshGapMs`
 *   after a webhook said content changed; it is written only when its hash changed;
 * - read (once, then kept in memory) only when the backend fails with nothing in memory, and
 *   queried with groq-js exactly like the local dataset;
 * - verified before use: a missing, damaged or unreadable copy is reported (log and `/healthz`)
 *   and answers nothing, so the caller shows its usual 503 rather than failing differently.
 * Nothing here runs on a request's path except that one read: no page waits for, or fails
 * because of, a write.
 */
import { describeErrorFacts, errorFacts } from "~/lib/log-error.server";
import type { Logger } from "~/lib/logger.server";
import type { ContentBackend } from "./content-backend.server";
import {
  MAX_SNAPSHOT_BYTES,
  parseStoredSnapshot,
  serializeSnapshot,
  SNAPSHOT_FORMAT,
  snapshotDocuments,
} from "./content-snapshot-format.server";
import type { ContentSnapshotStore, SnapshotMeta } from "./content-snapshot-store.server";
import type { SnapshotStatus } from "./content-source";
import type { RawDocument } from "./local-dataset.server";
import { evaluateGroq } from "./local-backend.server";
import { CONTENT_SNAPSHOT_QUERY } from "./queries";

export interface ContentSnapshotsOptions {
  store: ContentSnapshotStore;
  /** Row key: `sanity:<projectId>:<dataset>`. */
  source: string;
  /** Where the dataset is fetched from (the Content Lake). */
  backend: ContentBackend;
  logger: Logger;
  now: () => Date;
  /** How often an unchanged copy is checked against the Content Lake. */
  refreshIntervalMs?: number;
  /** After a change notice (webhook), the soonest a refresh follows the previous one. */
  minRefreshGapMs?: number;
  /** After the copy could not be read (missing, damaged, database down), the soonest it is read again. */
  rereadAfterMs?: number;
  /** A dataset larger than this (serialized) is not stored; default MAX_SNAPSHOT_BYTES. */
  maxBytes?: number;
}

export interface ContentSnapshots {
  /**
   * The query's result over the stored copy, reading it on first use; `undefined` when there is
   * no usable copy. Never throws.
   */
  query(query: string, params: Record<string, unknown>): Promise<unknown>;
  /** A read from the backend succeeded: refresh the copy in the background if one is due. */
  noteBackendSuccess(): void;
  /** Content changed (the Sanity webhook): refresh sooner than the interval. */
  noteContentChanged(): void;
  status(): SnapshotStatus;
  /** Cancels a scheduled refresh and waits for one in flight (before the database is closed). */
  stop(): Promise<void>;
}

const DEFAULT_REFRESH_INTERVAL_MS = 5 * 60_000;
const DEFAULT_MIN_REFRESH_GAP_MS = 60_000;
const DEFAULT_REREAD_AFTER_MS = 30_000;

/** Why a refresh kept the copy that stands: our own words about the content's shape and size. */
export class SnapshotRefreshError extends Error {
  override name = "SnapshotRefreshError";
}

/** What went wrong, as safe facts: a database error's message would quote the snapshot it was writing. */
function describe(error: unknown): string {
  return describeErrorFacts(errorFacts(error)).slice(0, 200);
}

export function createContentSnapshots(options: ContentSnapshotsOptions): ContentSnapshots {
  const { store, source, backend, now } = options;
  const logger = options.logger.child({ module: "content-snapshot" });
  const refreshIntervalMs = options.refreshIntervalMs ?? DEFAULT_REFRESH_INTERVAL_MS;
  const minRefreshGapMs = options.minRefreshGapMs ?? DEFAULT_MIN_REFRESH_GAP_MS;
  const rereadAfterMs = options.rereadAfterMs ?? DEFAULT_REREAD_AFTER_MS;
  const maxBytes = options.maxBytes ?? MAX_SNAPSHOT_BYTES;

  const status: Omit<SnapshotStatus, "ageSeconds"> = {
    state: "unknown",
    savedAt: null,
    checkedAt: null,
    documents: null,
    bytes: null,
    error: null,
    refreshError: null,
  };

  // Reading (for serving).
  let loaded: RawDocument[] | undefined;
  let reading: Promise<RawDocument[] | undefined> | undefined;
  let lastReadFailureAt: number | undefined;

  // Refreshing (writing).
  let lastCheckAt: number | undefined;
  let changes = 0;
  let refreshedThrough = 0;
  let refreshing: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  function noteMeta(meta: SnapshotMeta): void {
    Object.assign(status, {
      savedAt: meta.savedAt.toISOString(),
      checkedAt: meta.checkedAt.toISOString(),
      documents: meta.documentCount,
      bytes: meta.byteSize,
    });
  }

  function setState(state: SnapshotStatus["state"], error: string | null): void {
    Object.assign(status, { state, error });
  }

  async function read(): Promise<RawDocument[] | undefined> {
    let row;
    try {
      row = await store.read(source);
    } catch (error) {
      setState("unreadable", describe(error));
      logger.error({ error: status.error }, "content snapshot could not be read");
      return undefined;
    }
    if (!row) {
      setState("missing", null);
      logger.warn({ source }, "no stored content snapshot to fall back on");
      return undefined;
    }
    noteMeta(row);
    const parsed = parseStoredSnapshot(row);
    if (!parsed.ok) {
      setState("corrupt", parsed.reason);
      logger.error({ source, problem: parsed.reason }, "stored content snapshot is corrupt: not served");
      return undefined;
    }
    setState("stored", null);
    logger.warn(
      { source, savedAt: status.savedAt, checkedAt: status.checkedAt, documents: row.documentCount },
      "serving content from the stored snapshot",
    );
    return parsed.documents;
  }

  async function storedDocuments(): Promise<RawDocument[] | undefined> {
    if (loaded) return loaded;
    if (!reading) {
      if (lastReadFailureAt !== undefined && now().getTime() - lastReadFailureAt < rereadAfterMs) return undefined;
      reading = read().then((documents) => {
        reading = undefined;
        if (documents) loaded = documents;
        else lastReadFailureAt = now().getTime();
        return documents;
      });
    }
    return reading;
  }

  function msUntilDue(at: number): number {
    if (lastCheckAt === undefined) return 0;
    const gap = changes > refreshedThrough ? minRefreshGapMs : refreshIntervalMs;
    return Math.max(0, lastCheckAt + gap - at);
  }

  function maybeRefresh(): void {
    if (stopped || refreshing) return;
    const wait = msUntilDue(now().getTime());
    if (wait === 0) {
      refreshing = refresh().finally(() => {
        refreshing = undefined;
        // A change noticed while this refresh ran may not be in what it fetched.
        if (changes > refreshedThrough) schedule();
      });
    } else if (changes > refreshedThrough) {
      schedule();
    }
  }

  function schedule(): void {
    if (stopped || timer) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        maybeRefresh();
      },
      Math.max(msUntilDue(now().getTime()), 1_000),
    );
    timer.unref();
  }

  async function refresh(): Promise<void> {
    const startedAt = now();
    const through = changes;
    lastCheckAt = startedAt.getTime();
    try {
      const meta = await store.readMeta(source);
      if (meta) noteMeta(meta);
      const checkedRecently = meta && meta.format === SNAPSHOT_FORMAT && startedAt.getTime() - meta.checkedAt.getTime() < refreshIntervalMs;
      // A copy this process found damaged is replaced now, however recently it was checked.
      if (checkedRecently && through === refreshedThrough && status.state !== "corrupt") {
        // Another process (or this one before a restart) checked it: wait a full interval from then.
        lastCheckAt = meta.checkedAt.getTime();
        return;
      }
      const started = performance.now();
      const fetched = snapshotDocuments(await backend.fetch(CONTENT_SNAPSHOT_QUERY, {}));
      if (!fetched.ok) throw new SnapshotRefreshError(fetched.reason);
      const serialized = serializeSnapshot(fetched.documents);
      if (serialized.byteSize > maxBytes) {
        throw new SnapshotRefreshError(`dataset is ${serialized.byteSize} bytes, more than the ${maxBytes} kept`);
      }
      const unchanged = meta?.contentHash === serialized.hash && (await store.confirm(source, serialized.hash, startedAt));
      if (unchanged) {
        noteMeta({ ...meta, checkedAt: startedAt });
      } else if (await store.save(source, serialized, startedAt)) {
        // What this process may have read for serving is older than what it just stored.
        loaded = undefined;
        noteMeta({ ...serialized, format: SNAPSHOT_FORMAT, contentHash: serialized.hash, savedAt: startedAt, checkedAt: startedAt });
        logger.info(
          { source, documents: serialized.documentCount, bytes: serialized.byteSize, durationMs: Math.round(performance.now() - started) },
          "content snapshot saved",
        );
      } else {
        // Another process stored or checked a copy after this fetch began: that one stands.
        const current = await store.readMeta(source);
        if (current) noteMeta(current);
      }
      // Confirmed (the database re-hashed the row) or just written: either way the row is good now.
      setState("stored", null);
      lastReadFailureAt = undefined;
      refreshedThrough = through;
      status.refreshError = null;
    } catch (error) {
      if (status.refreshError === null) logger.warn({ source, error: describe(error) }, "content snapshot not refreshed");
      status.refreshError = describe(error);
    }
  }

  return {
    async query(query, params) {
      const documents = await storedDocuments();
      if (!documents) return undefined;
      try {
        return await evaluateGroq(query, params, documents);
      } catch (error) {
        logger.error({ error: describe(error) }, "query over the stored content snapshot failed");
        return undefined;
      }
    },

    noteBackendSuccess() {
      maybeRefresh();
    },

    noteContentChanged() {
      changes += 1;
      maybeRefresh();
    },

    status() {
      const checkedAt = status.checkedAt ? Date.parse(status.checkedAt) : null;
      const ageSeconds = checkedAt === null ? null : Math.max(0, Math.round((now().getTime() - checkedAt) / 1000));
      return { ...status, ageSeconds };
    },

    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await refreshing;
    },
  };
}
