/**
 * Reach counts for readers (the reach dashboard, its CSV): the rollups plus the raw events after
 * the rollup cursor, in ONE statement (one snapshot), so an event is counted the moment its
 * write commits (well within the dashboard's 10-second freshness) and never twice: the refresh
 * moves rollups and cursor in one transaction. The tail after the cursor is small (the refresh
 * runs every 30 seconds), so this stays a rollup query.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import type { ReachChannel, ReachEvent } from "./reach-events";
import { rowsAfterCursorOf, visitorKey } from "./reach-order.server";
import { ROLLUP_CURSOR } from "./reach-rollup.server";

/** Inclusive UTC day range (YYYY-MM-DD) and optional filters, applied to rollups and tail alike. */
export interface ReachCountQuery {
  from: string;
  to: string;
  campaign?: string;
  locale?: string;
  channel?: ReachChannel;
}

export interface ReachDailyCount {
  day: string;
  campaign: string;
  country: string;
  region: string;
  locale: string;
  channel: ReachChannel;
  event: ReachEvent;
  detail: string;
  count: number;
}

export interface ReachDailyVisitors {
  day: string;
  campaign: string;
  country: string;
  region: string;
  locale: string;
  visitors: number;
}

/** The events the rollups do not hold yet. */
const notRolledUp = rowsAfterCursorOf(ROLLUP_CURSOR);
const eventDay = sql`(occurred_at at time zone 'UTC')::date`;

function filters(query: ReachCountQuery, options: { channel: boolean }): SQL {
  const parts: SQL[] = [sql`true`];
  if (query.campaign !== undefined) parts.push(sql`campaign = ${query.campaign}`);
  if (query.locale !== undefined) parts.push(sql`locale = ${query.locale}`);
  if (options.channel && query.channel !== undefined) parts.push(sql`channel = ${query.channel}`);
  return sql.join(parts, sql` and `);
}

/** The raw events of the day range, by their timestamp (the index on occurred_at). */
function tailRange(query: ReachCountQuery): SQL {
  return sql`occurred_at >= (${query.from}::date)::timestamp at time zone 'UTC'
    and occurred_at < (${query.to}::date + 1)::timestamp at time zone 'UTC'`;
}

/** Counts per UTC day and every dimension, fresh to the last committed event. */
export async function readReachDaily(db: Database, query: ReachCountQuery): Promise<ReachDailyCount[]> {
  const where = filters(query, { channel: true });
  const { rows } = await runSql<ReachDailyCount & { count: string | number }>(
    db,
    sql`
    select day::text as day, campaign, country, region, locale, channel, event, detail, sum(count)::text as count from (
      select day, campaign, country, region, locale, channel, event, detail, count from reach_daily
      where day between ${query.from}::date and ${query.to}::date and ${where}
      union all
      select ${eventDay}, campaign, country, region, locale, channel, event, detail, count(*)
      from reach_events where ${notRolledUp} and ${tailRange(query)} and ${where}
      group by 1, 2, 3, 4, 5, 6, 7, 8
    ) counts
    group by 1, 2, 3, 4, 5, 6, 7, 8
    order by 1, 2, 3, 4, 5, 6, 7, 8`,
  );
  return rows.map((row) => ({ ...row, count: Number(row.count) }));
}

/** Unique visitors per UTC day and key, fresh to the last committed page view. */
export async function readReachDailyVisitors(db: Database, query: ReachCountQuery): Promise<ReachDailyVisitors[]> {
  const where = filters(query, { channel: false });
  const { rows } = await runSql<ReachDailyVisitors & { visitors: string | number }>(
    db,
    sql`
    select day::text as day, campaign, country, region, locale, sum(visitors)::text as visitors from (
      select day, campaign, country, region, locale, visitors from reach_daily_visitors
      where day between ${query.from}::date and ${query.to}::date and ${where}
      union all
      select ${eventDay} as day, campaign, country, region, locale, count(distinct visitor_hash)
      from reach_events e
      where ${notRolledUp} and ${tailRange(query)} and ${where} and event = 'page_view' and visitor_hash is not null
        and not exists (
          select 1 from reach_visitors_seen s
          where s.day = (e.occurred_at at time zone 'UTC')::date and s.key = ${visitorKey("e")})
      group by 1, 2, 3, 4, 5
    ) visitors
    group by 1, 2, 3, 4, 5
    order by 1, 2, 3, 4, 5`,
  );
  return rows.map((row) => ({ ...row, visitors: Number(row.visitors) }));
}
