/**
 * Credits a volunteer with an SMS subscription their code brought ("JOIN K7QX2MAB"), as one more
 * in an aggregate count (volunteer, campaign, the number's country, day): never a row that names
 * the subscriber (decision 027, "Subscriptions"). Called by the inbound handler inside the
 * transaction that makes the number a subscriber, and only when the number was NOT subscribed
 * before (a new number: a resubscribe of a known or opted-out number never counts), so the count
 * rolls back with the subscription. The other way round it does not: the count is written in a
 * savepoint of its own, so a failed count loses a count, never the person's subscription (the
 * same rule as reach events, decision 011).
 *
 * An unknown code, a never-confirmed, disabled or deleted account: nothing counted, nothing said
 * (the subscription itself goes on as any JOIN).
 */
import { sql } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { sqlNow } from "~/db/sql-now.server";

export interface SubscriptionCredit {
  referralCode: string;
  campaign: string | undefined;
  /** The programme country of the subscriber's number, null when none. */
  country: string | null;
  now?: Date;
}

/** Adds one to the volunteer's count; answers whether it was counted (a live account's code, written). */
export async function creditSubscription(tx: Database, credit: SubscriptionCredit): Promise<boolean> {
  try {
    return await tx.transaction((savepoint) => addOne(savepoint, credit));
  } catch {
    return false;
  }
}

async function addOne(db: Database, credit: SubscriptionCredit): Promise<boolean> {
  const { rowCount } = await runSql(
    db,
    sql`
    insert into volunteer_subscription_counts (volunteer_id, campaign, country, region, day, count)
    select v.id, ${credit.campaign ?? ""}, ${credit.country ?? ""}, '', (${sqlNow(credit.now)} at time zone 'UTC')::date, 1
    from volunteers v
    where v.referral_code = ${credit.referralCode} and v.confirmed_at is not null and v.disabled_at is null
    on conflict (volunteer_id, campaign, country, region, day)
    do update set count = volunteer_subscription_counts.count + 1`,
  );
  return rowCount > 0;
}
