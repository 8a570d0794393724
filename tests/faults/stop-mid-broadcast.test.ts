/**
 * STOP arriving while a broadcast is being dispatched, through the real inbound path
 * (handleInbound, as the Twilio webhook calls it), at three moments:
 * - "before": its broadcast row was already sent when the STOP came; that one message stays the
 *   only broadcast message the number gets.
 * - "claimed": its row is claimed in the batch being sent right now (leased, `sending`) but its
 *   group has not gone out yet: the STOP is handled while Twilio is still answering an earlier
 *   group's request, and the re-check right before the send cancels it.
 * - "queued": its row waits for a later batch; the STOP cancels it in its own transaction.
 * After a STOP the number gets nothing but the STOP confirmation; every other recipient gets
 * exactly one message.
 */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { http } from "msw";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { expandRun } from "~/broadcasts/expand.server";
import { senderTable } from "~/broadcasts/plan.server";
import { broadcastRunSpec } from "~/broadcasts/run-spec";
import { ensureRun } from "~/broadcasts/runs.server";
import { createContentSource } from "~/content/content-source.server";
import { runSql } from "~/db/run-sql.server";
import { handleInbound, type InboundDeps } from "~/messaging/inbound.server";
import type { DispatchReport } from "~/outbox/dispatcher.server";
import { mockServer } from "../mocks/server";
import { twilioFake } from "../mocks/twilio";
import { broadcastDoc, seedSubscribers, TEST_REGIONS, testNumber } from "../db/broadcast-kit";
import { capturedLogger, KG_SENDER, outboxHarness, resetMessagingTables, testEnv } from "../db/outbox-kit";
import { writeInboundTestDataset } from "../integration/twilio-inbound-dataset";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";
import { exactlyOnceProblems } from "./fault-kit";

const RECIPIENTS = 120;
const BATCH = 40;
const CONCURRENCY = 8;
/** 13:00 in Bishkek: inside the send window. */
const T0 = new Date("2026-12-01T07:00:00Z");
const MESSAGES_URL = "https://api.twilio.com/2010-04-01/Accounts/:accountSid/Messages.json";

