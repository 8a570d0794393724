/**
 * The real job worker SIGKILLed while `plan-broadcasts` expands a large run into the outbox (on
 * PostgreSQL the dispatcher in the same process may be sending the first batches), then started again: the
 * planner carries on from the run's cursor, and every recipient gets exactly one message,
 * counted at the fake Twilio.
 *
 * The broadcast comes from the content the worker reads (a copy of the sample dataset plus one
 * "as soon as approved" broadcast, approved now in the database (four eyes, tests/db/broadcast-kit.ts), with a send window of 00:00–23:59 so the test
 * does not depend on the hour in Central Asia; in the last minute of a day in one of the zones its
 * recipients wait for the next one). The kill is triggered by the planner's debug line after a
 * committed expansion batch (BROADCAST_EXPANSION_BATCH_SIZE): the next batch is then in flight and
 * dies with the process, and the run's cursor shows the expansion stopped midway.
 *
 * Sizes: 100,000 recipients on PostgreSQL (killed after 3 of 10 batches). On PGlite the worker is
 * the web process, whose wasm database runs every statement on its one thread: it sends three to
 * five times slower than a PostgreSQL worker on a shared two-core machine, so 100,000 would take
 * ten minutes or more. 20,000 there (killed after 1 of 4 batches) keep it near two minutes.
 */
import { cpSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { openDatabase, type Database, type DatabaseHandle } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { startFakeTwilioServer, type FakeTwilioServer } from "../fixtures/fake-twilio-server";
import { createContentSource } from "~/content/content-source.server";
import { approve, seedSubscribers } from "../db/broadcast-kit";
import { captureLogs, localEnv } from "../fixtures/content";
import { testEnv } from "../db/outbox-kit";
import { missing } from "../setup/requirements";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";
import {
  createPgliteDirectory,
  DATABASE_POLL_MS,
  exactlyOnceProblems,
  openRows,
  recipientNumber,
  statusCounts,
  tempDir,
  until,
  untilFakeSettles,
} from "./fault-kit";
import { missingServerBuild, startWorker, stopWorker, waitForExit, type WorkerDatabase, type WorkerProcess } from "./worker-process";

const SAMPLE_DATASET_DIR = fileURLToPath(new URL("../../campaigns", import.meta.url));
const BROADCAST_ID = "broadcast-fault-expansion";
/** Recipients, subscribers per expansion batch, and after which committed batch the worker dies. */
const SIZES = {
  postgres: { recipients: 100_000, batchSize: 10_000, killAfter: 3 },
  pglite: { recipients: 20_000, batchSize: 5_000, killAfter: 1 },
} as const;
const OUTBOX = { OUTBOX_BATCH_SIZE: "500", OUTBOX_SEND_CONCURRENCY: "32", OUTBOX_LEASE_SECONDS: "10", LOG_LEVEL: "debug" };
/** PGlite: how long the fake must stay quiet before the restarted server is stopped (lease + ticks). */
const QUIET_MS = 13_000;

/** The sample dataset plus a broadcast to everyone, approved now, sendable at any hour. */
function datasetWithBroadcast(): string {
  const dir = tempDir("faults-dataset-");
  cpSync(SAMPLE_DATASET_DIR, dir, { recursive: true });
  const now = new Date().toISOString();
  const broadcast = {
    _id: BROADCAST_ID,
    _type: "broadcast",
    _createdAt: now,
    _updatedAt: now,
    title: "Fault test: expansion killed midway",
    campaign: { _type: "reference", _ref: "campaign-know-before-you-go" },
    messages: {
      _type: "localeSmsText",
      en: "Before you go, check your contract.",
      ru: "Перед отъездом проверьте договор.",
      ky: "Кетер алдында келишимди текшериңиз.",
    },
    channel: "sms",
    schedule: { mode: "whenApproved", sendWindow: { start: "00:00", end: "23:59" } },
    status: "scheduled",
  };
  writeFileSync(join(dir, "fault-broadcast.ndjson"), `${JSON.stringify(broadcast)}\n`);
  return dir;
}

interface RunState {
  cursor: number;
  lastSubscriberId: number;
  recipients: number;
  expanded: boolean;
  rows: number;
}

async function runState(db: Database): Promise<RunState | null> {
  const result = await runSql<{ cursor: string; last: string; recipients: number; expanded: boolean; rows: number }>(
    db,
    sql`
    select r.cursor::text as cursor, r.last_subscriber_id::text as last, r.recipients, r.expanded_at is not null as expanded,
      (select count(*)::int from outbox_messages o where o.broadcast_run_id = r.id) as rows
    from broadcast_runs r where r.document_id = ${BROADCAST_ID}`,
  );
  const row = result.rows[0];
  return row
    ? {
        cursor: Number(row.cursor),
        lastSubscriberId: Number(row.last),
        recipients: Number(row.recipients),
        expanded: row.expanded,
        rows: Number(row.rows),
      }
    : null;
}

describe.each(DATABASE_KINDS)("the job worker SIGKILLed mid-expansion on %s", (kind) => {
  if (
    kind === "pglite" &&
    missing(
      "the PGlite expansion SIGKILL test (server.ts serves the Remix build)",
      missingServerBuild() === null,
      "npm run build, or vitest without SKIP_REMIX_BUILD=1",
    )
  ) {
    it.skip("needs the Remix build");
    return;
  }
  const { recipients, batchSize, killAfter } = SIZES[kind];
  let fake: FakeTwilioServer;
  let datasetDir: string;
  let pgDatabase: TestDatabase | undefined;
  let pgliteDir: string | undefined;

  beforeAll(async () => {
    fake = await startFakeTwilioServer();
    datasetDir = datasetWithBroadcast();
  });
  afterAll(async () => {
    await fake?.close();
    await pgDatabase?.close();
    rmSync(datasetDir, { recursive: true, force: true });
    if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
  });

  /** The test's own connection; on PGlite only while no worker holds the directory. */
  async function withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
    if (kind === "postgres") {
      pgDatabase ??= await createTestDatabase("postgres");
      return work(pgDatabase.db);
    }
    let handle: DatabaseHandle;
    if (!pgliteDir) {
      pgliteDir = tempDir("faults-pglite-");
      handle = await createPgliteDirectory(pgliteDir);
    } else {
      handle = await openDatabase({ kind: "pglite", dataDir: pgliteDir });
    }
    try {
      return await work(handle.db);
    } finally {
      await handle.close();
    }
  }

  function start(database: WorkerDatabase): WorkerProcess {
    return startWorker({
      database,
      twilioOrigin: fake.origin,
      env: { ...OUTBOX, CONTENT_DATASET_DIR: datasetDir, BROADCAST_EXPANSION_BATCH_SIZE: String(batchSize) },
    });
  }

  it(`every one of ${SIZES[kind].recipients.toLocaleString("en")} recipients gets exactly one message after a SIGKILL during expansion`, async () => {
    const started = Date.now();
    const keyring = phoneKeyringFromEnv(testEnv());
    const numbers = Array.from({ length: recipients }, (_, n) => recipientNumber(n));
    // Approved as the worker will read it: the same content source over the same dataset.
    const content = createContentSource({ env: localEnv({ CONTENT_DATASET_DIR: datasetDir }), logger: captureLogs().logger });
    const broadcast = (await content.broadcasts()).find((doc) => doc.id === BROADCAST_ID)!;
    await withDatabase(async (db) => {
      await seedSubscribers(
        db,
        keyring,
        numbers.map((r, n) => ({ ...r, locale: n % 2 === 0 ? "ru" : "ky" })),
      );
      await approve(db, broadcast);
    });
    const location: WorkerDatabase = kind === "postgres" ? { kind, url: pgDatabase!.url! } : { kind, dataDir: pgliteDir! };
    const seeded = Date.now();

    const first = start(location);
    await first.ready;
    // Killed the moment the line is read: the next batch is in flight by then.
    const killedAt = await new Promise<number>((resolve, reject) => {
      first.onLog((line) => {
        if (line.msg !== "broadcasts: expansion batch committed" || Number(line.cursor) < killAfter * batchSize) return;
        first.child.kill("SIGKILL");
        resolve(Number(line.cursor));
      });
      void first.exited.then(() => reject(new Error(`the first worker exited before expansion was under way:\n${first.tail()}`)));
    });
    expect(await waitForExit(first, 30_000)).toEqual({ code: null, signal: "SIGKILL" });
    const acceptedByFirst = fake.api.acceptedCount;

    // Killed midway: part of the audience is in the outbox, the run is not marked expanded.
    const atKill = await withDatabase(async (db) => ({ run: await runState(db), counts: await statusCounts(db) }));
    expect(atKill.run).not.toBeNull();
    expect(atKill.run!.expanded).toBe(false);
    expect(atKill.run!.cursor).toBeGreaterThanOrEqual(killedAt);
    expect(atKill.run!.cursor).toBeLessThan(atKill.run!.lastSubscriberId);
    expect(atKill.run!.rows).toBe(atKill.run!.recipients);
    expect(atKill.run!.rows).toBeLessThan(recipients);

    const second = start(location);
    await second.ready;
    // A worker that died or stalled fails the test with its last log lines, not a bare timeout.
    const withTail = async (wait: Promise<void>) => {
      try {
        await wait;
      } catch (error) {
        throw new Error(`${(error as Error).message}; the restarted worker's log:\n${second.tail()}`, { cause: error });
      }
    };
    if (kind === "postgres") {
      let reported = Date.now();
      await withTail(
        until(
          async () => {
            if (second.child.exitCode !== null || second.child.signalCode !== null) throw new Error("the restarted worker exited");
            const run = await runState(pgDatabase!.db);
            const open = await openRows(pgDatabase!.db);
            if (Date.now() - reported > 30_000) {
              reported = Date.now();
              console.info(`progress: ${JSON.stringify(run)} open ${open}, accepted ${fake.api.acceptedCount}`);
            }
            return run !== null && run.expanded && open === 0;
          },
          600_000,
          "the run to be expanded and sent",
          DATABASE_POLL_MS,
        ),
      );
    } else {
      await withTail(
        untilFakeSettles(
          fake.api,
          numbers.map((r) => r.phone),
          QUIET_MS,
          600_000,
        ),
      );
    }
    expect(await stopWorker(second), second.tail()).toEqual({ code: 0, signal: null });

    const end = await withDatabase(async (db) => ({ run: await runState(db), counts: await statusCounts(db) }));
    expect(end.run).toMatchObject({ expanded: true, recipients, rows: recipients });
    expect(end.counts).toEqual({ sent: recipients });
    expect(
      exactlyOnceProblems(
        fake.api,
        numbers.map((r) => r.phone),
      ),
    ).toEqual({ missing: 0, duplicated: 0, unexpected: 0 });
    expect(fake.api.acceptedCount).toBe(recipients);
    expect([...fake.api.createsByOutboxId.values()].every((count) => count === 1)).toBe(true);
    console.info(
      `[${kind}] ${recipients} recipients, batches of ${batchSize}: killed after the batch up to ${killedAt} ` +
        `(cursor ${atKill.run!.cursor}, ${atKill.run!.rows} rows, ${JSON.stringify(atKill.counts)}); ${acceptedByFirst} sent by the first worker; ` +
        `${fake.api.listCalls().length} provider lookups; seeding ${((seeded - started) / 1000).toFixed(0)} s, ` +
        `workers ${((Date.now() - seeded) / 1000).toFixed(0)} s`,
    );
  }, 900_000);
});
