/**
 * startDispatcher: the interval loop drains the outbox, never runs two ticks at once, and
 * `stop()` waits for the tick in flight (a send in progress is recorded before it resolves).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import type { Transport } from "~/messaging/transport";
import { startDispatcher } from "~/outbox/dispatcher.server";
import { twilioFake } from "../mocks/twilio";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";
import { AF_NUMBER, IQ_NUMBER, KG_NUMBER, outboxHarness, outboxRow, outboxRows, resetMessagingTables, testEnv, type OutboxHarness } from "./outbox-kit";

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(DATABASE_KINDS)("dispatcher loop on %s", (kind) => {
  let testDb: TestDatabase;
  let h: OutboxHarness;
  const env = testEnv({ OUTBOX_DISPATCH_INTERVAL_MS: "50", OUTBOX_BATCH_SIZE: "2" });

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await testDb?.close();
  });
  beforeEach(async () => {
    await resetMessagingTables(testDb.db);
    twilioFake.reset();
    h = outboxHarness(testDb.db, { env });
  });

  it("drains a backlog bigger than a batch, then picks up new messages on the interval", async () => {
    for (const to of [KG_NUMBER, AF_NUMBER, IQ_NUMBER, KG_NUMBER, AF_NUMBER]) await h.enqueue({ to });
    const dispatcher = startDispatcher({ db: testDb.db, transport: h.transport, keyring: phoneKeyringFromEnv(env), logger: h.logger, env });
    try {
      await until(async () => (await outboxRows(testDb.db)).every((row) => row.status === "sent"));
      const late = await h.enqueue({ to: IQ_NUMBER });
      await until(async () => (await outboxRow(testDb.db, late)).status === "sent");
    } finally {
      await dispatcher.stop();
    }
    expect(twilioFake.createCalls()).toHaveLength(6);
  });

  it("never overlaps ticks, and stop() waits for the send in flight", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let releaseSend: (() => void) | undefined;
    const slow: Transport = {
      ...h.transport,
      async send(message) {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise<void>((resolve) => {
          releaseSend = resolve;
        });
        inFlight -= 1;
        return h.transport.send(message);
      },
    };
    const id = await h.enqueue({ to: KG_NUMBER });
    const dispatcher = startDispatcher({ db: testDb.db, transport: slow, keyring: phoneKeyringFromEnv(env), logger: h.logger, env, concurrency: 1 });
    await until(async () => releaseSend !== undefined);
    // Several intervals pass while the send hangs: no second tick may start meanwhile.
    await h.enqueue({ to: AF_NUMBER });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(maxInFlight).toBe(1);

    let stopped = false;
    const stopping = dispatcher.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stopped).toBe(false);
    releaseSend!();
    await stopping;
    expect((await outboxRow(testDb.db, id)).status).toBe("sent");
    // Stopped: the second message stays queued.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await outboxRows(testDb.db)).map((row) => row.status)).toEqual(["sent", "queued"]);
  });
});
