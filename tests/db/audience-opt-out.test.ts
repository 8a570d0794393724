/**
 * Opt-out against a real database: immediate, cancels every queued message to the number in the
 * same transaction (sent ones stay as they are), idempotent, and sticks for numbers without a
 * subscriber row through a keyed-hash tombstone.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isOptedOut, optOutByIndex } from "~/audience/opt-out.server";
import { phoneBlindIndex, parsePhoneKeyring } from "~/audience/phone-crypto.server";
import { deleteSubscriberData, findOrCreateSubscriber, phoneIdentity, recordConsent } from "~/audience/subscribers.server";
import { runSql } from "~/db/run-sql.server";
import { optOutTombstones, outboxMessages, subscribers } from "~/db/schema";
import { enqueueMessage } from "~/outbox/enqueue.server";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";
import { smsSegmentCount } from "~/messaging/sms-segments";

const keyring = parsePhoneKeyring(`k1:${Buffer.alloc(32, 1).toString("base64")}`, Buffer.alloc(32, 2).toString("base64"));
const deps = { keyring, senderFor: () => "+996000000900", segmentsOf: smsSegmentCount };
let counter = 0;
const nextNumber = () => `+99655510${String(++counter).padStart(4, "0")}`;

describe.each(DATABASE_KINDS)("opt-out (%s)", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database?.close());

  async function activeSubscriber(e164: string) {
    const phone = phoneIdentity(keyring, e164);
    const { subscriber } = await findOrCreateSubscriber(database.db, keyring, { phone, channel: "sms", country: "KG", now: new Date() });
    await recordConsent(database.db, subscriber.id, "sms-keyword", new Date());
    return { phone, subscriber };
  }

  async function statusesTo(phoneIndex: string) {
    const rows = await database.db
      .select({ id: outboxMessages.id, status: outboxMessages.status })
      .from(outboxMessages)
      .where(eq(outboxMessages.recipientIndex, phoneIndex));
    return Object.fromEntries(rows.map((row) => [row.id, row.status]));
  }

  it("opts out at once and cancels every queued message, leaving sent ones and other numbers alone", async () => {
    const { phone, subscriber } = await activeSubscriber(nextNumber());
    const other = await activeSubscriber(nextNumber());
    const queued = await Promise.all(
      [1, 2, 3].map(() =>
        enqueueMessage(database.db, deps, { to: phone.e164, channel: "sms", subscriberId: subscriber.id, body: "tip", kind: "broadcast" }),
      ),
    );
    const sent = await enqueueMessage(database.db, deps, {
      to: phone.e164,
      channel: "sms",
      subscriberId: subscriber.id,
      body: "earlier",
      kind: "reply",
    });
    if (!sent.enqueued) throw new Error("not enqueued");
    await database.db.update(outboxMessages).set({ status: "sent" }).where(eq(outboxMessages.id, sent.id));
    const otherQueued = await enqueueMessage(database.db, deps, {
      to: other.phone.e164,
      channel: "sms",
      subscriberId: other.subscriber.id,
      body: "tip",
      kind: "broadcast",
    });

    expect(await isOptedOut(database.db, phone.phoneIndex)).toBe(false);
    await optOutByIndex(database.db, phone.phoneIndex, "keyword");

    expect(await isOptedOut(database.db, phone.phoneIndex)).toBe(true);
    const statuses = await statusesTo(phone.phoneIndex);
    for (const result of queued) if (result.enqueued) expect(statuses[result.id]).toBe("cancelled");
    expect(statuses[sent.id]).toBe("sent");
    if (otherQueued.enqueued) expect((await statusesTo(other.phone.phoneIndex))[otherQueued.id]).toBe("queued");
    expect(await isOptedOut(database.db, other.phone.phoneIndex)).toBe(false);

    const [row] = await database.db.select().from(subscribers).where(eq(subscribers.id, subscriber.id));
    expect(row).toMatchObject({ status: "opted_out", conversation: null });
    expect(row?.optedOutAt).toBeInstanceOf(Date);
  });

  it("commits the opt-out and the erasure even when their reach event cannot be written", async () => {
    const stopped = await activeSubscriber(nextNumber());
    const erased = await activeSubscriber(nextNumber());
    // The events table gone for a moment: its insert fails inside the opt-out's transaction.
    await runSql(database.db, sql`alter table reach_events rename to reach_events_away`);
    try {
      await optOutByIndex(database.db, stopped.phone.phoneIndex, "keyword");
      await deleteSubscriberData(database.db, erased.phone.phoneIndex);
    } finally {
      await runSql(database.db, sql`alter table reach_events_away rename to reach_events`);
    }
    expect(await isOptedOut(database.db, stopped.phone.phoneIndex)).toBe(true);
    const [row] = await database.db.select().from(subscribers).where(eq(subscribers.id, stopped.subscriber.id));
    expect(row?.status).toBe("opted_out");
    expect(await database.db.select().from(subscribers).where(eq(subscribers.id, erased.subscriber.id))).toEqual([]);
  });

  it("is idempotent: a second opt-out keeps the first time and changes nothing else", async () => {
    const { phone, subscriber } = await activeSubscriber(nextNumber());
    await optOutByIndex(database.db, phone.phoneIndex, "keyword");
    const [first] = await database.db.select().from(subscribers).where(eq(subscribers.id, subscriber.id));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await optOutByIndex(database.db, phone.phoneIndex, "carrier-stop");
    const [second] = await database.db.select().from(subscribers).where(eq(subscribers.id, subscriber.id));
    expect(second?.optedOutAt?.getTime()).toBe(first?.optedOutAt?.getTime());
    expect(second?.status).toBe("opted_out");
  });

  it("refuses new messages after the opt-out, except the STOP confirmation", async () => {
    const { phone, subscriber } = await activeSubscriber(nextNumber());
    await optOutByIndex(database.db, phone.phoneIndex, "keyword");
    const refused = await enqueueMessage(database.db, deps, {
      to: phone.e164,
      channel: "sms",
      subscriberId: subscriber.id,
      body: "tip",
      kind: "broadcast",
    });
    expect(refused).toEqual({ enqueued: false, reason: "opted-out" });
    const confirmation = await enqueueMessage(database.db, deps, {
      to: phone.e164,
      channel: "sms",
      subscriberId: subscriber.id,
      body: "bye",
      kind: "reply",
      bypassOptOut: "stop-confirmation",
    });
    expect(confirmation.enqueued).toBe(true);
  });

  it("keeps a number with no subscriber row opted out with a tombstone", async () => {
    const e164 = nextNumber();
    const index = phoneBlindIndex(keyring, e164);
    await optOutByIndex(database.db, index, "carrier-stop");
    expect(await isOptedOut(database.db, index)).toBe(true);
    const tombstones = await database.db.select().from(optOutTombstones).where(eq(optOutTombstones.phoneIndex, index));
    expect(tombstones).toHaveLength(1);
    const refused = await enqueueMessage(database.db, deps, {
      to: e164,
      channel: "sms",
      subscriberId: null,
      body: "tip",
      kind: "broadcast",
    });
    expect(refused.enqueued).toBe(false);
  });

  it("rolls back with the caller's transaction", async () => {
    const { phone } = await activeSubscriber(nextNumber());
    await expect(
      database.db.transaction(async (tx) => {
        await optOutByIndex(tx, phone.phoneIndex, "keyword");
        throw new Error("caller failed");
      }),
    ).rejects.toThrow("caller failed");
    expect(await isOptedOut(database.db, phone.phoneIndex)).toBe(false);
  });
});
