/**
 * What a volunteer's links brought, without a cookie: a visit through /r/:code/:campaign is
 * recorded with the visitor's daily hash (the reach counting's, app/analytics/visitor-hash.server.ts),
 * once per volunteer, campaign and day; a hotline tap the same day by a visitor with that hash is
 * credited to the volunteer whose link brought them (the latest one), once per visitor and day.
 * Bots and prefetches never get here; the volunteer's own visits are left out by the caller.
 * Hashes are set to null after two days, as in reach_events.
 */
import { sql } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { sqlNow } from "~/db/sql-now.server";

export const ATTRIBUTED_EVENTS = ["visit", "hotline_tap"] as const;
export type AttributedEvent = (typeof ATTRIBUTED_EVENTS)[number];

export interface VisitorFacts {
  visitorHash: string;
  at: Date;
  country: string;
  region: string;
  locale: string;
}

const day = (at: Date) => at.toISOString().slice(0, 10);

/** Records a referral visit; answers whether it counted (false for a repeat the same day). */
export async function recordReferralVisit(db: Database, input: VisitorFacts & { volunteerId: number; campaign: string }): Promise<boolean> {
  const { rowCount } = await runSql(
    db,
    sql`
    insert into volunteer_attributions (volunteer_id, campaign, event, day, occurred_at, country, region, locale, visitor_hash)
    values (${input.volunteerId}, ${input.campaign}, 'visit', ${day(input.at)}::date, ${input.at.toISOString()}::timestamptz,
            ${input.country}, ${input.region}, ${input.locale}, ${input.visitorHash})
    on conflict do nothing`,
  );
  return rowCount > 0;
}

/** Credits a hotline tap to the volunteer whose link brought this visitor today, if any. */
export async function attributeHotlineTap(db: Database, input: VisitorFacts): Promise<boolean> {
  const { rowCount } = await runSql(
    db,
    sql`
    insert into volunteer_attributions (volunteer_id, campaign, event, day, occurred_at, country, region, locale, visitor_hash)
    select v.volunteer_id, v.campaign, 'hotline_tap', v.day, ${input.at.toISOString()}::timestamptz, v.country, v.region,
           v.locale, v.visitor_hash
    from volunteer_attributions v
    where v.day = ${day(input.at)}::date and v.visitor_hash = ${input.visitorHash} and v.event = 'visit' and v.volunteer_id is not null
    order by v.occurred_at desc, v.id desc
    limit 1
    on conflict do nothing`,
  );
  return rowCount > 0;
}

/** Forgets visitor hashes older than yesterday (the purge job calls it with its clock). */
export async function forgetAttributionHashes(db: Database, now?: Date): Promise<number> {
  const { rowCount } = await runSql(
    db,
    sql`update volunteer_attributions set visitor_hash = null where visitor_hash is not null and day < (${sqlNow(now)} at time zone 'UTC')::date - 1`,
  );
  return rowCount;
}
