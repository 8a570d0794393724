/**
 * stepStatement against a real database, in a transaction that ends with it as the webhook's
 * does: a conversation step's subscriber changes, reach event and replies in one statement. The
 * replies and the event read the row as the statement leaves it; the replies keep their order
 * and the outbox's opt-out check; and the statement is all or nothing.
 */
import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePhoneKeyring } from "~/audience/phone-crypto.server";
import { findOrCreateSubscriber, phoneIdentity, type SubscriberUpdate } from "~/audience/subscribers.server";
import { runSql } from "~/db/run-sql.server";
import { optOutTombstones, outboxMessages, reachEvents, subscribers } from "~/db/schema";
import { transactionEndingWith } from "~/db/transaction-ending-with.server";
import type { Database } from "~/db/client.server";
import { stepStatement, type StepCommit } from "~/messaging/conversation/step-commit.server";
import { smsSegmentCount } from "~/messaging/sms-segments";
import { injectFault } from "../setup/database-faults";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";

const keyring = parsePhoneKeyring(`k1:${Buffer.alloc(32, 3).toString("base64")}`, Buffer.alloc(32, 4).toString("base64"));
const deps = { keyring, senderFor: () => "+996000000900", segmentsOf: smsSegmentCount };
let counter = 0;

/** The step written as handleInbound writes it: the last statement of its own transaction. */
function commitStep(db: Database, enqueueDeps: typeof deps, step: StepCommit): Promise<number[]> {
  return transactionEndingWith(db, async () => stepStatement(enqueueDeps, step));
}

