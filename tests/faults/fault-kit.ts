/**
 * Shared set-up for the fault-tolerance tests: a broadcast planned and expanded for many
 * subscribers spread over the seven countries, PGlite data directories a worker process can own,
 * waiting for the workers to finish, and the exactly-once checks at the fake. The worker
 * processes themselves are in worker-process.ts.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { expandRun } from "~/broadcasts/expand.server";
import { senderTable } from "~/broadcasts/plan.server";
import { broadcastRunSpec } from "~/broadcasts/run-spec";
import { ensureRun } from "~/broadcasts/runs.server";
import { openDatabase, type Database, type DatabaseHandle } from "~/db/client.server";
import { migrateDatabase } from "~/db/migrate.server";
import { runSql } from "~/db/run-sql.server";
import { createLogger } from "~/lib/logger.server";
import { createTransport } from "~/messaging/transports/transports.server";
import type { FakeTwilioApi } from "../fixtures/fake-twilio-server";
import { broadcastDoc, seedSubscribers, TEST_REGIONS, testNumber } from "../db/broadcast-kit";
import { testEnv } from "../db/outbox-kit";
import { PGLITE_SNAPSHOT_PATH } from "../setup/paths";

/** The n-th recipient's number: countries in turn, every number distinct. */
export function recipientNumber(n: number): { phone: string; country: string; regionCode: string } {
  const region = TEST_REGIONS[n % TEST_REGIONS.length]!;
  return { phone: testNumber(region.country, n), country: region.country, regionCode: region.code };
}

export interface SeededBroadcast {
  runId: number;
  /** Every recipient's number, in subscriber order. */
  numbers: string[];
}

/**
 * Seeds `count` active subscribers over the seven countries, plans an "as soon as possible" run
 * and expands it; then makes every row due now with its send window open for a day, so a
 * dispatcher on the wall clock sends them all at once whatever the hour in Central Asia.
 */
export async function seedDueBroadcast(db: Database, count: number): Promise<SeededBroadcast> {
  const env = testEnv();
  const keyring = phoneKeyringFromEnv(env);
  const transport = createTransport(env, { db, keyring, logger: createLogger({ level: "silent" }) });
  const subscribers = Array.from({ length: count }, (_, n) => ({ ...recipientNumber(n), locale: n % 2 === 0 ? "ru" : "ky" }));
  await seedSubscribers(db, keyring, subscribers);
  const spec = broadcastRunSpec(broadcastDoc(), { kind: "asap" }, TEST_REGIONS);
  const run = await ensureRun(db, {
    source: "broadcast",
    contentHash: "",
    documentId: "broadcast-test",
    occurrence: "once",
    title: "Fault test",
    spec,
  });
  const expanded = await expandRun(db, run.id, { senders: senderTable(transport), now: new Date(), batchSize: 5_000 });
  if (expanded.inserted !== count) throw new Error(`expanded ${expanded.inserted} rows, expected ${count}`);
  await runSql(
    db,
    sql`
    update outbox_messages set next_attempt_at = now() - interval '1 second', window_closes_at = now() + interval '1 day'
    where broadcast_run_id = ${run.id}`,
  );
  // As after any bulk load: fresh planner statistics and no dead tuples left by the update above
  // (PGlite runs PostgreSQL in single-user mode: no autovacuum), or the first claims crawl.
  await runSql(db, sql`vacuum analyze outbox_messages`);
  return { runId: run.id, numbers: subscribers.map((s) => s.phone) };
}

/** Row counts by status. */
export async function statusCounts(db: Database): Promise<Record<string, number>> {
  const result = await runSql<{ status: string; n: number }>(
    db,
    sql`
    select status, count(*)::int as n from outbox_messages group by status order by status`,
  );
  return Object.fromEntries(result.rows.map((row) => [row.status, Number(row.n)]));
}

