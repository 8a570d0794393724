/**
 * Weekly atoms for the reach dashboard (reach_weekly). The dashboard's figures are sums of weekly
 * atoms (app/analytics/reach-query.server.ts); summing every day's rollup rows on each request costs
 * a scan of all of them (about 440,000 rows for 10,000,000 events over 13 weeks), so settled weeks
 * are summed once into reach_weekly and read from there, and only the newest days are read from
 * reach_daily, live.
 *
 * A week is settled SETTLE_DAYS after it ends: by then the rollup job has long caught up, so its
 * daily rows no longer change. A settled week is built the first time a dashboard request covers
 * it. Should daily rows of a settled week change after all (a rollup job restarted after days
 * down), whoever wrote them calls `buildReachWeeks` for those weeks; the table is derived data and
 * can be rebuilt at any time (`truncate reach_weekly, reach_weekly_built`).
 */
import { sql } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";

/** Days after a week's Sunday before it is read from reach_weekly. */
export const SETTLE_DAYS = 2;
const DAY_MS = 86_400_000;

const day = (date: Date) => date.toISOString().slice(0, 10);

/** Whether a week (its Monday) is settled at `now`. */
export function isSettledWeek(week: string, now: Date): boolean {
  return new Date(`${week}T00:00:00Z`).getTime() + (7 + SETTLE_DAYS) * DAY_MS <= now.getTime();
}

/** (Re)builds the weekly atoms of the given weeks from reach_daily, each in one transaction. */
export async function buildReachWeeks(db: Database, weeks: readonly string[], now: Date): Promise<void> {
  for (const week of weeks) {
    const sunday = day(new Date(new Date(`${week}T00:00:00Z`).getTime() + 6 * DAY_MS));
    await db.transaction(async (tx) => {
      // Two requests building the same week wait for each other instead of colliding.
      await runSql(tx, sql`select pg_advisory_xact_lock(hashtext('reach_weekly'))`);
      await runSql(tx, sql`delete from reach_weekly where week = ${week}::date`);
      await runSql(
        tx,
        sql`
        insert into reach_weekly (week, campaign, country, region, locale, channel, event, count)
        select ${week}::date, campaign, country, region, locale, channel, event, sum(count)
        from reach_daily where day between ${week}::date and ${sunday}::date
        group by campaign, country, region, locale, channel, event`,
      );
      await runSql(
        tx,
        sql`
        insert into reach_weekly_built (week, built_at) values (${week}::date, ${now.toISOString()}::timestamptz)
        on conflict (week) do update set built_at = excluded.built_at`,
      );
    });
  }
}

/**
 * Builds the settled weeks among `weeks` that reach_weekly does not hold yet; returns the settled
 * ones, oldest first, each with its build's row version (xmin: a cache of its figures holds for
 * that build only, whichever process rebuilt it).
 */
export async function ensureSettledWeeks(
  db: Database,
  weeks: readonly string[],
  now: Date,
): Promise<Array<{ week: string; version: string }>> {
  const settled = weeks.filter((week) => isSettledWeek(week, now));
  if (settled.length === 0) return [];
  const read = async () => {
    const result = await runSql<{ week: string; version: string }>(
      db,
      sql`
      select week::text as week, xmin::text as version from reach_weekly_built
      where week in (${sql.join(
        settled.map((week) => sql`${week}::date`),
        sql`, `,
      )})`,
    );
    return new Map(result.rows.map((row) => [row.week, String(row.version)]));
  };
  let built = await read();
  const missing = settled.filter((week) => !built.has(week));
  if (missing.length > 0) {
    await buildReachWeeks(db, missing, now);
    built = await read();
  }
  return settled.map((week) => ({ week, version: built.get(week) ?? "" }));
}
