/**
 * Rollup rows for reach dashboard tests, written straight into reach_daily (the capture and rollup
 * code is not needed to test what the dashboard reads).
 */
import { sql } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";

export interface DailyRow {
  day: string;
  campaign?: string;
  country?: string;
  region?: string;
  locale?: string;
  channel?: string;
  event: string;
  detail?: string;
  count: number;
}

export async function seedReachDaily(db: Database, rows: readonly DailyRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 500) {
    const chunk = rows.slice(start, start + 500);
    await runSql(
      db,
      sql`
      insert into reach_daily (day, campaign, country, region, locale, channel, event, detail, count)
      values ${sql.join(
        chunk.map(
          (row) => sql`(${row.day}::date, ${row.campaign ?? ""}, ${row.country ?? ""}, ${row.region ?? ""}, ${row.locale ?? ""},
        ${row.channel ?? "web"}, ${row.event}, ${row.detail ?? ""}, ${row.count})`,
        ),
        sql`, `,
      )}
      on conflict (day, campaign, country, region, locale, channel, event, detail) do update set count = reach_daily.count + excluded.count`,
    );
  }
}

export async function clearReach(db: Database): Promise<void> {
  await runSql(db, sql`truncate reach_daily, reach_hourly, reach_daily_visitors, reach_weekly, reach_weekly_built`);
}
