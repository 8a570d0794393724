/**
 * Subscribers against a real database: numbers normalized and validated, stored only encrypted,
 * found by blind index; DELETE erases everything linked to the number and leaves a tombstone.
 */
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isOptedOut } from "~/audience/opt-out.server";
import { decryptPhone, parsePhoneKeyring } from "~/audience/phone-crypto.server";
import {
  InvalidPhoneNumberError,
  deleteSubscriberData,
  findOrCreateSubscriber,
  findSubscriberByIndex,
  phoneIdentity,
  recordConsent,
  updateSubscriber,
} from "~/audience/subscribers.server";
import { devPhoneMessages, inboundMessages, optOutTombstones, outboxMessages, subscribers } from "~/db/schema";
import { enqueueMessage } from "~/outbox/enqueue.server";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";
import { smsSegmentCount } from "~/messaging/sms-segments";

const keyring = parsePhoneKeyring(`k1:${Buffer.alloc(32, 3).toString("base64")}`, Buffer.alloc(32, 4).toString("base64"));
const deps = { keyring, senderFor: () => "+996000000900", segmentsOf: smsSegmentCount };
let counter = 0;
const nextNumber = () => `+99670020${String(++counter).padStart(4, "0")}`;

describe("phoneIdentity", () => {
  it.each(["12345", "InfoSMS", "+1", "", "not a number"])("rejects %j", (raw) => {
    expect(() => phoneIdentity(keyring, raw)).toThrow(InvalidPhoneNumberError);
  });

  it("never puts the number in its error message", () => {
    try {
      phoneIdentity(keyring, "+99");
    } catch (error) {
      expect((error as Error).message).not.toContain("+99");
    }
  });

  it("gives one blind index for the spellings of one number", () => {
    const a = phoneIdentity(keyring, "+996 555 100 001");
    const b = phoneIdentity(keyring, "+996555100001");
    expect(a.e164).toBe("+996555100001");
    expect(a.phoneIndex).toBe(b.phoneIndex);
  });
});

