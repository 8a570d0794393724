/**
 * Enqueue, claim and dispatch on a real database (PGlite; PostgreSQL too when TEST_DATABASE_URL
 * is set), sending through the real Twilio transport against the msw fake of the Messages API.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { phoneBlindIndex } from "~/audience/phone-crypto.server";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { isOptedOut, optOutByIndex } from "~/audience/opt-out.server";
import type { Transport } from "~/messaging/transport";
import { claimDueMessages } from "~/outbox/claim.server";
import { enqueueMessage } from "~/outbox/enqueue.server";
import { runSql } from "~/db/run-sql.server";
import { MAX_ATTEMPTS } from "~/outbox/retry-policy";
import { twilioFake, type TwilioFailure } from "../mocks/twilio";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";
import {
  AF_NUMBER,
  DEFAULT_SENDER,
  IQ_NUMBER,
  KG_NUMBER,
  KG_SENDER,
  makeQueuedDue,
  outboxHarness,
  outboxRow,
  outboxRows,
  PUBLIC_BASE_URL,
  resetMessagingTables,
  testEnv,
  type OutboxHarness,
} from "./outbox-kit";
import { smsSegmentCount } from "~/messaging/sms-segments";

describe.each(DATABASE_KINDS)("outbox dispatch on %s", (kind) => {
  let testDb: TestDatabase;
  let h: OutboxHarness;
  const keyring = phoneKeyringFromEnv(testEnv());
  const indexOf = (e164: string) => phoneBlindIndex(keyring, e164);

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await testDb?.close();
  });
  beforeEach(async () => {
    await resetMessagingTables(testDb.db);
    twilioFake.reset();
    h = outboxHarness(testDb.db);
  });

  describe("enqueue", () => {
    it("stores the recipient encrypted with its blind index, sender, priority and segments", async () => {
      const id = await h.enqueue({ to: KG_NUMBER, body: "x".repeat(200), kind: "broadcast" });
      const raw = await runSql<{ recipient_ciphertext: string; recipient_index: string }>(
        testDb.db,
        sql`select recipient_ciphertext, recipient_index from outbox_messages where id = ${id}`,
      );
      expect(raw.rows[0]?.recipient_ciphertext).toMatch(/^v1\./);
      expect(raw.rows[0]?.recipient_index).toBe(indexOf(KG_NUMBER));
      expect(await outboxRow(testDb.db, id)).toMatchObject({ status: "queued", priority: 10, segments: 2, sender: KG_SENDER, attempts: 0 });
      const reply = await h.enqueue({ to: AF_NUMBER, kind: "reply" });
      expect(await outboxRow(testDb.db, reply)).toMatchObject({ priority: 0, sender: DEFAULT_SENDER, segments: 1 });
    });

    it("refuses an opted-out number, except for the STOP confirmation", async () => {
      await optOutByIndex(testDb.db, indexOf(IQ_NUMBER), "keyword");
      const deps = { keyring, senderFor: h.transport.senderFor, segmentsOf: smsSegmentCount };
      const request = { to: IQ_NUMBER, channel: "sms" as const, subscriberId: null, body: "hello", kind: "reply" as const };
      expect(await enqueueMessage(testDb.db, deps, request)).toEqual({ enqueued: false, reason: "opted-out" });
      const confirmation = await enqueueMessage(testDb.db, deps, {
        ...request,
        body: "You are unsubscribed",
        bypassOptOut: "stop-confirmation",
      });
      expect(confirmation.enqueued).toBe(true);
      // …and the confirmation is actually sent, despite the opt-out, exactly once.
      const report = await h.dispatch();
      expect(report).toMatchObject({ claimed: 1, sent: 1, cancelled: 0 });
      expect(twilioFake.createCalls()).toHaveLength(1);
    });

    it("waits until notBefore", async () => {
      await h.enqueue({ to: KG_NUMBER, notBefore: new Date(Date.now() + 60_000) });
      expect((await h.dispatch()).claimed).toBe(0);
    });
  });

  describe("claim", () => {
    it("claims replies before broadcasts, then oldest first, and counts the attempt", async () => {
      const broadcasts = [await h.enqueue({ to: KG_NUMBER, kind: "broadcast" }), await h.enqueue({ to: AF_NUMBER, kind: "broadcast" })];
      const replies = [await h.enqueue({ to: IQ_NUMBER, kind: "reply" }), await h.enqueue({ to: KG_NUMBER, kind: "reply" })];
      const claim = await claimDueMessages(testDb.db, { workerId: "w1", limit: 3, leaseSeconds: 30 });
      expect(claim.messages.map((m) => m.id)).toEqual([...replies, broadcasts[0]]);
      expect(claim.messages.every((m) => m.attempts === 1 && m.leasedBy === "w1")).toBe(true);
      const again = await claimDueMessages(testDb.db, { workerId: "w2", limit: 10, leaseSeconds: 30 });
      expect(again.messages.map((m) => m.id)).toEqual([broadcasts[1]]);
    });

    it("cancels rows whose number opted out after they were queued", async () => {
      const id = await h.enqueue({ to: AF_NUMBER });
      // A tombstone written behind the outbox's back (no cancellation): the claim must catch it.
      await runSql(testDb.db, sql`insert into opt_out_tombstones (phone_index) values (${indexOf(AF_NUMBER)})`);
      const claim = await claimDueMessages(testDb.db, { workerId: "w1", limit: 10, leaseSeconds: 30 });
      expect(claim).toEqual({ messages: [], cancelled: 1, rescheduled: 0 });
      expect(await outboxRow(testDb.db, id)).toMatchObject({ status: "cancelled", error_code: "opted-out" });
    });
  });

  describe("send", () => {
    it("records the provider id, sent time and segments, and sends the status callback URL", async () => {
      const id = await h.enqueue({ to: KG_NUMBER, body: "Hotline 0800" });
      expect(await h.dispatch()).toMatchObject({ claimed: 1, sent: 1, retried: 0, failed: 0 });
      const row = await outboxRow(testDb.db, id);
      expect(row).toMatchObject({ status: "sent", attempts: 1, error_code: null, lease_expires_at: null, segments: 1 });
      expect(row.provider_message_id).toMatch(/^SM/);
      expect(row.sent_at).toBeInstanceOf(Date);
      expect(twilioFake.createCalls()[0]?.params.StatusCallback).toBe(`${PUBLIC_BASE_URL}/webhooks/twilio/status?outbox=${id}`);
      expect(await h.dispatch()).toMatchObject({ claimed: 0, sent: 0 });
      expect(twilioFake.createCalls()).toHaveLength(1);
    });

    it("re-checks the opt-out right before each send (STOP arriving mid-batch)", async () => {
      const first = await h.enqueue({ to: KG_NUMBER, body: "first" });
      const second = await h.enqueue({ to: KG_NUMBER, body: "second" });
      // The STOP is handled while the first message is with the provider: the second, already
      // claimed in the same batch, must not leave.
      const stopDuringSend: Transport = {
        ...h.transport,
        async send(message) {
          const result = await h.transport.send(message);
          await optOutByIndex(testDb.db, indexOf(KG_NUMBER), "keyword");
          return result;
        },
      };
      const report = await h.dispatch({ transport: stopDuringSend, concurrency: 1 });
      expect(report).toMatchObject({ claimed: 2, sent: 1, cancelled: 1 });
      expect((await outboxRow(testDb.db, first)).status).toBe("sent");
      expect(await outboxRow(testDb.db, second)).toMatchObject({ status: "cancelled", error_code: "opted-out" });
      expect(twilioFake.createCalls().map((c) => c.params.Body)).toEqual(["first"]);
    });

    it("never sends a message queued before a STOP", async () => {
      const id = await h.enqueue({ to: IQ_NUMBER });
      await optOutByIndex(testDb.db, indexOf(IQ_NUMBER), "keyword");
      expect(await h.dispatch()).toMatchObject({ claimed: 0, sent: 0 });
      expect((await outboxRow(testDb.db, id)).status).toBe("cancelled");
      expect(twilioFake.createCalls()).toHaveLength(0);
    });
  });

  describe("each error class, through the Twilio transport", () => {
    it.each([
      { code: 21211, status: 400 },
      { code: 21614, status: 400 },
      { code: 30005, status: 400 },
      { code: 30006, status: 400 },
    ])("$code: failed at once, never retried", async ({ code, status }) => {
      twilioFake.fail("create", { status, code });
      const id = await h.enqueue({ to: KG_NUMBER });
      expect(await h.dispatch()).toMatchObject({ failed: 1, retried: 0 });
      await makeQueuedDue(testDb.db);
      expect((await h.dispatch()).claimed).toBe(0);
      expect(await outboxRow(testDb.db, id)).toMatchObject({ status: "failed", error_code: String(code), attempts: 1 });
      expect(twilioFake.createCalls()).toHaveLength(1);
    });

    it("21610: failed, and the number is opted out (its other queued messages cancelled)", async () => {
      twilioFake.fail("create", { status: 400, code: 21610 }, { times: 1 });
      const id = await h.enqueue({ to: AF_NUMBER, body: "one" });
      const later = await h.enqueue({ to: AF_NUMBER, body: "two", notBefore: new Date(Date.now() + 60_000) });
      expect(await h.dispatch({ concurrency: 1 })).toMatchObject({ failed: 1 });
      expect(await outboxRow(testDb.db, id)).toMatchObject({ status: "failed", error_code: "21610", failure_kind: "contact-stopped" });
      expect(await isOptedOut(testDb.db, indexOf(AF_NUMBER))).toBe(true);
      expect((await outboxRow(testDb.db, later)).status).toBe("cancelled");
      const deps = { keyring, senderFor: h.transport.senderFor, segmentsOf: smsSegmentCount };
      expect(
        await enqueueMessage(testDb.db, deps, { to: AF_NUMBER, channel: "sms", subscriberId: null, body: "three", kind: "broadcast" }),
      ).toEqual({ enqueued: false, reason: "opted-out" });
    });

    it("30003: retried exactly once, then failed with the code", async () => {
      twilioFake.fail("create", { status: 400, code: 30003 });
      const id = await h.enqueue({ to: KG_NUMBER });
      expect(await h.dispatch()).toMatchObject({ retried: 1 });
      expect(await outboxRow(testDb.db, id)).toMatchObject({
        status: "queued",
        attempts: 1,
        error_code: "30003",
        failure_kind: "unreachable",
      });
      await makeQueuedDue(testDb.db);
      expect(await h.dispatch()).toMatchObject({ failed: 1 });
      await makeQueuedDue(testDb.db);
      expect((await h.dispatch()).claimed).toBe(0);
      expect(await outboxRow(testDb.db, id)).toMatchObject({ status: "failed", attempts: 2, error_code: "30003" });
      expect(twilioFake.createCalls()).toHaveLength(2);
    });

    it.each<{ name: string; failure: TwilioFailure; code: string; limit: number }>([
      { name: "429", failure: { status: 429 }, code: "http-429", limit: MAX_ATTEMPTS.throttled },
      { name: "20429", failure: { status: 429, code: 20429 }, code: "20429", limit: MAX_ATTEMPTS.throttled },
      { name: "500", failure: { status: 500, code: 20500 }, code: "20500", limit: MAX_ATTEMPTS["may-have-been-sent"] },
      { name: "503", failure: { status: 503 }, code: "http-503", limit: MAX_ATTEMPTS["may-have-been-sent"] },
      { name: "network error", failure: "network", code: "network", limit: MAX_ATTEMPTS["may-have-been-sent"] },
    ])("$name: retried with growing backoff up to $limit attempts, then failed with the code", async ({ failure, code, limit }) => {
      twilioFake.fail("create", failure);
      const id = await h.enqueue({ to: KG_NUMBER });
      const delays: number[] = [];
      for (let attempt = 1; attempt <= limit; attempt += 1) {
        const before = Date.now();
        await h.dispatch();
        const row = await outboxRow(testDb.db, id);
        expect(row.attempts).toBe(attempt);
        if (attempt < limit) {
          expect(row).toMatchObject({ status: "queued", error_code: code });
          delays.push(row.next_attempt_at.getTime() - before);
          await makeQueuedDue(testDb.db);
        }
      }
      expect(await outboxRow(testDb.db, id)).toMatchObject({ status: "failed", error_code: code, attempts: limit });
      expect(twilioFake.createCalls()).toHaveLength(limit);
      // Full jitter within [ceiling/2, ceiling], ceiling = 5 s × 2^(n−1): never shrinking by half.
      delays.forEach((delay, index) => {
        const ceiling = 5_000 * 2 ** index;
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2 - 1_000);
        expect(delay).toBeLessThanOrEqual(ceiling + 1_000);
      });
    });
  });

  describe("an ambiguous failure (5xx, broken connection) is looked up before any resend", () => {
    it.each<{ name: string; failure: TwilioFailure }>([
      { name: "500", failure: { status: 500, code: 20500 } },
      { name: "network error", failure: "network" },
    ])("$name, though Twilio created the message: recorded as sent from the lookup, not created again", async ({ failure }) => {
      twilioFake.fail("create", failure, { times: 1 });
      const id = await h.enqueue({ to: KG_NUMBER, body: "Hotline: 0800 000 000" });
      expect(await h.dispatch()).toMatchObject({ retried: 1 });
      // What Twilio in fact did with the failed request: the message exists in the account.
      const created = twilioFake.seed({ to: KG_NUMBER, from: KG_SENDER, body: "Hotline: 0800 000 000", status: "sent" });
      await makeQueuedDue(testDb.db);
      expect(await h.dispatch()).toMatchObject({ sent: 1, retried: 0 });
      expect(await outboxRow(testDb.db, id)).toMatchObject({
        status: "sent",
        provider_message_id: created.sid,
        attempts: 2,
        error_code: null,
        failure_kind: null,
      });
      expect(twilioFake.createCalls()).toHaveLength(1);
      expect(twilioFake.listCalls()).toHaveLength(1);
    });

    it("a definite refusal (429) is retried without a lookup", async () => {
      twilioFake.fail("create", { status: 429, code: 20429 }, { times: 1 });
      const id = await h.enqueue({ to: KG_NUMBER });
      await h.dispatch();
      await makeQueuedDue(testDb.db);
      expect(await h.dispatch()).toMatchObject({ sent: 1 });
      expect(twilioFake.listCalls()).toHaveLength(0);
      expect((await outboxRow(testDb.db, id)).status).toBe("sent");
    });

    it("when the provider cannot say (its list fails too), the message waits with backoff instead of being resent", async () => {
      twilioFake.fail("create", { status: 503 }, { times: 1 });
      twilioFake.fail("list", { status: 503 }, { times: 1 });
      const id = await h.enqueue({ to: KG_NUMBER });
      await h.dispatch();
      await makeQueuedDue(testDb.db);
      expect(await h.dispatch()).toMatchObject({ sent: 0, retried: 1 });
      expect(await outboxRow(testDb.db, id)).toMatchObject({
        status: "queued",
        error_code: "http-503",
        failure_kind: "may-have-been-sent",
        attempts: 2,
      });
      expect(twilioFake.createCalls()).toHaveLength(1);
      await makeQueuedDue(testDb.db);
      expect(await h.dispatch()).toMatchObject({ sent: 1 });
      expect(twilioFake.createCalls()).toHaveLength(2);
    });
  });

  describe("rate limit per sender", () => {
    it("sends one per sender per token, replies first, and puts the rest back untried until its turn", async () => {
      const T0 = new Date("2026-12-01T07:00:00.000Z");
      const at = (ms: number) => new Date(T0.getTime() + ms);
      const paced = outboxHarness(testDb.db, { env: testEnv({ OUTBOX_RATE_PER_SENDER: "1" }) });
      const broadcast = await paced.enqueue({ to: KG_NUMBER, kind: "broadcast", body: "bulk", now: T0 });
      const reply = await paced.enqueue({ to: KG_NUMBER, kind: "reply", body: "answer", now: T0 });
      const other = await paced.enqueue({ to: AF_NUMBER, kind: "broadcast", body: "bulk elsewhere", now: T0 });
      expect(await paced.dispatch({ now: T0 })).toMatchObject({ claimed: 3, sent: 2, deferred: 1 });
      expect((await outboxRow(testDb.db, reply)).status).toBe("sent");
      expect((await outboxRow(testDb.db, other)).status).toBe("sent");
      // Due when the KG sender's next token comes: one interval on, less the half-interval tolerance.
      const waiting = await outboxRow(testDb.db, broadcast);
      expect(waiting).toMatchObject({ status: "queued", attempts: 0 });
      expect(waiting.next_attempt_at.toISOString()).toBe(at(500).toISOString());
      // Not due before its turn; at its turn it gets the token.
      expect(await paced.dispatch({ now: at(400) })).toMatchObject({ claimed: 0, sent: 0 });
      expect(await paced.dispatch({ now: at(500) })).toMatchObject({ claimed: 1, sent: 1, deferred: 0 });
      expect(await outboxRow(testDb.db, broadcast)).toMatchObject({ status: "sent", attempts: 1 });
    });
  });

  describe("local transport (dev phone)", () => {
    let local: OutboxHarness;
    beforeEach(() => {
      local = outboxHarness(testDb.db, { env: testEnv({ TWILIO_ACCOUNT_SID: "", TWILIO_AUTH_TOKEN: "", TWILIO_SENDERS: "" }) });
    });

    it("delivers into dev_phone_messages, encrypted, and records delivered", async () => {
      expect(local.transport.name).toBe("local");
      const id = await local.enqueue({ to: IQ_NUMBER, body: "مرحبا" });
      expect(await local.dispatch()).toMatchObject({ sent: 1 });
      const row = await outboxRow(testDb.db, id);
      expect(row.status).toBe("delivered");
      expect(row.provider_message_id).toMatch(new RegExp(`^LOCAL-${id}-[0-9a-f]{12}$`));
      const phone = await runSql<{ phone_ciphertext: string; phone_index: string; body: string; direction: string; status: string }>(
        testDb.db,
        sql`select phone_ciphertext, phone_index, body, direction, status from dev_phone_messages`,
      );
      expect(phone.rows).toEqual([
        {
          phone_ciphertext: expect.stringMatching(/^v1\./),
          phone_index: indexOf(IQ_NUMBER),
          body: "مرحبا",
          direction: "outbound",
          status: "delivered",
        },
      ]);
      expect(await local.transport.findSent({ outboxId: id, to: IQ_NUMBER, channel: "sms", body: "مرحبا", since: new Date(0) })).toEqual({
        found: true,
        providerMessageId: row.provider_message_id,
        status: "delivered",
      });
      expect(await local.transport.findSent({ outboxId: id + 1, to: IQ_NUMBER, channel: "sms", body: null, since: new Date(0) })).toEqual({
        found: false,
      });
    });

    it("simulates Twilio failures for numbers ending 99 + an error code", async () => {
      const unreachable = await local.enqueue({ to: "+996559930003" });
      const stopped = await local.enqueue({ to: "+996559921610" });
      await local.dispatch();
      expect(await outboxRow(testDb.db, unreachable)).toMatchObject({ status: "queued", error_code: "30003" });
      expect(await outboxRow(testDb.db, stopped)).toMatchObject({ status: "failed", error_code: "21610" });
      expect(await isOptedOut(testDb.db, indexOf("+996559921610"))).toBe(true);
    });
  });

  it("leaves no claimed row without a recorded outcome", async () => {
    for (const to of [KG_NUMBER, AF_NUMBER, IQ_NUMBER]) await h.enqueue({ to });
    await h.dispatch();
    expect((await outboxRows(testDb.db)).map((r) => r.status)).toEqual(["sent", "sent", "sent"]);
  });
});