describe.each(DATABASE_KINDS)("a conversation step's writes in one statement (%s)", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database?.close());

  /** A subscriber in `status`, and a campaign slug of its own to find its reach events by. */
  async function subscriber(status: "pending" | "active" | "opted_out", now: Date) {
    counter += 1;
    const phone = phoneIdentity(keyring, `+99655520${String(counter).padStart(4, "0")}`);
    const { subscriber: row } = await findOrCreateSubscriber(database.db, keyring, { phone, channel: "sms", country: "KG", now });
    await database.db.update(subscribers).set({ status }).where(eq(subscribers.id, row.id));
    return { id: row.id, phone, campaign: `step-commit-${counter}` };
  }

  function step(
    who: Awaited<ReturnType<typeof subscriber>>,
    now: Date,
    update: SubscriberUpdate,
    event: StepCommit["event"],
    bodies: string[],
  ): StepCommit {
    return {
      subscriberId: who.id,
      update: { campaign: who.campaign, ...update },
      event,
      replies: { to: who.phone.e164, channel: "sms", bodies, now },
    };
  }

  async function repliesTo(phoneIndex: string) {
    return database.db
      .select({
        id: outboxMessages.id,
        body: outboxMessages.body,
        subscriberId: outboxMessages.subscriberId,
        priority: outboxMessages.priority,
      })
      .from(outboxMessages)
      .where(eq(outboxMessages.recipientIndex, phoneIndex))
      .orderBy(asc(outboxMessages.id));
  }

  async function eventsOf(campaign: string) {
    return database.db
      .select({ event: reachEvents.event, country: reachEvents.country, region: reachEvents.region, locale: reachEvents.locale })
      .from(reachEvents)
      .where(eq(reachEvents.campaign, campaign));
  }

  it("writes the fields, counts the event with the new dimensions and queues the replies in their order", async () => {
    const now = new Date();
    const who = await subscriber("pending", now);
    const ids = await commitStep(
      database.db,
      deps,
      step(who, now, { locale: "ru", regionCode: "KG-C", consent: { at: now, source: "sms-keyword" } }, "subscribed", [
        "first",
        "second",
        "third",
      ]),
    );

    const replies = await repliesTo(who.phone.phoneIndex);
    expect(replies.map((reply) => reply.body)).toEqual(["first", "second", "third"]);
    expect(ids).toEqual(replies.map((reply) => reply.id));
    expect(replies.every((reply) => reply.subscriberId === who.id && reply.priority === 0)).toBe(true);
    const [row] = await database.db.select().from(subscribers).where(eq(subscribers.id, who.id));
    expect(row).toMatchObject({ status: "active", locale: "ru", regionCode: "KG-C", consentSource: "sms-keyword" });
    expect(row?.updatedAt.getTime()).toBe(now.getTime());
    expect(await eventsOf(who.campaign)).toEqual([{ event: "subscribed", country: "KG", region: "KG-C", locale: "ru" }]);
  });

  it("writes every field a step may change, each to its column", async () => {
    const now = new Date();
    const who = await subscriber("active", now);
    const later = new Date(now.getTime() + 1_000);
    const conversation = { step: "choose-place" as const, options: ["KG", "RU", "ZZ"], then: "help" as const, campaign: who.campaign };
    const update: Required<Omit<SubscriberUpdate, "consent">> = {
      channel: "whatsapp",
      locale: "tg",
      country: "TJ",
      regionCode: "TJ-SU",
      currentPlace: "RU",
      campaign: who.campaign,
      conversation,
      lastInboundAt: later,
    };
    await commitStep(database.db, deps, step(who, now, update, null, []));
    const [row] = await database.db.select().from(subscribers).where(eq(subscribers.id, who.id));
    expect(row).toMatchObject({ ...update, status: "active" });
    await commitStep(database.db, deps, step(who, now, { conversation: null, regionCode: null }, null, []));
    const [cleared] = await database.db.select().from(subscribers).where(eq(subscribers.id, who.id));
    expect(cleared).toMatchObject({ conversation: null, regionCode: null, locale: "tg" });
  });

  it("a join's consent lets its confirmation reach a number that had opted out", async () => {
    const now = new Date();
    const who = await subscriber("opted_out", now);
    const ids = await commitStep(
      database.db,
      deps,
      step(who, now, { consent: { at: now, source: "sms-keyword" } }, "subscribed", ["welcome back"]),
    );
    expect(ids).toHaveLength(1);
    expect((await repliesTo(who.phone.phoneIndex)).map((reply) => reply.body)).toEqual(["welcome back"]);
  });

  it("without consent an opted-out number gets nothing, though its fields are written", async () => {
    const now = new Date();
    const who = await subscriber("opted_out", now);
    const ids = await commitStep(database.db, deps, step(who, now, { locale: "ky" }, null, ["not for you"]));
    expect(ids).toEqual([]);
    expect(await repliesTo(who.phone.phoneIndex)).toEqual([]);
    const [row] = await database.db.select().from(subscribers).where(eq(subscribers.id, who.id));
    expect(row).toMatchObject({ status: "opted_out", locale: "ky" });
  });

  it("a tombstoned number gets nothing", async () => {
    const now = new Date();
    const who = await subscriber("active", now);
    await database.db.insert(optOutTombstones).values({ phoneIndex: who.phone.phoneIndex, createdAt: now });
    expect(await commitStep(database.db, deps, step(who, now, {}, "help_requested", ["hotlines"]))).toEqual([]);
    expect(await repliesTo(who.phone.phoneIndex)).toEqual([]);
  });

  it("no event and no replies: only the fields", async () => {
    const now = new Date();
    const who = await subscriber("active", now);
    expect(await commitStep(database.db, deps, step(who, now, { currentPlace: "RU" }, null, []))).toEqual([]);
    expect(await eventsOf(who.campaign)).toEqual([]);
    const [row] = await database.db.select().from(subscribers).where(eq(subscribers.id, who.id));
    expect(row).toMatchObject({ currentPlace: "RU", campaign: who.campaign });
  });

  it("all or nothing: when the replies cannot be stored, neither the fields nor the event are", async () => {
    const now = new Date();
    const who = await subscriber("pending", now);
    const fault = await injectFault(database.db, { table: "outbox_messages", operation: "insert" });
    try {
      const failure = await commitStep(
        database.db,
        deps,
        step(who, now, { locale: "ru", consent: { at: now, source: "sms-keyword" } }, "subscribed", ["hi"]),
      ).catch((error: unknown) => error);
      // drizzle wraps the database's error ("Failed query: …") with it as the cause.
      expect(failure instanceof Error ? String(failure.cause) : failure).toMatch(/injected fault/);
    } finally {
      await fault.remove();
    }
    const [row] = await database.db.select().from(subscribers).where(eq(subscribers.id, who.id));
    expect(row).toMatchObject({ status: "pending", locale: null, campaign: null });
    expect(await eventsOf(who.campaign)).toEqual([]);
    const { rows } = await runSql<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from outbox_messages where recipient_index = ${who.phone.phoneIndex}`,
    );
    expect(Number(rows[0]?.n)).toBe(0);
  });
});