/** Rows by how many attempts they took (an attempt is a claim for sending). */
export async function attemptCounts(db: Database): Promise<Record<number, number>> {
  const result = await runSql<{ attempts: number; n: number }>(
    db,
    sql`
    select attempts, count(*)::int as n from outbox_messages group by attempts order by attempts`,
  );
  return Object.fromEntries(result.rows.map((row) => [Number(row.attempts), Number(row.n)]));
}

/** Rows per worker that last leased them (sent rows keep it). */
export async function rowsByWorker(db: Database): Promise<Record<string, number>> {
  const result = await runSql<{ worker: string | null; n: number }>(
    db,
    sql`
    select leased_by as worker, count(*)::int as n from outbox_messages group by leased_by order by leased_by`,
  );
  return Object.fromEntries(result.rows.map((row) => [row.worker ?? "none", Number(row.n)]));
}

/**
 * The exactly-once check at the fake: every number got exactly one create, nothing else got one.
 * Returns the offending entries (empty when all is well), so a failure shows what went wrong.
 */
export function exactlyOnceProblems(
  api: FakeTwilioApi,
  numbers: readonly string[],
): { missing: number; duplicated: number; unexpected: number } {
  const expected = new Set(numbers);
  let missing = 0;
  let duplicated = 0;
  for (const to of numbers) {
    const count = api.createsByTo.get(to) ?? 0;
    if (count === 0) missing += 1;
    else if (count > 1) duplicated += 1;
  }
  const unexpected = [...api.createsByTo.keys()].filter((to) => !expected.has(to)).length;
  return { missing, duplicated, unexpected };
}

/** Rows still to send: queued or leased for sending. */
export async function openRows(db: Database): Promise<number> {
  const result = await runSql<{ open: number }>(
    db,
    sql`
    select count(*)::int as open from outbox_messages where status in ('queued', 'sending')`,
  );
  return Number(result.rows[0]?.open ?? 0);
}

/**
 * PostgreSQL: waits until the workers have nothing left to send (the test reads the database
 * they share). A database restarting under the test is asked again.
 */
export async function untilDrained(db: Database, timeoutMs: number): Promise<void> {
  await until(
    async () => {
      try {
        return (await openRows(db)) === 0;
      } catch {
        return false;
      }
    },
    timeoutMs,
    "the outbox to drain",
    DATABASE_POLL_MS,
  );
}

/**
 * PGlite: the worker owns the data directory, so the test cannot read the outbox while it runs.
 * Instead it waits until every number has its message at the fake and the fake has then heard
 * nothing (no create, no lookup) for `quietMs`: longer than a lease plus a tick, so a row left
 * `sending` would have been looked up at the fake by then. The caller then stops the worker and
 * checks the rows itself.
 */
export async function untilFakeSettles(api: FakeTwilioApi, numbers: readonly string[], quietMs: number, timeoutMs: number): Promise<void> {
  let calls = -1;
  let quietSince = Date.now();
  await until(
    () => {
      if (api.calls.length !== calls) {
        calls = api.calls.length;
        quietSince = Date.now();
      }
      return numbers.every((to) => api.createsByTo.has(to)) && Date.now() - quietSince >= quietMs;
    },
    timeoutMs,
    "every number to get its message and the fake to fall quiet",
  );
}

/** Polls `condition` every `everyMs` (25 ms by default) until it holds. */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string, everyMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** How often the database is asked for progress: counting a large outbox is not free. */
export const DATABASE_POLL_MS = 500;

/** A fresh temporary directory under the system's tmp. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A new migrated PGlite in an empty data directory on disk (from the run's snapshot when there is one). */
export async function createPgliteDirectory(dataDir: string): Promise<DatabaseHandle> {
  const snapshot = existsSync(PGLITE_SNAPSHOT_PATH) ? new Blob([readFileSync(PGLITE_SNAPSHOT_PATH)]) : undefined;
  const handle = await openDatabase({ kind: "pglite", dataDir, loadDataDir: snapshot });
  await migrateDatabase(handle);
  return handle;
}
