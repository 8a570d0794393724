/**
 * Rollup refresh: adds the raw events not yet counted to reach_hourly, reach_daily and
 * reach_daily_visitors, incrementally: a cursor (reach_cursors "rollup") on the events' (tx, id)
 * order, taking only events whose writing transactions have ended (reach-order.server.ts says
 * why), in chunks.
 *
 * Each chunk is one transaction: the rollup upserts and the cursor move commit together, so a
 * crash or a second run never counts an event twice or misses one (idempotent). Unique visitors
 * are not additive, so a 64-bit key of each visitor already counted per day and dimension key is
 * kept in reach_visitors_seen (two days, see purgeReachEvents) and only new ones add to the count.
 */
import { sql } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { sqlNow } from "~/db/sql-now.server";
import { finalRowsAfter, moveCursor, readCursor, visitorKey, type ReachCursor } from "./reach-order.server";

export const ROLLUP_CURSOR = "rollup";
const DEFAULT_CHUNK = 250_000;

export interface RefreshReachRollupsSummary {
  eventsRolledUp: number;
  chunks: number;
}

export async function refreshReachRollups(
  db: Database,
  options: { now?: Date; chunk?: number; signal?: AbortSignal } = {},
): Promise<RefreshReachRollupsSummary> {
  const chunk = options.chunk ?? DEFAULT_CHUNK;
  await readCursor(db, ROLLUP_CURSOR);
  const summary: RefreshReachRollupsSummary = { eventsRolledUp: 0, chunks: 0 };
  while (!options.signal?.aborted) {
    const rolled = await db.transaction(async (tx) => {
      const run = tx as unknown as Database;
      // The row lock keeps a second refresh (a manual run beside the job) out until this commits.
      const { rows } = await runSql<{ tx: string; id: string }>(
        run,
        sql`
        select last_tx::text as tx, last_event_id::text as id from reach_cursors where name = ${ROLLUP_CURSOR} for update`,
      );
      const from: ReachCursor = { tx: Number(rows[0]?.tx ?? 0), id: Number(rows[0]?.id ?? 0) };
      const { rows: last } = await runSql<{ tx: string | null; id: string | null; events: string }>(
        run,
        sql`
        with picked as (
          select * from reach_events where ${finalRowsAfter(from)} order by tx, id limit ${chunk}
        ), batch as (
          select date_trunc('hour', occurred_at, 'UTC') as hour, campaign, country, region, locale, channel, event, detail,
            count(*)::bigint as count
          from picked group by 1, 2, 3, 4, 5, 6, 7, 8
        ), hourly as (
          insert into reach_hourly (hour, campaign, country, region, locale, channel, event, detail, count)
          select hour, campaign, country, region, locale, channel, event, detail, count from batch
          on conflict (hour, campaign, country, region, locale, channel, event, detail)
          do update set count = reach_hourly.count + excluded.count
        ), daily as (
          insert into reach_daily (day, campaign, country, region, locale, channel, event, detail, count)
          select (hour at time zone 'UTC')::date, campaign, country, region, locale, channel, event, detail, sum(count)::bigint
          from batch group by 1, 2, 3, 4, 5, 6, 7, 8
          on conflict (day, campaign, country, region, locale, channel, event, detail)
          do update set count = reach_daily.count + excluded.count
        ), seen as (
          select (p.occurred_at at time zone 'UTC')::date as day, p.campaign, p.country, p.region, p.locale, ${visitorKey("p")} as key
          from picked p where p.event = 'page_view' and p.visitor_hash is not null
        ), fresh as (
          insert into reach_visitors_seen (day, key)
          select distinct day, key from seen
          on conflict do nothing
          returning day, key
        ), visitors as (
          insert into reach_daily_visitors (day, campaign, country, region, locale, visitors)
          select seen.day, seen.campaign, seen.country, seen.region, seen.locale, count(distinct seen.key)::bigint
          from seen join fresh on fresh.day = seen.day and fresh.key = seen.key
          group by 1, 2, 3, 4, 5
          on conflict (day, campaign, country, region, locale)
          do update set visitors = reach_daily_visitors.visitors + excluded.visitors
        ), ordered as (
          select tx, id from picked order by tx desc, id desc limit 1
        )
        select (select tx::text from ordered) as tx, (select id::text from ordered) as id,
          (select count(*) from picked)::text as events`,
      );
      const events = Number(last[0]?.events ?? 0);
      if (events === 0 || last[0]?.tx == null || last[0]?.id == null) return 0;
      await moveCursor(run, ROLLUP_CURSOR, from, { tx: Number(last[0].tx), id: Number(last[0].id) }, sqlNow(options.now));
      return events;
    });
    if (rolled === 0) break;
    summary.eventsRolledUp += rolled;
    summary.chunks += 1;
    if (rolled < chunk) break;
  }
  return summary;
}
