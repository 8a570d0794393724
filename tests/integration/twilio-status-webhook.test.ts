/**
 * POST /webhooks/twilio/status: the route's action with real signed requests (the real Twilio
 * signature algorithm) over a real database, on every database kind. The HTTP path through the
 * built server is covered in twilio-status-http.test.ts.
 */
import { sql } from "drizzle-orm";
import type { ActionFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AppContext } from "~/context.server";
import type { ContentSource } from "~/content/content-source";
import { phoneBlindIndex } from "~/audience/phone-crypto.server";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { isOptedOut } from "~/audience/opt-out.server";
import type { Transport } from "~/messaging/transport";
import { runSql } from "~/db/run-sql.server";
import { action } from "~/routes/webhooks.twilio.status";
import { FAKE_AUTH_TOKEN, signedTwilioRequest, twilioFake } from "../mocks/twilio";
import { injectFault } from "../setup/database-faults";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";
import {
  AF_NUMBER,
  IQ_NUMBER,
  KG_NUMBER,
  makeQueuedDue,
  outboxHarness,
  outboxRow,
  outboxRows,
  PUBLIC_BASE_URL,
  resetMessagingTables,
  testEnv,
  type OutboxHarness,
} from "../db/outbox-kit";

const LOCAL_URL = "http://127.0.0.1:3000";