describe.each(DATABASE_KINDS)("STOP in the middle of a broadcast on %s", (kind) => {
  let testDb: TestDatabase;
  const env = testEnv({ OUTBOX_BATCH_SIZE: String(BATCH), CONTENT_DATASET_DIR: writeInboundTestDataset() });
  const keyring = phoneKeyringFromEnv(env);

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await testDb?.close();
  });
  beforeEach(async () => {
    await resetMessagingTables(testDb.db);
    twilioFake.reset();
  });

  it("no later message reaches a number once its STOP is handled, whenever it comes", async () => {
    // All in Bishkek: every number is a valid Kyrgyz mobile the inbound path accepts.
    const numbers = Array.from({ length: RECIPIENTS }, (_, n) => testNumber("KG", 100 + n));
    const subscriberIds = await seedSubscribers(
      testDb.db,
      keyring,
      numbers.map((phone) => ({ phone, country: "KG", regionCode: "KG-GB" })),
    );
    const h = outboxHarness(testDb.db, { env });
    const spec = broadcastRunSpec(broadcastDoc(), { kind: "asap" }, TEST_REGIONS);
    const run = await ensureRun(testDb.db, {
      source: "broadcast",
      contentHash: "",
      documentId: "broadcast-test",
      occurrence: "once",
      title: "STOP test",
      spec,
    });
    await expandRun(testDb.db, run.id, { senders: senderTable(h.transport), now: T0 });

    // The order the dispatcher will take the rows in (all due at once: by id).
    const order = await runSql<{ subscriber_id: number }>(
      testDb.db,
      sql`
      select subscriber_id::int as subscriber_id from outbox_messages order by priority, next_attempt_at, id`,
    );
    const inClaimOrder = order.rows.map((row) => numbers[subscriberIds.indexOf(Number(row.subscriber_id))]!);
    expect(inClaimOrder).toHaveLength(RECIPIENTS);
    const targets = {
      before: inClaimOrder[2]!, // first group of the first batch
      trigger: inClaimOrder[CONCURRENCY + 3]!, // second group: Twilio is answering this one when the STOPs come
      claimed: inClaimOrder[4 * CONCURRENCY + 1]!, // fifth group of the first batch
      queued: inClaimOrder[BATCH + 17]!, // second batch
    };

    const { logger } = capturedLogger();
    const inbound: InboundDeps = {
      db: testDb.db,
      content: createContentSource({ env, logger }),
      env,
      logger,
      keyring,
      senderFor: h.transport.senderFor,
      // The dispatcher's clock: the confirmations must be due when it next looks.
      now: () => T0,
    };
    /** Where the fake's call log stood when each STOP had been handled, and its confirmation. */
    const stopped = new Map<string, { callsBefore: number; confirmationId: number }>();
    async function stop(phone: string): Promise<void> {
      const outcome = await handleInbound(inbound, {
        messageSid: `SM${randomBytes(16).toString("hex")}`,
        from: phone,
        to: KG_SENDER,
        body: "STOP",
        receivedAt: T0,
        via: "twilio",
      });
      expect(outcome).toMatchObject({ duplicate: false, intent: "stop" });
      if (outcome.duplicate) return;
      expect(outcome.replyIds).toHaveLength(1);
      stopped.set(phone, { callsBefore: twilioFake.calls.length, confirmationId: outcome.replyIds[0]! });
    }

    // Twilio holds its answer to the trigger's request until the two STOPs are handled. Returning
    // nothing hands the request on to the fake Twilio's own handler.
    let triggered = false;
    mockServer.use(
      http.post(MESSAGES_URL, async ({ request }) => {
        const to = new URLSearchParams(await request.clone().text()).get("To");
        if (to === targets.trigger && !triggered) {
          triggered = true;
          await stop(targets.before);
          await stop(targets.claimed);
        }
        return undefined;
      }),
    );

    const reports: DispatchReport[] = [await h.dispatch({ now: T0, concurrency: CONCURRENCY })];
    expect(triggered).toBe(true);
    expect(reports[0]).toMatchObject({ claimed: BATCH, cancelled: 1, sent: BATCH - 1 });
    await stop(targets.queued);
    for (let tick = 1; tick < 20; tick += 1) {
      const report = await h.dispatch({ now: new Date(T0.getTime() + tick * 1_000), concurrency: CONCURRENCY });
      reports.push(report);
      if (report.claimed === 0) break;
    }

    const createsTo = (phone: string) =>
      twilioFake.calls.map((call, index) => ({ ...call, index })).filter((call) => call.kind === "create" && call.params.To === phone);
    for (const [name, phone] of Object.entries(targets).filter(([name]) => name !== "trigger")) {
      const { callsBefore, confirmationId } = stopped.get(phone)!;
      const afterStop = createsTo(phone).filter((call) => call.index >= callsBefore);
      // After the STOP: the confirmation, and nothing else.
      expect(
        afterStop.map((call) => call.outboxId),
        name,
      ).toEqual([confirmationId]);
      const broadcastMessages = createsTo(phone).filter((call) => call.outboxId !== confirmationId);
      expect(broadcastMessages.length, name).toBe(name === "before" ? 1 : 0);
      expect(
        broadcastMessages.every((call) => call.index < callsBefore),
        name,
      ).toBe(true);
    }

    const others = numbers.filter((phone) => !stopped.has(phone));
    expect(exactlyOnceProblems(twilioFake, others).missing).toBe(0);
    expect(exactlyOnceProblems(twilioFake, others).duplicated).toBe(0);
    const rows = await runSql<{ status: string; error_code: string | null; n: number }>(
      testDb.db,
      sql`
      select status, error_code, count(*)::int as n from outbox_messages where broadcast_run_id = ${run.id}
      group by status, error_code order by status`,
    );
    expect(rows.rows.map((row) => ({ ...row, n: Number(row.n) }))).toEqual([
      { status: "cancelled", error_code: "opted-out", n: 2 },
      { status: "sent", error_code: null, n: RECIPIENTS - 2 },
    ]);
    // The three confirmations went out as replies.
    expect(reports.reduce((sum, report) => sum + report.sent, 0)).toBe(RECIPIENTS - 2 + 3);
  });
});
