/**
 * Retention of raw reach events: events older than ANALYTICS_RETENTION_DAYS are deleted once
 * they are in the rollups (never one the rollups do not hold yet); the rollups stay. Visitor hashes
 * are needed only while their day can still be rolled up: from the day before yesterday on they
 * are set to null in reach_events and deleted from reach_visitors_seen; visitor salts of past
 * days go as well (the web processes delete them too, at their first request of a new day).
 * Batches of `batchSize` rows, each its own statement.
 */
import { sql } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { rowsAfterCursorOf } from "./reach-order.server";
import { ROLLUP_CURSOR } from "./reach-rollup.server";
import { utcDay } from "./visitor-salt.server";

const DAY_MS = 86_400_000;

export interface PurgeReachEventsSummary {
  reachEventsDeleted: number;
  visitorHashesCleared: number;
  visitorSaltsDeleted: number;
}

export async function purgeReachEvents(
  db: Database,
  options: { retentionDays: number; now?: Date; batchSize?: number; signal?: AbortSignal },
): Promise<PurgeReachEventsSummary> {
  const now = options.now ?? new Date();
  const limit = options.batchSize ?? 5_000;
  const before = new Date(now.getTime() - options.retentionDays * DAY_MS).toISOString();
  const today = utcDay(now);
  const yesterday = utcDay(new Date(now.getTime() - DAY_MS));
  const rolledUp = sql`not (${rowsAfterCursorOf(ROLLUP_CURSOR)})`;

  const inBatches = async (statement: () => ReturnType<typeof sql>): Promise<number> => {
    let total = 0;
    for (;;) {
      const { rowCount } = await runSql(db, statement());
      total += rowCount;
      if (rowCount < limit || options.signal?.aborted) return total;
    }
  };

  const reachEventsDeleted = await inBatches(
    () => sql`
    delete from reach_events where id in (
      select id from reach_events where occurred_at < ${before}::timestamptz and ${rolledUp} order by id limit ${limit})`,
  );
  const visitorHashesCleared = await inBatches(
    () => sql`
    update reach_events set visitor_hash = null where id in (
      select id from reach_events
      where visitor_hash is not null and occurred_at < (${yesterday}::date)::timestamp at time zone 'UTC' and ${rolledUp}
      order by id limit ${limit})`,
  );
  await runSql(db, sql`delete from reach_visitors_seen where day < ${yesterday}::date`);
  const { rowCount: visitorSaltsDeleted } = await runSql(db, sql`delete from reach_visitor_salts where day < ${today}::date`);
  return { reachEventsDeleted, visitorHashesCleared, visitorSaltsDeleted };
}
