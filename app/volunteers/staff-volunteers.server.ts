/**
 * What staff see of volunteers (/staff/volunteers): per region, how many volunteers and the reach
 * their links brought, under the small-number rules (a region with 3 volunteers shows "<5");
 * the session reports waiting for confirmation; and for admins the accounts (nickname, region,
 * code) so an abusive one can be disabled. Never a number, a school or an age group.
 */
import { sql } from "drizzle-orm";
import { protectCountTable, type PublishedCount } from "~/analytics/small-numbers";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { sqlNow } from "~/db/sql-now.server";

export interface RegionRow {
  country: string;
  region: string;
}

export interface VolunteerRegionsTable {
  rows: RegionRow[];
  /** volunteers, visits, hotline taps, confirmed session attendees */
  cells: PublishedCount[][];
  columnTotals: PublishedCount[];
}

export const REGION_COLUMNS = ["volunteers", "visits", "hotlineTaps", "attendees"] as const;

/** Volunteers and their reach per region, over the last `days` days up to `today`. */
export async function volunteersByRegion(db: Database, options: { today: string; days: number }): Promise<VolunteerRegionsTable> {
  const { rows } = await runSql<{ country: string; region: string; volunteers: number; visits: number; taps: number; attendees: number }>(
    db,
    sql`
    with places as (
      select country, region_code as region from volunteers where confirmed_at is not null and disabled_at is null
      union select v.country, v.region_code from volunteers v join volunteer_attributions a on a.volunteer_id = v.id
    )
    select p.country, p.region,
      (select count(*)::int from volunteers v where v.country = p.country and v.region_code = p.region
         and v.confirmed_at is not null and v.disabled_at is null) as volunteers,
      (select count(*)::int from volunteer_attributions a join volunteers v on v.id = a.volunteer_id
         where v.country = p.country and v.region_code = p.region and a.event = 'visit'
           and a.day > ${options.today}::date - ${options.days}::int) as visits,
      (select count(*)::int from volunteer_attributions a join volunteers v on v.id = a.volunteer_id
         where v.country = p.country and v.region_code = p.region and a.event = 'hotline_tap'
           and a.day > ${options.today}::date - ${options.days}::int) as taps,
      (select coalesce(sum(r.attendees), 0)::int from volunteer_session_reports r
         where r.country = p.country and r.region = p.region and r.confirmed_at is not null) as attendees
    from places p
    order by p.country, p.region`,
  );
  const published = protectCountTable({
    cells: rows.map((row) => [row.volunteers, row.visits, row.taps, row.attendees].map(Number)),
    rowTotals: false,
    columnTotals: true,
  });
  return {
    rows: rows.map((row) => ({ country: row.country, region: row.region })),
    cells: published.cells,
    columnTotals: published.columnTotals ?? [],
  };
}

export interface PendingReport {
  id: number;
  campaign: string;
  country: string;
  region: string;
  heldOn: string;
  attendees: number;
}

export async function pendingSessionReports(db: Database): Promise<PendingReport[]> {
  const { rows } = await runSql<{ id: number; campaign: string; country: string; region: string; held_on: string; attendees: number }>(
    db,
    sql`
    select id::int as id, campaign, country, region, to_char(held_on, 'YYYY-MM-DD') as held_on, attendees
    from volunteer_session_reports where confirmed_at is null and volunteer_id is not null
    order by created_at, id limit 200`,
  );
  return rows.map((row) => ({ ...row, id: Number(row.id), heldOn: row.held_on, attendees: Number(row.attendees) }));
}

export interface VolunteerAccountRow {
  id: number;
  nickname: string;
  referralCode: string;
  country: string;
  region: string;
  createdOn: string;
  disabled: boolean;
}

/** Admins only: the accounts, newest first, to find and disable an abusive one. */
export async function volunteerAccounts(db: Database, options: { code?: string } = {}): Promise<VolunteerAccountRow[]> {
  const { rows } = await runSql<{
    id: number;
    nickname: string;
    referral_code: string;
    country: string;
    region_code: string;
    created_on: string;
    disabled: boolean;
  }>(
    db,
    sql`
    select id::int as id, nickname, referral_code, country, region_code, to_char(created_at, 'YYYY-MM-DD') as created_on,
           disabled_at is not null as disabled
    from volunteers where confirmed_at is not null ${options.code ? sql`and referral_code = ${options.code}` : sql``}
    order by created_at desc, id desc limit 200`,
  );
  return rows.map((row) => ({
    id: Number(row.id),
    nickname: row.nickname,
    referralCode: row.referral_code,
    country: row.country,
    region: row.region_code,
    createdOn: row.created_on,
    disabled: row.disabled,
  }));
}

/** Disables an account and ends its sessions; false when there is no such enabled account. */
export async function disableVolunteer(db: Database, volunteerId: number, now?: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rowCount } = await runSql(
      tx,
      sql`update volunteers set disabled_at = ${sqlNow(now)}, updated_at = ${sqlNow(now)} where id = ${volunteerId} and disabled_at is null`,
    );
    if (rowCount === 0) return false;
    await runSql(tx, sql`delete from volunteer_sessions where volunteer_id = ${volunteerId}`);
    return true;
  });
}
