/**
 * A carrier STOP (Twilio error 21610: the person replied STOP to their carrier) is an opt-out that
 * must hold even when recording the send's outcome fails right after: the dispatcher commits the
 * opt-out first, on its own. On both databases, with the outcome's UPDATE failing by trigger.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isOptedOut } from "~/audience/opt-out.server";
import { phoneBlindIndex } from "~/audience/phone-crypto.server";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { findOrCreateSubscriber, phoneIdentity, recordConsent } from "~/audience/subscribers.server";
import { injectFault } from "../setup/database-faults";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";
import { outboxHarness, outboxRows, resetMessagingTables, testEnv } from "./outbox-kit";

/** The local transport fails a number ending in 99 21610 as Twilio would for a carrier STOP. */
const STOPPED_AT_CARRIER = "+996559921610";

describe.each(DATABASE_KINDS)("carrier STOP in the dispatcher (%s)", (kind) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
  });
  beforeEach(() => resetMessagingTables(testDb.db));
  afterAll(() => testDb?.close());

  it("opts the number out although recording the failed send is refused", async () => {
    const env = testEnv({ TWILIO_ACCOUNT_SID: "", TWILIO_AUTH_TOKEN: "", TWILIO_SENDERS: "" });
    const keyring = phoneKeyringFromEnv(env);
    const phone = phoneIdentity(keyring, STOPPED_AT_CARRIER);
    const now = new Date();
    const { subscriber } = await findOrCreateSubscriber(testDb.db, keyring, { phone, channel: "sms", country: "KG", now });
    await recordConsent(testDb.db, subscriber.id, "sms-keyword", now);
    const local = outboxHarness(testDb.db, { env });
    await local.enqueue({ to: STOPPED_AT_CARRIER, subscriberId: subscriber.id, body: "Tip of the week", kind: "broadcast" });

    const fault = await injectFault(testDb.db, { table: "outbox_messages", operation: "update", when: "NEW.error_code = '21610'" });
    try {
      await local.dispatch();
    } finally {
      await fault.remove();
    }
    expect(await isOptedOut(testDb.db, phoneBlindIndex(keyring, STOPPED_AT_CARRIER))).toBe(true);
    // The outcome itself was not recorded: the row waits for its lease to end and reconciliation.
    expect((await outboxRows(testDb.db)).map((row) => row.status)).toEqual(["sending"]);
    const logs = local.logLines.join("\n");
    expect(logs).toContain("P0001");
    expect(logs).not.toMatch(/params|Failed query|v1\./);
  });
});