describe.each(DATABASE_KINDS)("twilio status webhook on %s", (kind) => {
  let testDb: TestDatabase;
  let h: OutboxHarness;
  const keyring = phoneKeyringFromEnv(testEnv());

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

  function context(): AppContext {
    return {
      env: h.env,
      logger: h.logger,
      db: testDb.db,
      keyring,
      transport: h.transport,
      // The status webhook never reads content; a content source would only slow the test down.
      content: {} as ContentSource,
      cspNonce: "test",
      now: () => new Date(),
    };
  }

  async function post(request: Request): Promise<Response> {
    return action({ request, context: context(), params: {} } as ActionFunctionArgs);
  }

  function callback(
    params: Record<string, string>,
    options: { outbox?: number | null; signature?: string | null; query?: string } = {},
  ): Request {
    const query = options.query ?? (options.outbox === null || options.outbox === undefined ? "" : `?outbox=${options.outbox}`);
    return signedTwilioRequest({
      url: `${LOCAL_URL}/webhooks/twilio/status${query}`,
      publicUrl: `${PUBLIC_BASE_URL}/webhooks/twilio/status${query}`,
      authToken: FAKE_AUTH_TOKEN,
      params,
      signature: options.signature,
    });
  }

  async function sentMessage(to = KG_NUMBER): Promise<{ id: number; sid: string }> {
    const id = await h.enqueue({ to });
    await h.dispatch();
    const row = await outboxRow(testDb.db, id);
    return { id, sid: row.provider_message_id! };
  }

  async function receipts(): Promise<number> {
    const result = await runSql<{ count: number }>(testDb.db, sql`select count(*)::int as count from webhook_receipts`);
    return Number(result.rows[0]?.count);
  }

  it("moves the row forward and answers 200 with an empty body", async () => {
    const { id, sid } = await sentMessage();
    const response = await post(callback({ MessageSid: sid, MessageStatus: "delivered", AccountSid: "AC1" }, { outbox: id }));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    expect((await outboxRow(testDb.db, id)).status).toBe("delivered");
  });

  it.each([
    { name: "missing", signature: null },
    { name: "forged", signature: "bm90IGEgc2lnbmF0dXJl" },
  ])("$name signature: 403 and nothing stored", async ({ signature }) => {
    const { id, sid } = await sentMessage();
    const response = await post(callback({ MessageSid: sid, MessageStatus: "failed", ErrorCode: "21610" }, { outbox: id, signature }));
    expect(response.status).toBe(403);
    expect(await receipts()).toBe(0);
    expect((await outboxRow(testDb.db, id)).status).toBe("sent");
    expect(await isOptedOut(testDb.db, phoneBlindIndex(keyring, KG_NUMBER))).toBe(false);
  });

  it("rejects a signature made for another outbox id (the query is signed)", async () => {
    const { id, sid } = await sentMessage();
    const signedForOther = callback({ MessageSid: sid, MessageStatus: "failed" }, { outbox: id + 1 }).headers.get("x-twilio-signature");
    const response = await post(callback({ MessageSid: sid, MessageStatus: "failed" }, { outbox: id, signature: signedForOther }));
    expect(response.status).toBe(403);
  });

  it("handles the same callback delivered five times once", async () => {
    const { id, sid } = await sentMessage();
    for (let i = 0; i < 5; i += 1) {
      const response = await post(callback({ MessageSid: sid, MessageStatus: "delivered" }, { outbox: id }));
      expect(response.status).toBe(200);
    }
    expect(await receipts()).toBe(1);
    expect((await outboxRow(testDb.db, id)).status).toBe("delivered");
  });

  it("only moves forward: a late sent after delivered is ignored, read after delivered is taken", async () => {
    const { id, sid } = await sentMessage();
    const statuses = ["delivered", "sent", "queued", "undelivered", "read", "delivered"];
    const seen: string[] = [];
    for (const status of statuses) {
      await post(callback({ MessageSid: sid, MessageStatus: status }, { outbox: id }));
      seen.push((await outboxRow(testDb.db, id)).status);
    }
    expect(seen).toEqual(["delivered", "delivered", "delivered", "delivered", "read", "read"]);
  });

  it("takes out-of-order finals: failed before sent stays failed", async () => {
    const { id, sid } = await sentMessage();
    await post(callback({ MessageSid: sid, MessageStatus: "failed", ErrorCode: "30008" }, { outbox: id }));
    await post(callback({ MessageSid: sid, MessageStatus: "sent" }, { outbox: id }));
    expect(await outboxRow(testDb.db, id)).toMatchObject({ status: "failed", error_code: "30008", failure_kind: "carrier-error" });
  });

  it("finds the row by the outbox id when the callback beats the dispatcher's own record", async () => {
    let fastCallback: Promise<Response> | undefined;
    const callbackFirst: Transport = {
      ...h.transport,
      async send(message) {
        const result = await h.transport.send(message);
        if (result.outcome === "accepted") {
          fastCallback = post(callback({ MessageSid: result.providerMessageId, MessageStatus: "delivered" }, { outbox: message.outboxId }));
          await fastCallback;
        }
        return result;
      },
    };
    const id = await h.enqueue({ to: AF_NUMBER });
    await h.dispatch({ transport: callbackFirst });
    expect((await fastCallback)?.status).toBe(200);
    const row = await outboxRow(testDb.db, id);
    expect(row.status).toBe("delivered");
    expect(row.provider_message_id).toBe(twilioFake.messages[0]?.sid);
    expect(row.lease_expires_at).toBeNull();
  });

  it("21610 in a callback opts the number out and cancels what is queued to it", async () => {
    const { id, sid } = await sentMessage(IQ_NUMBER);
    const queued = await h.enqueue({ to: IQ_NUMBER, notBefore: new Date(Date.now() + 60_000) });
    const response = await post(callback({ MessageSid: sid, MessageStatus: "undelivered", ErrorCode: "21610" }, { outbox: id }));
    expect(response.status).toBe(200);
    expect(await isOptedOut(testDb.db, phoneBlindIndex(keyring, IQ_NUMBER))).toBe(true);
    expect(await outboxRow(testDb.db, id)).toMatchObject({ status: "undelivered", error_code: "21610", failure_kind: "contact-stopped" });
    expect((await outboxRow(testDb.db, queued)).status).toBe("cancelled");
    expect((await outboxRows(testDb.db)).filter((r) => r.status === "queued")).toEqual([]);
  });

  it("21610 holds even when the rest of the callback cannot be recorded (503, opted out)", async () => {
    const { id, sid } = await sentMessage(AF_NUMBER);
    // The receipt, the status move: everything after the opt-out fails.
    const fault = await injectFault(testDb.db, { table: "webhook_receipts", operation: "insert" });
    let response: Response;
    try {
      response = await post(callback({ MessageSid: sid, MessageStatus: "undelivered", ErrorCode: "21610" }, { outbox: id }));
    } finally {
      await fault.remove();
    }
    expect(response.status).toBe(503);
    expect(await isOptedOut(testDb.db, phoneBlindIndex(keyring, AF_NUMBER))).toBe(true);
    expect(h.logLines.some((line) => line.includes("could not record the callback") && line.includes("P0001"))).toBe(true);
    expect(h.logLines.join("\n")).not.toMatch(/params|Failed query/);
    // A retry of the callback (Twilio, with a fallback URL or its own retry policy) records the status.
    const again = await post(callback({ MessageSid: sid, MessageStatus: "undelivered", ErrorCode: "21610" }, { outbox: id }));
    expect(again.status).toBe(200);
    expect(await outboxRow(testDb.db, id)).toMatchObject({ status: "undelivered", error_code: "21610" });
  });

  it("30003 in a callback is recorded and tried once more, as a new row", async () => {
    const { id, sid } = await sentMessage();
    await post(callback({ MessageSid: sid, MessageStatus: "undelivered", ErrorCode: "30003" }, { outbox: id }));
    expect(await outboxRow(testDb.db, id)).toMatchObject({ status: "undelivered", error_code: "30003", failure_kind: "unreachable" });
    const retry = (await outboxRows(testDb.db)).find((r) => r.id !== id)!;
    expect(retry).toMatchObject({ status: "queued", attempts: 1 });
    expect(retry.next_attempt_at.getTime()).toBeGreaterThan(Date.now());
    await makeQueuedDue(testDb.db);
    await h.dispatch();
    const retried = await outboxRow(testDb.db, retry.id);
    expect(retried).toMatchObject({ status: "sent", attempts: 2 });
    await post(
      callback({ MessageSid: retried.provider_message_id!, MessageStatus: "undelivered", ErrorCode: "30003" }, { outbox: retry.id }),
    );
    // Once only: the class allows two attempts in all.
    expect(await outboxRows(testDb.db)).toHaveLength(2);
  });

  it.each<{ name: string; params: Record<string, string>; reason: string }>([
    { name: "a bad MessageSid", params: { MessageSid: "not-a-sid", MessageStatus: "sent" }, reason: "MessageSid" },
    { name: "an unknown status", params: { MessageSid: `SM${"1".repeat(32)}`, MessageStatus: "exploded" }, reason: "MessageStatus" },
    {
      name: "a non-numeric ErrorCode",
      params: { MessageSid: `SM${"1".repeat(32)}`, MessageStatus: "failed", ErrorCode: "x1" },
      reason: "ErrorCode",
    },
  ])("400 with a reason for $name", async ({ params, reason }) => {
    const response = await post(callback(params));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(reason);
    expect(await receipts()).toBe(0);
  });

  it("400 for a malformed outbox id in the (signed) URL", async () => {
    const response = await post(callback({ MessageSid: `SM${"1".repeat(32)}`, MessageStatus: "sent" }, { query: "?outbox=abc" }));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("outbox");
  });

  it("413 for a body over 64 KB", async () => {
    const response = await post(callback({ MessageSid: `SM${"1".repeat(32)}`, MessageStatus: "sent", Padding: "x".repeat(70_000) }));
    expect(response.status).toBe(413);
    expect(await receipts()).toBe(0);
  });

  it("200 for a message we do not know (Twilio must not retry it forever)", async () => {
    const response = await post(callback({ MessageSid: `SM${"2".repeat(32)}`, MessageStatus: "delivered" }, { outbox: 999 }));
    expect(response.status).toBe(200);
    expect(h.logLines.join("\n")).toContain("do not know");
  });
});
