/**
 * The last statement of an inbound message's transaction (stepStatement), in one round trip:
 * what the conversation step decided. It writes the subscriber's changed fields, the reach event the step
 * earned (a subscription, help given) and the replies, which then read the row as this very
 * statement leaves it (a join's consent makes an opted-out number active again, and its
 * confirmation must not be held back by the status it had a moment before).
 *
 * One statement instead of one per write: each statement is a trip to the database. With
 * recordInbound before it (its BEGIN in the same write) and its COMMIT in the same write as it,
 * an answered message costs two trips however many replies and events it has (decision 031).
 * The row was locked by recordInbound, so no STOP or DELETE can commit between the two
 * statements; the replies keep the outbox's opt-out check all the same.
 */
import { sql, type SQL } from "drizzle-orm";
import { writtenSubscriberEventInsert, type SubscriberReachEvent } from "~/analytics/messaging-events.server";
import { subscriberUpdateReturning, type SubscriberUpdate } from "~/audience/subscribers.server";
import { subscriberRepliesInsert, type EnqueueDeps, type SubscriberReplies } from "~/outbox/enqueue.server";

export interface StepCommit {
  subscriberId: number;
  /** The fields the step changes; `updated_at` is set in any case. */
  update: SubscriberUpdate;
  /** Counted with the subscriber's dimensions after the update; null for none. */
  event: Extract<SubscriberReachEvent, "subscribed" | "help_requested"> | null;
  replies: SubscriberReplies;
}

export interface ReplyRow {
  id: number | string;
}

/**
 * The step's statement and how to read its rows, for a transaction that ends with it
 * (transactionEndingWith: on PostgreSQL its COMMIT goes in the same write).
 */
export function stepStatement(deps: EnqueueDeps, step: StepCommit): { last: SQL; read: (rows: ReplyRow[]) => number[] } {
  const now = step.replies.now;
  const parts = [sql`written as (${subscriberUpdateReturning(step.subscriberId, step.update, now)})`];
  if (step.event) parts.push(sql`event as (${writtenSubscriberEventInsert("written", step.event, now)})`);
  // Every data-modifying CTE runs whether or not the final SELECT reads it.
  const hasReplies = step.replies.bodies.length > 0;
  if (hasReplies) parts.push(sql`replies as (${subscriberRepliesInsert(deps, "written", step.replies)})`);
  return {
    last: sql`with ${sql.join(parts, sql`, `)} ${hasReplies ? sql`select id from replies order by id` : sql`select id from written where false`}`,
    read: (rows) => rows.map((row) => Number(row.id)),
  };
}
