/**
 * No plaintext phone number in the database or the logs, whatever path a message takes:
 * sent, failed, retried, reconciled after a crash, delivered locally, updated by a callback.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimDueMessages } from "~/outbox/claim.server";
import { runSql } from "~/db/run-sql.server";
import { twilioStatusCallback } from "~/messaging/transports/twilio-outcomes";
import { applyStatusCallback } from "~/outbox/status-updates.server";
import { twilioFake } from "../mocks/twilio";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";
import {
  AF_NUMBER,
  expireLeases,
  IQ_NUMBER,
  KG_NUMBER,
  makeQueuedDue,
  outboxHarness,
  outboxRows,
  resetMessagingTables,
  testEnv,
} from "./outbox-kit";

const TABLES = ["outbox_messages", "dev_phone_messages", "subscribers", "opt_out_tombstones", "inbound_messages", "webhook_receipts"];
const NUMBERS = [KG_NUMBER, AF_NUMBER, IQ_NUMBER, "+996559930003"];

/** The ways a number could leak: with or without "+", and its last nine digits (national part). */
function digitForms(e164: string): string[] {
  const digits = e164.slice(1);
  return [digits, digits.slice(-9)];
}

describe.each(DATABASE_KINDS)("phone number privacy on %s", (kind) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    await resetMessagingTables(testDb.db);
    twilioFake.reset();
  });
  afterAll(async () => {
    await testDb?.close();
  });

  it("keeps numbers out of every table and every log line", async () => {
    const twilio = outboxHarness(testDb.db);
    const local = outboxHarness(testDb.db, { env: testEnv({ TWILIO_ACCOUNT_SID: "", TWILIO_AUTH_TOKEN: "", TWILIO_SENDERS: "" }) });

    // Sent, then a callback with an error; a failure; a retry; a crash and its reconciliation.
    await twilio.enqueue({ to: KG_NUMBER, body: "first" });
    await twilio.dispatch();
    const sent = (await outboxRows(testDb.db))[0]!;
    const undelivered = twilioStatusCallback({
      messageSid: sent.provider_message_id!,
      messageStatus: "undelivered",
      errorCode: 30003,
      outboxId: sent.id,
    });
    await applyStatusCallback(testDb.db, undelivered, { logger: twilio.logger });
    twilioFake.fail(
      "create",
      { status: 400, code: 21211, message: `The 'To' number ${AF_NUMBER} is not a valid phone number.` },
      { times: 1 },
    );
    await twilio.enqueue({ to: AF_NUMBER, body: "second" });
    await twilio.dispatch();
    await twilio.enqueue({ to: IQ_NUMBER, body: "third" });
    await claimDueMessages(testDb.db, { workerId: "crashed", limit: 10, leaseSeconds: 30 });
    await expireLeases(testDb.db);
    await makeQueuedDue(testDb.db);
    await twilio.dispatch();
    // Local transport: a delivery and a simulated failure.
    await local.enqueue({ to: IQ_NUMBER, body: "fourth" });
    await local.enqueue({ to: "+996559930003", body: "fifth" });
    await local.dispatch();

    expect(twilioFake.createCalls().length).toBeGreaterThanOrEqual(3);
    const dump: string[] = [];
    for (const table of TABLES) {
      const rows = await runSql<{ row: string }>(testDb.db, sql`select row_to_json(t)::text as row from ${sql.identifier(table)} t`);
      dump.push(...rows.rows.map((r) => r.row));
    }
    expect(dump.some((row) => row.includes("recipient_ciphertext"))).toBe(true);
    expect(dump.some((row) => row.includes("phone_ciphertext"))).toBe(true);
    const logs = [...twilio.logLines, ...local.logLines];
    // The paths above did log (by outbox id): the scan below is not vacuous.
    for (const expected of ["twilio send failed", "send failed for good", "will retry", "queued again", "status callback recorded"]) {
      expect(logs.some((line) => line.includes(expected))).toBe(true);
    }
    for (const e164 of NUMBERS) {
      for (const form of digitForms(e164)) {
        expect(dump.filter((row) => row.includes(form))).toEqual([]);
        expect(logs.filter((line) => line.includes(form))).toEqual([]);
      }
    }
    // Bodies are stored where they must be sent, but never logged.
    for (const body of ["first", "second", "third", "fourth", "fifth"]) {
      expect(logs.filter((line) => line.includes(`"${body}"`))).toEqual([]);
    }
  });
});
