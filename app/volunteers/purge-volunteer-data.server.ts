/**
 * Daily clean-up of volunteer data that has served its purpose (run by the purge-reach-events
 * job, with its clock): visitor hashes of attributions older than yesterday (as in reach_events),
 * expired sessions, codes and rate-limit marks older than a day, and sign-ups never confirmed
 * within a day (a number someone typed and never proved to own is not kept).
 */
import { sql } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { sqlNow } from "~/db/sql-now.server";
import { forgetAttributionHashes } from "./attribution.server";

export interface PurgeVolunteerDataSummary {
  volunteerHashesForgotten: number;
  volunteerUnconfirmedDeleted: number;
}

export async function purgeVolunteerData(db: Database, now?: Date): Promise<PurgeVolunteerDataSummary> {
  const at = sqlNow(now);
  const volunteerHashesForgotten = await forgetAttributionHashes(db, now);
  await runSql(db, sql`delete from volunteer_sessions where expires_at <= ${at}`);
  await runSql(db, sql`delete from volunteer_sign_in_codes where expires_at <= ${at} - interval '1 day'`);
  await runSql(db, sql`delete from volunteer_rate_marks where at <= ${at} - interval '1 day'`);
  const unconfirmed = await runSql(db, sql`delete from volunteers where confirmed_at is null and created_at <= ${at} - interval '1 day'`);
  return { volunteerHashesForgotten, volunteerUnconfirmedDeleted: unconfirmed.rowCount };
}
