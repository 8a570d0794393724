/**
 * The one dispatch loop: the `dispatch-outbox` job under the real scheduler (node-cron, real
 * timers), as `npm start` and `npm run jobs` run it. It drains a backlog bigger than a batch,
 * picks up new messages on a later tick, never runs two dispatches at once in a process, and
 * `stop()` waits for the send in flight (recorded before it resolves).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { createContentSource } from "~/content/content-source.server";
import type { Transport } from "~/messaging/transport";
import { findJob } from "../../jobs/job-table";
import { registerJobs, type JobsHandle } from "../../jobs/scheduler";
import { VALID_DATASET_DIR } from "../fixtures/content";
import { twilioFake } from "../mocks/twilio";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";
import {
  AF_NUMBER,
  IQ_NUMBER,
  KG_NUMBER,
  outboxHarness,
  outboxRow,
  outboxRows,
  resetMessagingTables,
  testEnv,
  type OutboxHarness,
} from "./outbox-kit";

async function until(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(DATABASE_KINDS)("the dispatch loop (dispatch-outbox under the scheduler) on %s", (kind) => {
  let testDb: TestDatabase;
  let h: OutboxHarness;
  let jobs: JobsHandle | undefined;
  const env = testEnv({ OUTBOX_DISPATCH_INTERVAL_MS: "1000", OUTBOX_BATCH_SIZE: "2", CONTENT_DATASET_DIR: VALID_DATASET_DIR });

  function startLoop(transport: Transport): JobsHandle {
    jobs = registerJobs({
      db: testDb.db,
      dbKind: kind,
      env,
      logger: h.logger,
      transport,
      keyring: phoneKeyringFromEnv(env),
      content: createContentSource({ env, logger: h.logger }),
      table: [findJob("dispatch-outbox")!],
    });
    return jobs;
  }

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await jobs?.stop();
    await testDb?.close();
  });
  beforeEach(async () => {
    await jobs?.stop();
    jobs = undefined;
    await resetMessagingTables(testDb.db);
    twilioFake.reset();
    h = outboxHarness(testDb.db, { env });
  });

  it("drains a backlog bigger than a batch, then picks up new messages on a later tick", async () => {
    for (const to of [KG_NUMBER, AF_NUMBER, IQ_NUMBER, KG_NUMBER, AF_NUMBER]) await h.enqueue({ to });
    const loop = startLoop(h.transport);
    expect(loop.names).toEqual(["dispatch-outbox"]);
    await until(async () => (await outboxRows(testDb.db)).every((row) => row.status === "sent"));
    const late = await h.enqueue({ to: IQ_NUMBER });
    await until(async () => (await outboxRow(testDb.db, late)).status === "sent");
    await loop.stop();
    expect(twilioFake.createCalls()).toHaveLength(6);
  });

  it("never overlaps dispatches, and stop() waits for the send in flight", async () => {
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
    const loop = startLoop(slow);
    await until(async () => releaseSend !== undefined);
    // Several ticks pass while the send hangs: no second dispatch may start meanwhile.
    await h.enqueue({ to: AF_NUMBER });
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(maxInFlight).toBe(1);

    let stopped = false;
    const stopping = loop.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stopped).toBe(false);
    releaseSend!();
    await stopping;
    expect((await outboxRow(testDb.db, id)).status).toBe("sent");
    // Stopped: the second message stays queued.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await outboxRows(testDb.db)).map((row) => row.status)).toEqual(["sent", "queued"]);
  });
});
