/**
 * Four dispatcher processes on one PostgreSQL database, started together on a 10,000-recipient
 * broadcast, each with its own connection pool (as four job workers would run): no row is sent
 * twice, none is left behind, and the claims really competed (every process sent some).
 * PostgreSQL only: PGlite is a single-process database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeTwilioServer, type FakeTwilioServer } from "../fixtures/fake-twilio-server";
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from "../setup/test-database";
import { attemptCounts, exactlyOnceProblems, rowsByWorker, seedDueBroadcast, startWorker, statusCounts, waitForExit } from "./fault-kit";

const RECIPIENTS = 10_000;
const WORKERS = ["w1", "w2", "w3", "w4"] as const;

describe.skipIf(!TEST_DATABASE_URL)("four dispatcher processes on PostgreSQL", () => {
  let fake: FakeTwilioServer;
  let database: TestDatabase;

  beforeAll(async () => {
    fake = await startFakeTwilioServer();
    database = await createTestDatabase("postgres");
  });
  afterAll(async () => {
    await fake?.close();
    await database?.close();
  });

  it(`send each of ${RECIPIENTS.toLocaleString("en")} rows exactly once and leave none behind`, async () => {
    const { numbers } = await seedDueBroadcast(database.db, RECIPIENTS);
    // A lease long enough that no row changes hands by expiry: this is about SKIP LOCKED.
    const workers = WORKERS.map((workerId) =>
      startWorker({
        database: `postgres:${database.url!}`, twilioOrigin: fake.origin, workerId, mode: "drain", concurrency: 8,
        outbox: { OUTBOX_BATCH_SIZE: "100", OUTBOX_LEASE_SECONDS: "120" },
      }),
    );
    const exits = await Promise.all(workers.map((worker) => waitForExit(worker, 100_000)));
    expect(exits, workers.map((worker) => worker.stderr()).join("\n")).toEqual(WORKERS.map(() => ({ code: 0, signal: null })));

    expect(await statusCounts(database.db)).toEqual({ sent: RECIPIENTS });
    expect(exactlyOnceProblems(fake.api, numbers)).toEqual({ missing: 0, duplicated: 0, unexpected: 0 });
    expect(fake.api.acceptedCount).toBe(RECIPIENTS);
    expect(fake.api.createsByOutboxId.size).toBe(RECIPIENTS);
    expect([...fake.api.createsByOutboxId.values()].every((count) => count === 1)).toBe(true);
    // One claim per row: no row was taken by two workers, none needed reconciling.
    expect(await attemptCounts(database.db)).toEqual({ 1: RECIPIENTS });
    expect(fake.api.listCalls()).toHaveLength(0);
    const byWorker = await rowsByWorker(database.db);
    expect(Object.keys(byWorker).sort()).toEqual([...WORKERS]);
    for (const workerId of WORKERS) expect(byWorker[workerId]).toBeGreaterThan(0);
    console.info(`rows sent per worker: ${JSON.stringify(byWorker)}`);
  }, 180_000);
});
