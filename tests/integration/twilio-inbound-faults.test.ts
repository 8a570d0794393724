/**
 * A STOP survives every fault. Over the real webhook, on both databases, with the fault injected
 * where it used to undo the opt-out:
 * - the content backend down with nothing cached (Sanity answering 500 right after a restart):
 *   STOP and DELETE take effect and are confirmed from the built-in texts, in the number's
 *   language; HELP, JOIN, menus and free text are answered from built-in texts, never a 500;
 * - a text the database cannot store (NUL and other control characters);
 * - the database refusing the confirmation or the record after the opt-out (a trigger failing
 *   the insert): the opt-out stays, the webhook answers 500 so the provider delivers the message
 *   again, the retry confirms it exactly once (decision 032), and the log names the failure
 *   without a value;
 * - the echo check: a STOP that matches one of our own messages still opts out.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { phoneBlindIndex } from "~/audience/phone-crypto.server";
import { findOrCreateSubscriber, phoneIdentity, updateSubscriber } from "~/audience/subscribers.server";
import { inboundMessages, optOutTombstones, outboxMessages } from "~/db/schema";
import { countryName } from "~/i18n/locales";
import { DEFAULT_SMS_REPLIES } from "~/i18n/sms-replies";
import { enqueueMessage } from "~/outbox/enqueue.server";
import { createSanityFailureHandlers } from "../mocks/sanity";
import { mockServer } from "../mocks/server";
import { injectFault } from "../setup/database-faults";
import { numberForms } from "../setup/database-dump";
import { DATABASE_KINDS } from "../setup/test-database";
import { freshNumber, newMessageSid, sendOk, startInboundServer, type InboundServer } from "./twilio-inbound-harness";
import { smsSegmentCount } from "~/messaging/sms-segments";

const { ar, en, ky, ru } = DEFAULT_SMS_REPLIES;

/** A subscriber as an earlier conversation left it: Russian, Chüy region, active. */
async function seedSubscriber(server: InboundServer, e164: string): Promise<void> {
  const now = new Date();
  const phone = phoneIdentity(server.keyring, e164);
  const { subscriber } = await findOrCreateSubscriber(server.db, server.keyring, { phone, channel: "sms", country: "KG", now });
  await updateSubscriber(server.db, subscriber.id, { locale: "ru", regionCode: "KG-C", consent: { at: now, source: "sms-keyword" } }, now);
}

/** What the logs must never hold: the number, the blind index, ciphertexts, query parameters. */
function expectCleanLogs(server: InboundServer, e164: string, texts: readonly string[] = []): void {
  const logs = server.logs.join("");
  for (const form of numberForms(e164)) expect(logs).not.toContain(form);
  expect(logs).not.toContain(phoneBlindIndex(server.keyring, e164));
  expect(logs).not.toMatch(/v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{20,}/);
  expect(logs).not.toMatch(/params|Failed query|insert into|invalid byte sequence/i);
  for (const text of texts) expect(logs).not.toContain(text);
}

describe.each(DATABASE_KINDS)("content unavailable, nothing cached (%s)", (kind) => {
  let server: InboundServer;
  let sanityCalls = 0;
  beforeAll(async () => {
    server = await startInboundServer(kind, { SANITY_PROJECT_ID: "testproject", SANITY_DATASET: "production" });
  });
  beforeEach(() => {
    mockServer.use(...createSanityFailureHandlers(500, () => sanityCalls++));
  });
  afterAll(() => server?.close());

  it("STOP from a subscriber: opted out, confirmed in their language from the built-in texts", async () => {
    const from = freshNumber("+996", "55");
    await seedSubscriber(server, from);
    const response = await server.send(from, "STOP");
    expect(response.status).toBe(200);
    expect((await server.subscriberOf(from))?.status).toBe("opted_out");
    expect(await server.repliesTo(from)).toEqual([ru.stopConfirmation]);
    expect(sanityCalls).toBeGreaterThan(0);
  });

  it.each([
    ["+996", "70", ky],
    ["+964", "770", ar],
    ["+44", "791", en],
  ] as const)("STOP from a new %s number: tombstoned, confirmed in the country's own language", async (country, prefix, texts) => {
    const from = freshNumber(country, prefix);
    await sendOk(server, from, "stop");
    const tombstones = await server.db
      .select()
      .from(optOutTombstones)
      .where(eq(optOutTombstones.phoneIndex, phoneBlindIndex(server.keyring, from)));
    expect(tombstones).toHaveLength(1);
    expect(await server.repliesTo(from)).toEqual([texts.stopConfirmation]);
  });

  it("DELETE: erased and tombstoned, confirmed from the built-in texts", async () => {
    const from = freshNumber("+996", "56");
    await seedSubscriber(server, from);
    await sendOk(server, from, "DELETE");
    expect(await server.subscriberOf(from)).toBeUndefined();
    const tombstones = await server.db
      .select()
      .from(optOutTombstones)
      .where(eq(optOutTombstones.phoneIndex, phoneBlindIndex(server.keyring, from)));
    expect(tombstones).toHaveLength(1);
    expect(await server.repliesTo(from)).toEqual([ru.deleteConfirmation]);
  });

  it("HELP: answered (built-in text, no hotline to give) instead of a 500", async () => {
    const from = freshNumber("+996", "57");
    await seedSubscriber(server, from);
    await sendOk(server, from, "HELP");
    expect(await server.repliesTo(from)).toEqual([`${ru.noHotline}\n${ru.stopHint}`]);
  });

  it("JOIN and the menus: the language menu, then subscribed to the country as a whole", async () => {
    const from = freshNumber("+996", "70");
    await sendOk(server, from, "JOIN");
    const [menu] = await server.repliesTo(from);
    expect(menu).toContain("1 Кыргызча");
    await sendOk(server, from, "1");
    const replies = await server.repliesTo(from);
    expect(replies).toHaveLength(2);
    expect(replies[1]).toBe(`${ky.confirmationNoHotline.replace("{region}", countryName("KG", "ky"))}\n${ky.stopHint}`);
    expect(await server.subscriberOf(from)).toMatchObject({ status: "active", locale: "ky", country: "KG", regionCode: null });
  });

  it("free text and a campaign keyword it cannot look up: the built-in keyword reminder", async () => {
    const from = freshNumber("+996", "77");
    await sendOk(server, from, "SAFE");
    await sendOk(server, from, "what is this?");
    expect(await server.repliesTo(from)).toEqual([`${ky.unknownMenu}\n${ky.stopHint}`, `${ky.unknownMenu}\n${ky.stopHint}`]);
    expect(server.logs.join("")).toContain('"contentUnavailable":true');
  });
});

