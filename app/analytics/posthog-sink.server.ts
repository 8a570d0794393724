/**
 * The optional PostHog sink: the same reach events, anonymous, delivered from our database like
 * an outbox. reach_events is the queue; the cursor "posthog" (reach_cursors) is the last event
 * PostHog confirmed. A run sends the events after it in (tx, id) order (reach-order.server.ts),
 * one batch per request, and
 * moves the cursor only after posthog-node's `flush()` resolved, i.e. after PostHog answered 2xx
 * (decision 021). A failed batch stays queued and goes at a later run; every event carries its
 * own `uuid`, so a batch sent twice (a crash between PostHog's answer and our commit) is one set
 * of events in PostHog.
 *
 * posthog-node is configured so that it does no delivery of its own: a fresh client per batch,
 * no timer (flushInterval 0), no automatic flush (flushAt above the batch), one request per
 * flush (maxBatchSize = batch), no retries (fetchRetryCount 0: the next run retries), and
 * nothing of the person: `$process_person_profile: false`, `$ip: null`, GeoIP off, a distinct id
 * that is the event's own uuid.
 */
import { sql } from "drizzle-orm";
import { PostHog } from "posthog-node";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import type { Env } from "~/env.server";
import { finalRowsAfter, moveCursor, readCursor, type ReachCursor } from "./reach-order.server";

export const POSTHOG_CURSOR = "posthog";
const DEFAULT_BATCH_SIZE = 100;
const DEFAULT_MAX_BATCHES = 50;
const REQUEST_TIMEOUT_MS = 10_000;

export interface PostHogSinkConfig {
  apiKey: string;
  host: string;
  /** Tests: plain JSON bodies are easier to read in the fake. */
  disableCompression?: boolean;
}

export function postHogSinkConfig(env: Pick<Env, "POSTHOG_API_KEY" | "POSTHOG_HOST">): PostHogSinkConfig | null {
  return env.POSTHOG_API_KEY ? { apiKey: env.POSTHOG_API_KEY, host: env.POSTHOG_HOST } : null;
}

export interface DeliverToPostHogSummary {
  delivered: number;
  batches: number;
  /** A batch PostHog did not accept (it stays queued for the next run). */
  failedBatches: number;
  cursor: ReachCursor;
}

interface QueuedEvent {
  tx: string;
  id: string;
  uuid: string;
  occurred_at: string | Date;
  event: string;
  campaign: string;
  country: string;
  region: string;
  locale: string;
  channel: string;
  detail: string;
  page: string;
  hotline_id: string;
}

/** Sends one batch; true only when posthog-node saw PostHog accept all of it. */
async function sendBatch(config: PostHogSinkConfig, events: readonly QueuedEvent[]): Promise<boolean> {
  const client = new PostHog(config.apiKey, {
    host: config.host,
    flushAt: events.length + 1,
    flushInterval: 0,
    maxBatchSize: events.length,
    fetchRetryCount: 0,
    requestTimeout: REQUEST_TIMEOUT_MS,
    disableGeoip: true,
    disableCompression: config.disableCompression,
  });
  let sent = 0;
  const stopListening = client.on("flush", (messages: unknown) => {
    sent += Array.isArray(messages) ? messages.length : 0;
  });
  // posthog-node reports a failed batch by rejecting flush() and by an "error" event; the
  // rejection is what decides here, the listener only keeps the emitter from complaining.
  const stopErrors = client.on("error", () => undefined);
  try {
    for (const row of events) {
      client.capture({
        distinctId: row.uuid,
        event: row.event,
        uuid: row.uuid,
        timestamp: new Date(row.occurred_at),
        disableGeoip: true,
        properties: {
          campaign: row.campaign,
          country: row.country,
          region: row.region,
          locale: row.locale,
          channel: row.channel,
          detail: row.detail,
          ...(row.page ? { page: row.page } : {}),
          ...(row.hotline_id ? { hotline_id: row.hotline_id } : {}),
          $process_person_profile: false,
          $ip: null,
        },
      });
    }
    await client.flush();
    // Every event of the batch must have been in the request PostHog accepted.
    return sent === events.length;
  } catch {
    return false;
  } finally {
    stopListening();
    stopErrors();
  }
}

export async function deliverToPostHog(
  db: Database,
  config: PostHogSinkConfig,
  options: { batchSize?: number; maxBatches?: number; signal?: AbortSignal } = {},
): Promise<DeliverToPostHogSummary> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const maxBatches = options.maxBatches ?? DEFAULT_MAX_BATCHES;
  let cursor = await readCursor(db, POSTHOG_CURSOR);
  const summary: DeliverToPostHogSummary = { delivered: 0, batches: 0, failedBatches: 0, cursor };
  while (summary.batches < maxBatches && !options.signal?.aborted) {
    const { rows } = await runSql<QueuedEvent>(
      db,
      sql`
      select tx::text as tx, id::text as id, uuid::text as uuid, occurred_at, event, campaign, country, region, locale,
        channel, detail, page, hotline_id
      from reach_events where ${finalRowsAfter(cursor)} order by reach_events.tx, reach_events.id limit ${batchSize}`,
    );
    if (rows.length === 0) break;
    summary.batches += 1;
    if (!(await sendBatch(config, rows))) {
      summary.failedBatches += 1;
      break;
    }
    const last = rows[rows.length - 1]!;
    const next = { tx: Number(last.tx), id: Number(last.id) };
    if (!(await moveCursor(db, POSTHOG_CURSOR, cursor, next, sql`now()`))) break;
    cursor = next;
    summary.delivered += rows.length;
    if (rows.length < batchSize) break;
  }
  summary.cursor = cursor;
  return summary;
}
