/**
 * Four job worker processes (`npm run jobs`, each with its own connection pool) on one PostgreSQL
 * database, started together on a 10,000-recipient broadcast: no row is sent twice, none is left
 * behind, and the claims really competed (every process sent some).
 * PostgreSQL only: PGlite is a single-process database.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSql } from "~/db/run-sql.server";
import { startFakeTwilioServer, type FakeTwilioServer } from "../fixtures/fake-twilio-server";
import { createTestDatabase, NO_POSTGRES, type TestDatabase } from "../setup/test-database";
import { attemptCounts, exactlyOnceProblems, rowsByWorker, seedDueBroadcast, statusCounts, untilDrained } from "./fault-kit";
import { byProcess, startWorker, stopWorker, type WorkerProcess } from "./worker-process";

const RECIPIENTS = 10_000;
const WORKERS = ["w1", "w2", "w3", "w4"] as const;

describe.skipIf(NO_POSTGRES)("four job workers on PostgreSQL", () => {
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
    await runSql(database.db, sql`update outbox_messages set next_attempt_at = now() + interval '1 hour' where status = 'queued'`);
    // A lease long enough that no row changes hands by expiry: this is about SKIP LOCKED.
    const workers: Record<string, WorkerProcess> = Object.fromEntries(
      WORKERS.map((name) => [
        name,
        startWorker({
          database: { kind: "postgres", url: database.url! },
          twilioOrigin: fake.origin,
          env: { OUTBOX_BATCH_SIZE: "100", OUTBOX_LEASE_SECONDS: "120" },
        }),
      ]),
    );
    try {
      // The rows fall due only once every worker is up, so a slow start does not leave one out.
      await Promise.all(Object.values(workers).map((worker) => worker.ready));
      await runSql(database.db, sql`update outbox_messages set next_attempt_at = now() where status = 'queued'`);
      await untilDrained(database.db, 150_000);
    } finally {
      const exits = await Promise.all(Object.values(workers).map((worker) => stopWorker(worker)));
      expect(
        exits,
        Object.values(workers)
          .map((worker) => worker.tail())
          .join("\n"),
      ).toEqual(WORKERS.map(() => ({ code: 0, signal: null })));
    }

    expect(await statusCounts(database.db)).toEqual({ sent: RECIPIENTS });
    expect(exactlyOnceProblems(fake.api, numbers)).toEqual({ missing: 0, duplicated: 0, unexpected: 0 });
    expect(fake.api.acceptedCount).toBe(RECIPIENTS);
    expect(fake.api.createsByOutboxId.size).toBe(RECIPIENTS);
    expect([...fake.api.createsByOutboxId.values()].every((count) => count === 1)).toBe(true);
    // One claim per row: no row was taken by two workers, none needed reconciling.
    expect(await attemptCounts(database.db)).toEqual({ 1: RECIPIENTS });
    expect(fake.api.listCalls()).toHaveLength(0);
    const byWorker = byProcess(await rowsByWorker(database.db), workers);
    expect(Object.keys(byWorker).sort()).toEqual([...WORKERS]);
    for (const name of WORKERS) expect(byWorker[name]).toBeGreaterThan(0);
    console.info(`rows sent per worker: ${JSON.stringify(byWorker)}`);
  }, 240_000);
});