describe.each(DATABASE_KINDS)("subscribers (%s)", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database?.close());

  it("creates a pending subscriber with the number encrypted, and finds it again by index", async () => {
    const phone = phoneIdentity(keyring, nextNumber());
    const now = new Date("2025-03-01T10:00:00Z");
    const first = await findOrCreateSubscriber(database.db, keyring, { phone, channel: "whatsapp", country: "KG", now });
    expect(first.created).toBe(true);
    expect(first.subscriber).toMatchObject({ status: "pending", channel: "whatsapp", country: "KG", consentAt: null });
    expect(first.subscriber.phoneCiphertext).not.toContain(phone.e164.slice(1));
    expect(decryptPhone(keyring, first.subscriber.phoneCiphertext)).toBe(phone.e164);

    const again = await findOrCreateSubscriber(database.db, keyring, { phone, channel: "sms", country: "KG", now });
    expect(again.created).toBe(false);
    expect(again.subscriber.id).toBe(first.subscriber.id);
    expect(await findSubscriberByIndex(database.db, phone.phoneIndex)).toMatchObject({ id: first.subscriber.id });
  });

  it("records consent with time and source, and updates the conversation fields", async () => {
    const phone = phoneIdentity(keyring, nextNumber());
    const { subscriber } = await findOrCreateSubscriber(database.db, keyring, { phone, channel: "sms", country: "AF", now: new Date() });
    const consentAt = new Date("2025-03-02T08:00:00Z");
    await recordConsent(database.db, subscriber.id, "dev-phone", consentAt);
    await updateSubscriber(
      database.db,
      subscriber.id,
      { locale: "ps", regionCode: "AF-KAB", conversation: { step: "choose-region", options: ["AF-KAB"], page: 0 } },
      consentAt,
    );
    const row = await findSubscriberByIndex(database.db, phone.phoneIndex);
    expect(row).toMatchObject({ status: "active", consentSource: "dev-phone", locale: "ps", regionCode: "AF-KAB" });
    expect(row?.consentAt?.toISOString()).toBe(consentAt.toISOString());
    expect(row?.conversation).toEqual({ step: "choose-region", options: ["AF-KAB"], page: 0 });
  });

  it("deleteSubscriberData erases the subscriber and every link to the number, keeps a tombstone", async () => {
    const phone = phoneIdentity(keyring, nextNumber());
    const { subscriber } = await findOrCreateSubscriber(database.db, keyring, { phone, channel: "sms", country: "KG", now: new Date() });
    await database.db
      .insert(inboundMessages)
      .values({ messageSid: `SM${"a".repeat(31)}${counter}`, channel: "sms", phoneIndex: phone.phoneIndex, intent: "join" });
    const queued = await enqueueMessage(database.db, deps, {
      to: phone.e164,
      channel: "sms",
      subscriberId: subscriber.id,
      body: "queued tip",
      kind: "broadcast",
    });
    const sent = await enqueueMessage(database.db, deps, {
      to: phone.e164,
      channel: "sms",
      subscriberId: subscriber.id,
      body: "sent reply",
      kind: "reply",
    });
    const inFlight = await enqueueMessage(database.db, deps, {
      to: phone.e164,
      channel: "sms",
      subscriberId: subscriber.id,
      body: "being sent",
      kind: "broadcast",
    });
    if (!queued.enqueued || !sent.enqueued || !inFlight.enqueued) throw new Error("not enqueued");
    await database.db.update(outboxMessages).set({ status: "delivered" }).where(eq(outboxMessages.id, sent.id));
    await database.db.update(outboxMessages).set({ status: "sending" }).where(eq(outboxMessages.id, inFlight.id));
    await database.db.insert(devPhoneMessages).values({
      phoneCiphertext: subscriber.phoneCiphertext,
      phoneIndex: phone.phoneIndex,
      direction: "inbound",
      channel: "sms",
      body: "JOIN",
      providerMessageId: `DEV-${counter}`,
      status: "received",
    });

    await deleteSubscriberData(database.db, phone.phoneIndex);

    expect(await findSubscriberByIndex(database.db, phone.phoneIndex)).toBeNull();
    expect(await database.db.select().from(inboundMessages).where(eq(inboundMessages.phoneIndex, phone.phoneIndex))).toEqual([]);
    expect(await database.db.select().from(devPhoneMessages).where(eq(devPhoneMessages.phoneIndex, phone.phoneIndex))).toEqual([]);
    // No outbox row keeps the blind index or the ciphertext, in flight or not.
    expect(await database.db.select().from(outboxMessages).where(eq(outboxMessages.recipientIndex, phone.phoneIndex))).toEqual([]);
    const rows = await database.db
      .select()
      .from(outboxMessages)
      .where(inArray(outboxMessages.id, [queued.id, sent.id, inFlight.id]));
    const byId = new Map(rows.map((row) => [row.id, row]));
    const erased = { body: null, recipientCiphertext: "", subscriberId: null };
    expect(byId.get(queued.id)).toMatchObject({ ...erased, status: "cancelled", recipientIndex: `erased:${queued.id}` });
    expect(byId.get(sent.id)).toMatchObject({ ...erased, status: "delivered", recipientIndex: `erased:${sent.id}` });
    // The dispatcher sending it holds the number in memory and records the outcome by id.
    expect(byId.get(inFlight.id)).toMatchObject({ ...erased, status: "sending", recipientIndex: `erased:${inFlight.id}` });
    for (const row of rows) expect(() => decryptPhone(keyring, row.recipientCiphertext)).toThrow();

    expect(await database.db.select().from(optOutTombstones).where(eq(optOutTombstones.phoneIndex, phone.phoneIndex))).toHaveLength(1);
    expect(await isOptedOut(database.db, phone.phoneIndex)).toBe(true);
    expect(await database.db.select().from(subscribers).where(eq(subscribers.id, subscriber.id))).toEqual([]);
  });
});
