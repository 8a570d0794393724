/**
 * A dispatcher that dies between claiming a row and recording the provider's answer: the row is
 * looked up at the provider (the list API) before anything resends it. A message that reached
 * Twilio is not sent again; one that did not is sent exactly once.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decryptPhone } from "~/audience/phone-crypto.server";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import type { Transport } from "~/messaging/transport";
import { claimDueMessages } from "~/outbox/claim.server";
import type { ClaimedMessage } from "~/outbox/outbox-row.server";
import { guardBeforeSend } from "~/outbox/record-outcome.server";
import { twilioFake } from "../mocks/twilio";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";
import {
  AF_NUMBER,
  expireLeases,
  IQ_NUMBER,
  KG_NUMBER,
  outboxHarness,
  outboxRow,
  resetMessagingTables,
  testEnv,
  type OutboxHarness,
} from "./outbox-kit";

describe.each(DATABASE_KINDS)("crash between claim and send on %s", (kind) => {
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

  /** What the dead worker did with a claimed row before dying: maybe called Twilio, never recorded it. */
  async function sendWithoutRecording(message: ClaimedMessage): Promise<string> {
    const result = await h.transport.send({
      outboxId: message.id,
      channel: message.channel,
      to: decryptPhone(keyring, message.recipientCiphertext),
      from: message.sender,
      body: message.body,
      contentSid: message.contentSid,
      contentVariables: message.contentVariables,
    });
    if (result.outcome !== "accepted") throw new Error("send failed");
    return result.providerMessageId;
  }

  it("asks the provider first; resends only what never reached it, exactly once", async () => {
    const reached = await h.enqueue({ to: KG_NUMBER, body: "reached Twilio" });
    const lost = await h.enqueue({ to: AF_NUMBER, body: "never left" });
    const claim = await claimDueMessages(testDb.db, { workerId: "crashed-worker", limit: 10, leaseSeconds: 30 });
    expect(claim.messages.map((m) => m.id)).toEqual([reached, lost]);
    const sid = await sendWithoutRecording(claim.messages[0]!);
    // …crash. Nothing recorded. Until the lease runs out nobody touches the rows:
    expect(await h.dispatch({ workerId: "survivor" })).toMatchObject({ claimed: 0, reconciled: 0 });
    await expireLeases(testDb.db);
    twilioFake.calls.length = 0;

    const report = await h.dispatch({ workerId: "survivor" });
    expect(report).toMatchObject({ reconciled: 2, claimed: 1, sent: 1 });
    // The provider was asked about both rows before the one resend.
    expect(twilioFake.calls.map((c) => c.kind)).toEqual(["list", "list", "create"]);
    expect(twilioFake.createsByOutboxId.get(reached)).toBe(1);
    expect(twilioFake.createsByOutboxId.get(lost)).toBe(1);
    expect(await outboxRow(testDb.db, reached)).toMatchObject({ status: "sent", provider_message_id: sid, attempts: 1 });
    const resent = await outboxRow(testDb.db, lost);
    expect(resent).toMatchObject({ status: "sent", attempts: 2 });
    expect(resent.provider_message_id).not.toBe(sid);
  });

  it("does not mistake an identical earlier text to the same number for the lost one", async () => {
    const first = await h.enqueue({ to: IQ_NUMBER, body: "Hotline 0800" });
    await h.dispatch();
    const second = await h.enqueue({ to: IQ_NUMBER, body: "Hotline 0800" });
    await claimDueMessages(testDb.db, { workerId: "crashed-worker", limit: 10, leaseSeconds: 30 });
    await expireLeases(testDb.db);
    expect(await h.dispatch({ workerId: "survivor" })).toMatchObject({ reconciled: 1, sent: 1 });
    expect(twilioFake.createsByOutboxId.get(first)).toBe(1);
    expect(twilioFake.createsByOutboxId.get(second)).toBe(1);
    expect((await outboxRow(testDb.db, second)).provider_message_id).not.toBe((await outboxRow(testDb.db, first)).provider_message_id);
  });

  it("leaves the row alone while the provider cannot be asked, and resolves it once it can", async () => {
    const id = await h.enqueue({ to: KG_NUMBER });
    const claim = await claimDueMessages(testDb.db, { workerId: "crashed-worker", limit: 10, leaseSeconds: 30 });
    await sendWithoutRecording(claim.messages[0]!);
    await expireLeases(testDb.db);
    twilioFake.fail("list", { status: 503 }, { times: 1 });
    expect(await h.dispatch({ workerId: "survivor" })).toMatchObject({ reconciled: 0, claimed: 0, sent: 0 });
    expect(await outboxRow(testDb.db, id)).toMatchObject({ status: "sending", provider_message_id: null });
    await expireLeases(testDb.db);
    expect(await h.dispatch({ workerId: "survivor" })).toMatchObject({ reconciled: 1, sent: 0 });
    expect((await outboxRow(testDb.db, id)).status).toBe("sent");
    expect(twilioFake.createsByOutboxId.get(id)).toBe(1);
  });

  it("a transport that throws after the provider got the message: reconciled, not resent", async () => {
    const id = await h.enqueue({ to: AF_NUMBER });
    const throwsAfterSending: Transport = {
      ...h.transport,
      async send(message) {
        await h.transport.send(message);
        throw new TypeError("bug while reading the answer");
      },
    };
    expect(await h.dispatch({ transport: throwsAfterSending })).toMatchObject({ claimed: 1, sent: 0 });
    expect(h.logLines.join("\n")).toContain("transport threw");
    // No waiting for the lease: the row is reconciled on the very next tick.
    expect(await h.dispatch()).toMatchObject({ reconciled: 1, claimed: 0 });
    expect((await outboxRow(testDb.db, id)).status).toBe("sent");
    expect(twilioFake.createsByOutboxId.get(id)).toBe(1);
  });

  it("a worker whose lease ran out before it sent does not send; the row is sent once by another", async () => {
    const id = await h.enqueue({ to: KG_NUMBER });
    const claim = await claimDueMessages(testDb.db, { workerId: "slow-worker", limit: 10, leaseSeconds: 30 });
    await expireLeases(testDb.db);
    expect((await guardBeforeSend(testDb.db, claim.messages, { leaseSeconds: 30 })).get(id)).toBe("lost");
    expect(await h.dispatch({ workerId: "other" })).toMatchObject({ reconciled: 1, claimed: 1, sent: 1 });
    expect(twilioFake.createsByOutboxId.get(id)).toBe(1);
    // The slow worker's claim is stale: nothing it records can overwrite the row any more.
    expect((await guardBeforeSend(testDb.db, claim.messages, { leaseSeconds: 30 })).get(id)).toBe("lost");
    expect(await outboxRow(testDb.db, id)).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("gives a row up after it crashed its dispatcher too many times", async () => {
    const id = await h.enqueue({ to: KG_NUMBER });
    for (let crash = 0; crash < 6; crash += 1) {
      await claimDueMessages(testDb.db, { workerId: `crash-${crash}`, limit: 10, leaseSeconds: 30 });
      await expireLeases(testDb.db);
      await h.dispatch({
        transport: { ...h.transport, send: () => Promise.reject(new Error("unused")) },
        env: { ...h.env, OUTBOX_BATCH_SIZE: 0 },
      });
    }
    expect(await outboxRow(testDb.db, id)).toMatchObject({ status: "failed", error_code: "unknown-outcome", attempts: 6 });
    expect(twilioFake.createCalls()).toHaveLength(0);
  });
});
