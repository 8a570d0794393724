/**
 * STOP, DELETE and the loop guard over the real webhook. STOP in any locale opts out at once,
 * cancels queued messages (the dispatcher then sends none of them), confirms once, and nothing
 * follows until an explicit join keyword. DELETE leaves no row linked to the number.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { phoneBlindIndex } from "~/audience/phone-crypto.server";
import { devPhoneMessages, inboundMessages, optOutTombstones, outboxMessages } from "~/db/schema";
import { allBuiltInKeywords } from "~/i18n/keywords";
import { LOCALES } from "~/i18n/locales";
import { DEFAULT_SMS_REPLIES } from "~/i18n/sms-replies";
import { createLogger } from "~/lib/logger.server";
import { createTransport } from "~/messaging/transports/transports.server";
import { dispatchOnce, newWorkerId } from "~/outbox/dispatcher.server";
import { enqueueMessage } from "~/outbox/enqueue.server";
import { DATABASE_KINDS } from "../setup/test-database";
import { freshNumber, sendOk, startInboundServer, type InboundServer } from "./twilio-inbound-harness";
import { smsSegmentCount } from "~/messaging/sms-segments";

const { ky, ru } = DEFAULT_SMS_REPLIES;

describe.each(DATABASE_KINDS)("STOP, DELETE and the loop guard (%s)", (kind) => {
  let server: InboundServer;
  beforeAll(async () => {
    server = await startInboundServer(kind);
  });
  afterAll(() => server?.close());

  const indexOf = (e164: string) => phoneBlindIndex(server.keyring, e164);

  async function subscribed(from: string): Promise<void> {
    for (const body of ["JOIN", "1", "1"]) await sendOk(server, from, body);
    expect((await server.subscriberOf(from))?.status).toBe("active");
  }

  const stopWords = allBuiltInKeywords().filter((keyword) => keyword.intent === "stop");

  it("has stop words in every locale to test", () => {
    // English uses the standard words, listed for "any" locale.
    expect(new Set(stopWords.map((keyword) => keyword.locale))).toEqual(new Set(["any", ...LOCALES.filter((l) => l !== "en")]));
  });

  it.each(stopWords.map((keyword) => [keyword.word, keyword.locale] as const))(
    "%s (%s) opts out with exactly one confirmation",
    async (word) => {
      const from = freshNumber("+996", "55");
      await subscribed(from);
      const before = (await server.repliesTo(from)).length;
      await sendOk(server, from, word);
      const subscriber = await server.subscriberOf(from);
      expect(subscriber?.status).toBe("opted_out");
      const replies = await server.repliesTo(from);
      expect(replies).toHaveLength(before + 1);
      // Their language was Kyrgyz: the confirmation is in Kyrgyz whatever the word's language.
      expect(replies.at(-1)).toBe(ky.stopConfirmation);
    },
  );

  it("a repeated STOP gets no second confirmation, and nothing else gets an answer until JOIN", async () => {
    const from = freshNumber("+996", "70");
    await subscribed(from);
    await sendOk(server, from, "STOP");
    const afterStop = (await server.repliesTo(from)).length;
    for (const body of ["STOP", "СТОП", "HELP", "hello?", "1"]) await sendOk(server, from, body);
    expect(await server.repliesTo(from)).toHaveLength(afterStop);
    expect((await server.subscriberOf(from))?.status).toBe("opted_out");

    await sendOk(server, from, "JOIN");
    const subscriber = await server.subscriberOf(from);
    expect(subscriber?.status).toBe("active");
    expect(await server.repliesTo(from)).toHaveLength(afterStop + 1);
  });

  it("STOP from a number we never saw: opted out by tombstone, confirmed in the country's language", async () => {
    const from = freshNumber("+996", "77");
    await sendOk(server, from, "STOP");
    expect(await server.subscriberOf(from)).toBeUndefined();
    const tombstones = await server.db
      .select()
      .from(optOutTombstones)
      .where(eq(optOutTombstones.phoneIndex, indexOf(from)));
    expect(tombstones).toHaveLength(1);
    expect(await server.repliesTo(from)).toEqual([ky.stopConfirmation]);
  });

  it("Twilio's own STOP handling (OptOutType=STOP): opted out, no second confirmation from us", async () => {
    const from = freshNumber("+996", "22");
    await subscribed(from);
    const before = (await server.repliesTo(from)).length;
    await sendOk(server, from, "stop please", { OptOutType: "STOP" });
    expect((await server.subscriberOf(from))?.status).toBe("opted_out");
    expect(await server.repliesTo(from)).toHaveLength(before);
  });

  it("STOP while messages are queued: none of them is sent, only the confirmation", async () => {
    const from = freshNumber("+996", "50");
    await subscribed(from);
    const subscriber = (await server.subscriberOf(from))!;
    const deps = { keyring: server.keyring, senderFor: () => "+996000000900", segmentsOf: smsSegmentCount };
    for (const body of ["Tip 1: check the contract", "Tip 2: keep a copy of your passport", "Tip 3: know the hotline"]) {
      await enqueueMessage(server.db, deps, { to: from, channel: "sms", subscriberId: subscriber.id, body, kind: "broadcast" });
    }
    await sendOk(server, from, "СТОП");

    const transport = createTransport(
      { ...server.env, messagingTransport: "local" },
      { db: server.db, keyring: server.keyring, logger: createLogger({ level: "silent" }) },
    );
    // Every due row in the database, not just this test's: earlier tests queued replies too.
    let sent = 0;
    for (;;) {
      const report = await dispatchOnce({
        db: server.db,
        transport,
        keyring: server.keyring,
        logger: createLogger({ level: "silent" }),
        env: { ...server.env, OUTBOX_RATE_PER_SENDER: 0, OUTBOX_BATCH_SIZE: 500 },
        workerId: newWorkerId(),
      });
      sent += report.sent;
      if (report.claimed === 0) break;
    }
    expect(sent).toBeGreaterThanOrEqual(1);

    const delivered = await server.db
      .select({ body: devPhoneMessages.body })
      .from(devPhoneMessages)
      .where(and(eq(devPhoneMessages.phoneIndex, indexOf(from)), eq(devPhoneMessages.direction, "outbound")));
    const bodies = delivered.map((row) => row.body);
    expect(bodies).toContain(ky.stopConfirmation);
    expect(bodies.filter((body) => body.startsWith("Tip "))).toEqual([]);
    const tips = await server.db
      .select({ status: outboxMessages.status })
      .from(outboxMessages)
      .where(and(eq(outboxMessages.recipientIndex, indexOf(from)), eq(outboxMessages.kind, "broadcast")));
    expect(tips.map((row) => row.status)).toEqual(["cancelled", "cancelled", "cancelled"]);
  });

  it("DELETE erases every row linked to the number, keeps it opted out, and JOIN subscribes again", async () => {
    const from = freshNumber("+996", "55");
    await subscribed(from);
    await sendOk(server, from, "HELP");
    await sendOk(server, from, "DELETE");

    const index = indexOf(from);
    expect(await server.subscriberOf(from)).toBeUndefined();
    expect(await server.db.select().from(inboundMessages).where(eq(inboundMessages.phoneIndex, index))).toEqual([]);
    const remaining = await server.db.select().from(outboxMessages).where(eq(outboxMessages.recipientIndex, index));
    // Only the erase confirmation keeps an (encrypted) recipient, until it is sent.
    expect(remaining.filter((row) => row.recipientCiphertext !== "").map((row) => row.body)).toEqual([ky.deleteConfirmation]);
    expect(remaining.filter((row) => row.body !== null && row.body !== ky.deleteConfirmation)).toEqual([]);
    expect(await server.db.select().from(optOutTombstones).where(eq(optOutTombstones.phoneIndex, index))).toHaveLength(1);

    // Still opted out: HELP gets nothing and recreates nothing.
    await sendOk(server, from, "HELP");
    expect(await server.subscriberOf(from)).toBeUndefined();
    expect((await server.repliesTo(from)).filter((body) => body !== "")).toEqual([ky.deleteConfirmation]);

    await sendOk(server, from, "JOIN");
    const subscriber = await server.subscriberOf(from);
    expect(subscriber?.status).toBe("active");
    expect(await server.db.select().from(optOutTombstones).where(eq(optOutTombstones.phoneIndex, index))).toEqual([]);
    expect((await server.repliesTo(from)).at(-1)).toContain("1 Кыргызча");
  });

  it("loop guard: of 21 messages in 5 minutes, the 21st gets no reply", async () => {
    const from = freshNumber("+996", "70");
    for (let i = 0; i < 20; i += 1) await sendOk(server, from, `question ${i}`);
    expect(await server.repliesTo(from)).toHaveLength(20);
    await sendOk(server, from, "question 20");
    expect(await server.repliesTo(from)).toHaveLength(20);
    // STOP still takes effect, silently.
    await sendOk(server, from, "STOP");
    expect((await server.subscriberOf(from))?.status).toBe("opted_out");
    expect(await server.repliesTo(from)).toHaveLength(20);
    expect(server.logs.join("")).toContain('"suppressed":"loop-guard"');
  });

  it("does not answer its own reply echoed back by an auto-responder", async () => {
    const from = freshNumber("+996", "50");
    await sendOk(server, from, "hello");
    const [menu] = await server.repliesTo(from);
    expect(menu).toBe(`${ky.unknownMenu}\n${ky.stopHint}`);
    await sendOk(server, from, menu!);
    expect(await server.repliesTo(from)).toHaveLength(1);
  });

  it("confirms a localized STOP in the keyword's language when the number has no language yet", async () => {
    const from = `+7701${String(Date.now() % 10_000_000).padStart(7, "0")}`; // Kazakhstan (default kk)
    await sendOk(server, from, "СТОП");
    expect(await server.repliesTo(from)).toEqual([ru.stopConfirmation]);
  });
});
