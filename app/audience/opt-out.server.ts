/**
 * Opt-out: the one place that stops messages to a number. STOP (any locale), DELETE and a
 * carrier STOP (the provider says the recipient replied STOP to their carrier) all come here.
 * The number is opted out and every message still queued to it is cancelled in the same
 * transaction, so the dispatcher can never pick up a message queued before the STOP once this
 * commits.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { optOutTombstones, outboxMessages, subscribers } from "~/db/schema";
import { sqlNow } from "~/db/sql-now.server";
import { OUTBOX_STATES, UNSENT_STATES } from "~/outbox/outbox-states";
import { recordSubscriberEvent } from "~/analytics/messaging-events.server";

export type OptOutSource = "keyword" | "carrier-stop" | "delete";

/**
 * Marks the number opted out at once and cancels every queued/unsent message to it. Idempotent.
 * `now`: the caller's clock (see sqlNow), else the database's.
 */
export async function optOutByIndex(db: Database, phoneIndex: string, source: OptOutSource, now?: Date): Promise<void> {
  const at = sqlNow(now);
  // A savepoint when `db` is already a transaction: the caller's work and this commit together.
  await db.transaction(async (tx) => {
    // Locked, so two STOPs at once make one opted_out event (the second reads opted_out).
    const before = await tx
      .select({ status: subscribers.status })
      .from(subscribers)
      .where(eq(subscribers.phoneIndex, phoneIndex))
      .for("update");
    const updated = await tx
      .update(subscribers)
      .set({
        status: "opted_out",
        // The first opt-out time is kept when the number was already opted out (idempotent).
        optedOutAt: sql`case when ${subscribers.status} = 'opted_out' then coalesce(${subscribers.optedOutAt}, ${at}) else ${at} end`,
        conversation: null,
        updatedAt: at,
      })
      .where(eq(subscribers.phoneIndex, phoneIndex))
      .returning({ id: subscribers.id });
    // No subscriber row (a number that never texted us, or one whose data was deleted): the
    // keyed-hash tombstone is what keeps it opted out.
    if (updated.length === 0 || source === "delete") {
      await tx.insert(optOutTombstones).values({ phoneIndex, createdAt: at }).onConflictDoNothing();
    }
    await cancelQueuedMessages(tx, phoneIndex, now);
    // The reach event of this opt-out, in its transaction but in a savepoint of its own: if it
    // fails, the opt-out still commits (app/analytics/messaging-events.server.ts, decision 021).
    // Erasure counts its own.
    const wasSubscribed = before.length > 0 && before[0]!.status !== "opted_out";
    if (wasSubscribed && source !== "delete") {
      await recordSubscriberEvent(tx, {
        event: "opted_out",
        subscriber: { phoneIndex },
        detail: source === "keyword" ? "keyword" : "carrier",
        now,
      });
    }
  });
}

/** True when the number must get nothing but a STOP confirmation. */
export async function isOptedOut(db: Database, phoneIndex: string): Promise<boolean> {
  const stopped = await db
    .select({ id: subscribers.id })
    .from(subscribers)
    .where(and(eq(subscribers.phoneIndex, phoneIndex), eq(subscribers.status, "opted_out")))
    .limit(1);
  return stopped.length > 0 || (await findTombstone(db, phoneIndex)) !== null;
}

/** The tombstone of a number whose data was deleted, if any. */
export async function findTombstone(db: Database, phoneIndex: string): Promise<{ createdAt: Date } | null> {
  const rows = await db
    .select({ createdAt: optOutTombstones.createdAt })
    .from(optOutTombstones)
    .where(eq(optOutTombstones.phoneIndex, phoneIndex))
    .limit(1);
  return rows[0] ?? null;
}

/** Removes the tombstone: only ever called for an explicit join keyword from that number. */
export async function clearTombstone(db: Database, phoneIndex: string): Promise<void> {
  await db.delete(optOutTombstones).where(eq(optOutTombstones.phoneIndex, phoneIndex));
}

/** Cancels messages to the number that have not left yet; returns how many. */
export async function cancelQueuedMessages(db: Database, phoneIndex: string, now?: Date): Promise<number> {
  const cancelled = await db
    .update(outboxMessages)
    .set({ status: OUTBOX_STATES.cancelled, errorCode: "opted-out", updatedAt: sqlNow(now) })
    // `held`: rows of a paused broadcast, which must not go out on resume either.
    .where(and(eq(outboxMessages.recipientIndex, phoneIndex), inArray(outboxMessages.status, [...UNSENT_STATES])))
    .returning({ id: outboxMessages.id });
  return cancelled.length;
}
