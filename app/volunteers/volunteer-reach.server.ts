/**
 * A volunteer's own reach for their dashboard: visits and hotline taps their links brought, and
 * SMS subscriptions their code brought ("JOIN K7QX2MAB", aggregate counts only), by region and by day, under the reach dashboard's small-number rules (decision 022): counts under
 * 5 are "<5" and complementary suppression hides what a total would give away
 * (app/analytics/small-numbers.ts, reused as is). Only ever read for the signed-in volunteer's id.
 */
import { sql } from "drizzle-orm";
import { protectCountTable, type PublishedCount } from "~/analytics/small-numbers";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { ATTRIBUTED_EVENTS } from "./attribution.server";

/** The dashboard's columns: the attributed web events, then subscriptions (a count, not an event row). */
export const REACH_COLUMNS = [...ATTRIBUTED_EVENTS, "subscription"] as const;
export type ReachColumn = (typeof REACH_COLUMNS)[number];

export interface ReachTable {
  /** Row keys: region codes ("" unknown) or days (YYYY-MM-DD). */
  rows: string[];
  columns: readonly ReachColumn[];
  cells: PublishedCount[][];
  columnTotals: PublishedCount[];
}

export interface VolunteerReach {
  byRegion: ReachTable;
  byDay: ReachTable;
  /** Unprotected totals per event: the volunteer's own figures, for mission progress only. */
  totals: Record<ReachColumn, number>;
}

interface CountRow {
  key: string;
  event: ReachColumn;
  n: number;
}

function table(rows: readonly CountRow[]): ReachTable {
  const keys = [...new Set(rows.map((row) => row.key))].sort();
  const counts = keys.map((key) =>
    REACH_COLUMNS.map((event) => rows.filter((row) => row.key === key && row.event === event).reduce((sum, row) => sum + Number(row.n), 0)),
  );
  const published = protectCountTable({ cells: counts, rowTotals: false, columnTotals: true });
  return { rows: keys, columns: REACH_COLUMNS, cells: published.cells, columnTotals: published.columnTotals ?? [] };
}

/** The volunteer's reach over the last `days` days up to `today` (YYYY-MM-DD). */
export async function volunteerReach(db: Database, volunteerId: number, options: { today: string; days: number }): Promise<VolunteerReach> {
  const since = sql`${options.today}::date - ${options.days - 1}::int`;
  const { rows } = await runSql<{ region: string; day: string; event: ReachColumn; n: number }>(
    db,
    sql`
    select region, to_char(day, 'YYYY-MM-DD') as day, event, count(*)::int as n
    from volunteer_attributions
    where volunteer_id = ${volunteerId} and day >= ${since} and day <= ${options.today}::date
    group by region, day, event
    union all
    select region, to_char(day, 'YYYY-MM-DD') as day, 'subscription' as event, sum(count)::int as n
    from volunteer_subscription_counts
    where volunteer_id = ${volunteerId} and day >= ${since} and day <= ${options.today}::date
    group by region, day`,
  );
  const totals = Object.fromEntries(REACH_COLUMNS.map((event) => [event, 0])) as Record<ReachColumn, number>;
  for (const row of rows) totals[row.event] += Number(row.n);
  return {
    byRegion: table(rows.map((row) => ({ key: row.region, event: row.event, n: row.n }))),
    byDay: table(rows.map((row) => ({ key: row.day, event: row.event, n: row.n }))),
    totals,
  };
}
