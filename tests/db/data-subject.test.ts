/**
 * Data-subject requests against a real database: the summary holds facts and counts but never the
 * number; the export holds everything, decrypted; the erasure is the DELETE keyword's own (the
 * database afterwards holds nothing that identifies the number but the tombstone, and the number
 * stays opted out); a number never seen is "nothing held".
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eraseHeldData, exportHeldData, summarizeHeldData } from "~/audience/data-subject.server";
import { isOptedOut } from "~/audience/opt-out.server";
import { encryptPhone, parsePhoneKeyring } from "~/audience/phone-crypto.server";
import { phoneIdentity, recordConsent, updateSubscriber, type PhoneIdentity } from "~/audience/subscribers.server";
import { broadcastRunTexts, broadcastRuns, outboxMessages } from "~/db/schema";
import { recordInbound } from "~/messaging/conversation/inbound-record.server";
import { smsSegmentCount } from "~/messaging/sms-segments";
import { enqueueMessage } from "~/outbox/enqueue.server";
import { dumpDatabase, rowsIdentifying } from "../setup/database-dump";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";

const keyring = parsePhoneKeyring(`k1:${Buffer.alloc(32, 5).toString("base64")}`, Buffer.alloc(32, 6).toString("base64"));
const deps = { keyring, senderFor: () => "+996000000900", segmentsOf: smsSegmentCount };
const NOW = new Date("2026-03-10T09:00:00Z");
let counter = 0;
const nextNumber = () => phoneIdentity(keyring, `+99670030${String(++counter).padStart(4, "0")}`);

/** A subscriber who joined, chose Kyrgyz and Bishkek, got a reply and a broadcast (stored as expansion stores it). */
async function seedSubscriber(db: TestDatabase["db"], phone: PhoneIdentity): Promise<number> {
  const joined = await recordInbound(db, {
    messageSid: `SM${String(counter).padStart(32, "0")}`,
    channel: "sms",
    phoneIndex: phone.phoneIndex,
    intent: "join",
    receivedAt: NOW,
    body: "JOIN",
    now: NOW,
    create: { phoneCiphertext: encryptPhone(keyring, phone.e164), country: "KG", join: true },
  });
  if (joined.duplicate || !joined.subscriber) throw new Error("not recorded");
  const id = joined.subscriber.id;
  await recordConsent(db, id, "sms-keyword", NOW);
  await updateSubscriber(db, id, { locale: "ky", regionCode: "KG-GB", campaign: "know-before-you-go" }, NOW);
  await enqueueMessage(db, deps, { to: phone.e164, channel: "sms", subscriberId: id, body: "Welcome zq9", kind: "reply", now: NOW });
  const broadcast = await enqueueMessage(db, deps, {
    to: phone.e164,
    channel: "sms",
    subscriberId: id,
    body: "Check the contract zq9",
    kind: "broadcast",
    now: NOW,
  });
  if (!broadcast.enqueued) throw new Error("not enqueued");
  // As expansion writes a broadcast row: no body of its own, its run's text by locale.
  const [run] = await db
    .insert(broadcastRuns)
    .values({ source: "broadcast", documentId: "broadcast-export", occurrence: `export-${counter}`, title: "Export", spec: {} })
    .returning({ id: broadcastRuns.id });
  await db.insert(broadcastRunTexts).values({ runId: run!.id, locale: "ky", body: "Check the contract zq9" });
  await db
    .update(outboxMessages)
    .set({ status: "delivered", body: null, broadcastRunId: run!.id, runTextLocale: "ky" })
    .where(eq(outboxMessages.id, broadcast.id));
  return id;
}

describe.each(DATABASE_KINDS)("data-subject requests (%s)", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database?.close());

  it("summarizes what is held without the number", async () => {
    const phone = nextNumber();
    const id = await seedSubscriber(database.db, phone);
    const summary = await summarizeHeldData(database.db, phone.phoneIndex);
    expect(summary).toMatchObject({
      held: true,
      subscription: {
        id,
        status: "active",
        channel: "sms",
        locale: "ky",
        country: "KG",
        regionCode: "KG-GB",
        consentSource: "sms-keyword",
      },
      tombstoneSince: null,
      inboundMessages: 1,
      devPhoneMessages: 0,
    });
    expect(summary.outbox).toEqual([
      { kind: "broadcast", status: "delivered", count: 1 },
      { kind: "reply", status: "queued", count: 1 },
    ]);
    const text = JSON.stringify(summary);
    for (const form of [phone.e164, phone.e164.slice(1), phone.e164.slice(-9), phone.phoneIndex]) expect(text).not.toContain(form);
  });

  it("exports everything held, decrypted", async () => {
    const phone = nextNumber();
    const id = await seedSubscriber(database.db, phone);
    const file = await exportHeldData(database.db, keyring, phone, NOW);
    expect(file).toMatchObject({ number: phone.e164, held: true, exportedAt: NOW.toISOString(), optOutTombstone: null });
    expect(file.subscription).toMatchObject({ id, status: "active", locale: "ky", consentSource: "sms-keyword" });
    expect(file.outboxMessages.map((m) => m.body)).toEqual(["Welcome zq9", "Check the contract zq9"]);
    expect(file.inboundMessages).toEqual([expect.objectContaining({ channel: "sms", intent: "join" })]);
    // Nothing of the storage leaks into the file: no ciphertext, no blind index.
    expect(JSON.stringify(file)).not.toContain(phone.phoneIndex);
    expect(JSON.stringify(file)).not.toMatch(/v1\.k1\./);
  });

  it("erases as DELETE does: nothing identifies the number but the tombstone, and it stays opted out", async () => {
    const phone = nextNumber();
    const id = await seedSubscriber(database.db, phone);
    const result = await eraseHeldData(database.db, phone.phoneIndex, NOW);
    expect(result).toEqual({ subscriberId: id, outboxMessages: 2, inboundMessages: 1 });

    expect(rowsIdentifying(await dumpDatabase(database.db), phone.e164, keyring)).toEqual([]);
    expect(await isOptedOut(database.db, phone.phoneIndex)).toBe(true);
    const summary = await summarizeHeldData(database.db, phone.phoneIndex);
    expect(summary).toMatchObject({ held: true, subscription: null, outbox: [], inboundMessages: 0 });
    expect(summary.tombstoneSince?.toISOString()).toBe(NOW.toISOString());
    // Not undone by anything but the person's own JOIN: a broadcast cannot reach the number.
    const again = await enqueueMessage(database.db, deps, {
      to: phone.e164,
      channel: "sms",
      subscriberId: null,
      body: "x",
      kind: "broadcast",
    });
    expect(again).toEqual({ enqueued: false, reason: "opted-out" });
    // Erasing again changes nothing.
    expect(await eraseHeldData(database.db, phone.phoneIndex, NOW)).toEqual({ subscriberId: null, outboxMessages: 0, inboundMessages: 0 });
  });

  it("answers 'nothing held' for a number never seen", async () => {
    const phone = nextNumber();
    expect(await summarizeHeldData(database.db, phone.phoneIndex)).toEqual({
      held: false,
      subscription: null,
      tombstoneSince: null,
      outbox: [],
      inboundMessages: 0,
      devPhoneMessages: 0,
    });
    const file = await exportHeldData(database.db, keyring, phone, NOW);
    expect(file).toMatchObject({ number: phone.e164, held: false, subscription: null, outboxMessages: [], inboundMessages: [] });
  });
});