describe.each(DATABASE_KINDS)("faults after the opt-out (%s)", (kind) => {
  let server: InboundServer;
  beforeAll(async () => {
    server = await startInboundServer(kind);
  });
  afterAll(() => server?.close());

  async function subscribed(from: string): Promise<void> {
    for (const body of ["JOIN", "1", "1"]) await sendOk(server, from, body);
    expect((await server.subscriberOf(from))?.status).toBe("active");
  }

  it("a text with NUL and other control characters: STOP works, other text is answered", async () => {
    const stopping = freshNumber("+996", "60");
    await subscribed(stopping);
    await sendOk(server, stopping, "STOP\u0000");
    expect((await server.subscriberOf(stopping))?.status).toBe("opted_out");
    expect((await server.repliesTo(stopping)).at(-1)).toBe(ky.stopConfirmation);

    const talking = freshNumber("+996", "99");
    await sendOk(server, talking, "he\u0000llo\u0007 there");
    expect(await server.repliesTo(talking)).toEqual([`${ky.unknownMenu}\n${ky.stopHint}`]);
    expectCleanLogs(server, stopping);
  });

  /** Delivers the message once with `fault` in place: the answer's status. */
  async function sendDuring(fault: { table: string; operation: "insert" | "update" }, from: string, body: string, sid: string) {
    const injected = await injectFault(server.db, fault);
    try {
      return (await server.send(from, body, { MessageSid: sid })).status;
    } finally {
      await injected.remove();
    }
  }

  /** A subscriber's STOP delivered while the confirmation cannot be stored: 500, opted out all the same. */
  async function stopUnconfirmed(prefix: string) {
    const from = freshNumber("+996", prefix);
    await subscribed(from);
    const before = await server.repliesTo(from);
    const sid = newMessageSid();
    expect(await sendDuring({ table: "outbox_messages", operation: "insert" }, from, "STOP", sid)).toBe(500);
    expect((await server.subscriberOf(from))?.status).toBe("opted_out");
    expect(await server.repliesTo(from)).toEqual(before);
    return { from, sid, before };
  }

  it("the confirmation cannot be stored: the STOP holds, a 500 asks for a retry, the retry confirms once", async () => {
    const { from, sid, before } = await stopUnconfirmed("50");
    const logged = server.logs.filter((line) => line.includes("confirmation is owed") && line.includes("P0001"));
    expect(logged.length).toBeGreaterThan(0);

    // Twilio's retry of the same message: confirmed now, and only now.
    expect((await server.send(from, "STOP", { MessageSid: sid })).status).toBe(200);
    expect((await server.send(from, "STOP", { MessageSid: sid })).status).toBe(200);
    expect(await server.repliesTo(from)).toEqual([...before, ky.stopConfirmation]);
    expect((await server.subscriberOf(from))?.status).toBe("opted_out");
    expectCleanLogs(server, from, [ky.stopConfirmation]);
  });

  it("retries racing for a confirmation still owed: it is queued once", async () => {
    const { from, sid, before } = await stopUnconfirmed("52");
    const answers = await Promise.all([1, 2, 3].map(() => server.send(from, "STOP", { MessageSid: sid })));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(await server.repliesTo(from)).toEqual([...before, ky.stopConfirmation]);
  });

  it("another STOP while the first one's confirmation is owed: confirmed once in all", async () => {
    const { from, sid: first, before } = await stopUnconfirmed("55");
    // A STOP owed its confirmation is not a STOP confirmed: the second one is confirmed...
    await sendOk(server, from, "STOP");
    expect(await server.repliesTo(from)).toEqual([...before, ky.stopConfirmation]);
    // ...and the first one's retry then finds it confirmed within the day: silence.
    expect((await server.send(from, "STOP", { MessageSid: first })).status).toBe(200);
    expect(await server.repliesTo(from)).toEqual([...before, ky.stopConfirmation]);
  });

  /** A subscriber's DELETE delivered during `fault`: answered 500, erased at once all the same. */
  async function deleteDuring(table: string, prefix: string) {
    const from = freshNumber("+996", prefix);
    await subscribed(from);
    const sid = newMessageSid();
    expect(await sendDuring({ table, operation: "insert" }, from, "DELETE", sid)).toBe(500);
    expect(await server.subscriberOf(from)).toBeUndefined();
    const index = phoneBlindIndex(server.keyring, from);
    expect(await server.db.select().from(outboxMessages).where(eq(outboxMessages.recipientIndex, index))).toEqual([]);
    expect(await server.db.select().from(optOutTombstones).where(eq(optOutTombstones.phoneIndex, index))).toHaveLength(1);
    return { from, sid, index };
  }

  it("DELETE when its confirmation cannot be stored: erased at once, confirmed by the retry", async () => {
    const { from, sid, index } = await deleteDuring("outbox_messages", "22");

    expect((await server.send(from, "DELETE", { MessageSid: sid })).status).toBe(200);
    expect((await server.send(from, "DELETE", { MessageSid: sid })).status).toBe(200);
    const queued = await server.db.select().from(outboxMessages).where(eq(outboxMessages.recipientIndex, index));
    expect(queued.map((row) => [row.body, row.optOutExempt, row.subscriberId])).toEqual([
      [ky.deleteConfirmation, "erase-confirmation", null],
    ]);
    expect(await server.subscriberOf(from)).toBeUndefined();
    expectCleanLogs(server, from);
  });

  it("DELETE when the message cannot be recorded: erased at once, a 500; the retry finds it erased and stays silent", async () => {
    const { from, sid, index } = await deleteDuring("inbound_messages", "51");
    // Without its record the erase cannot be told from an earlier one: nothing more is sent.
    expect((await server.send(from, "DELETE", { MessageSid: sid })).status).toBe(200);
    expect(await server.db.select().from(outboxMessages).where(eq(outboxMessages.recipientIndex, index))).toEqual([]);
    // The retry recorded it this time.
    expect(await server.db.select().from(inboundMessages).where(eq(inboundMessages.messageSid, sid))).toHaveLength(1);
    expectCleanLogs(server, from);
  });

  it("the message cannot be recorded: the STOP commits alone, a 500; the retry records and confirms it once", async () => {
    const from = freshNumber("+996", "77");
    await subscribed(from);
    const before = await server.repliesTo(from);
    const sid = newMessageSid();
    expect(await sendDuring({ table: "inbound_messages", operation: "insert" }, from, "STOP please stop", sid)).toBe(500);
    expect((await server.subscriberOf(from))?.status).toBe("opted_out");
    expect(await server.repliesTo(from)).toEqual(before);
    expect(server.logs.some((line) => line.includes("opting out without it") && line.includes("P0001"))).toBe(true);

    expect((await server.send(from, "STOP please stop", { MessageSid: sid })).status).toBe(200);
    expect((await server.send(from, "STOP please stop", { MessageSid: sid })).status).toBe(200);
    expect(await server.repliesTo(from)).toEqual([...before, ky.stopConfirmation]);
    expectCleanLogs(server, from, ["STOP please stop"]);
  });

  it("nothing can be recorded at all, the opt-out neither: a 500, and the log names the failure without a value", async () => {
    const from = freshNumber("+996", "20");
    const faults = [
      await injectFault(server.db, { table: "inbound_messages", operation: "insert" }),
      await injectFault(server.db, { table: "opt_out_tombstones", operation: "insert" }),
    ];
    try {
      expect((await server.send(from, "STOP please stop")).status).toBe(500);
    } finally {
      for (const fault of faults) await fault.remove();
    }
    expect(server.logs.some((line) => line.includes("handling failed") && line.includes("P0001"))).toBe(true);
    expectCleanLogs(server, from, ["STOP please stop"]);
  });

  it("a STOP that is also the text of one of our recent messages still opts out", async () => {
    const from = freshNumber("+996", "55");
    await subscribed(from);
    const subscriber = (await server.subscriberOf(from))!;
    // A broadcast that was just the word (a Studio slip), echoed back by the phone or a person.
    await enqueueMessage(
      server.db,
      { keyring: server.keyring, senderFor: () => "+996000000900", segmentsOf: smsSegmentCount },
      {
        to: from,
        channel: "sms",
        subscriberId: subscriber.id,
        body: "STOP",
        kind: "broadcast",
      },
    );
    await sendOk(server, from, "STOP");
    expect((await server.subscriberOf(from))?.status).toBe("opted_out");
  });
});
