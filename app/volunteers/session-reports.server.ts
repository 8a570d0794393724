/**
 * Offline sessions (a school talk) a volunteer reports with the number of attendees. They count
 * towards "school sessions" missions once staff confirm them (audited as
 * volunteer-session-confirmed). A volunteer sees and withdraws only their own reports: every
 * statement is scoped by the signed-in volunteer's id, never by an id from the request alone.
 */
import { sql } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { sqlNow } from "~/db/sql-now.server";

export interface SessionReport {
  id: number;
  campaign: string;
  heldOn: string;
  attendees: number;
  confirmed: boolean;
}

export async function reportSession(
  db: Database,
  input: { volunteerId: number; campaign: string; heldOn: string; attendees: number; now?: Date },
): Promise<number> {
  const { rows } = await runSql<{ id: number }>(
    db,
    sql`
    insert into volunteer_session_reports (volunteer_id, campaign, country, region, held_on, attendees, created_at)
    select id, ${input.campaign}, country, region_code, ${input.heldOn}::date, ${input.attendees}, ${sqlNow(input.now)}
    from volunteers where id = ${input.volunteerId}
    returning id::int as id`,
  );
  return Number(rows[0]!.id);
}

export async function sessionReportsOf(db: Database, volunteerId: number): Promise<SessionReport[]> {
  const { rows } = await runSql<{ id: number; campaign: string; held_on: string; attendees: number; confirmed: boolean }>(
    db,
    sql`
    select id::int as id, campaign, to_char(held_on, 'YYYY-MM-DD') as held_on, attendees, confirmed_at is not null as confirmed
    from volunteer_session_reports where volunteer_id = ${volunteerId} order by held_on desc, id desc limit 50`,
  );
  return rows.map((row) => ({
    id: Number(row.id),
    campaign: row.campaign,
    heldOn: row.held_on,
    attendees: Number(row.attendees),
    confirmed: row.confirmed,
  }));
}

/** Withdraws one of the volunteer's own unconfirmed reports; false when it is not theirs (or confirmed). */
export async function withdrawSessionReport(db: Database, volunteerId: number, reportId: number): Promise<boolean> {
  const { rowCount } = await runSql(
    db,
    sql`delete from volunteer_session_reports where id = ${reportId} and volunteer_id = ${volunteerId} and confirmed_at is null`,
  );
  return rowCount > 0;
}

/** Staff confirm a report (the caller records the audit entry). */
export async function confirmSessionReport(db: Database, reportId: number, now?: Date): Promise<boolean> {
  const { rowCount } = await runSql(
    db,
    sql`update volunteer_session_reports set confirmed_at = ${sqlNow(now)} where id = ${reportId} and confirmed_at is null`,
  );
  return rowCount > 0;
}
