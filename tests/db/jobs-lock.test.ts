/**
 * Singleton jobs under the advisory lock. On every database: the lock is taken, the work runs and
 * the lock is gone afterwards, also when the work throws. On PostgreSQL: two processes (two
 * connection pools) ticking at once → exactly one does the work, the other skips that tick.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "~/db/client.server";
import { createJobContext } from "../../jobs/job-context";
import { withJobLock } from "../../jobs/job-lock";
import { runJobOnce, type JobDefinition } from "../../jobs/job-run";
import { parseEnv } from "~/env.server";
import { createLogger } from "~/lib/logger.server";
import { createContentSource } from "~/content/content-source.server";
import { runSql } from "~/db/run-sql.server";
import { createLocalTransport } from "~/messaging/transports/local-transport.server";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { VALID_DATASET_DIR } from "../fixtures/content";
import { createTestDatabase, DATABASE_KINDS, NO_POSTGRES, type TestDatabase } from "../setup/test-database";

/** Advisory locks in this test's own database (other test files share the server and take their own). */
async function advisoryLocksHeld(handle: DatabaseHandle): Promise<number> {
  const result = await runSql<{ n: number }>(
    handle.db,
    sql`
    select count(*)::int as n from pg_locks
    where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())`,
  );
  return Number(result.rows[0]!.n);
}

/** A promise with its resolve function, to hold a job in the middle of its run. */
function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe.each(DATABASE_KINDS)("job lock on %s", (kind) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await testDb?.close();
  });

  it("runs the work while holding a lock, and releases it after success or failure", async () => {
    let heldDuringWork = -1;
    const outcome = await withJobLock(testDb.db, kind, "purge-retention", async () => {
      // PostgreSQL: held by the open transaction, seen from another pool connection.
      heldDuringWork = await advisoryLocksHeld(testDb.handle);
      return 42;
    });
    expect(outcome).toEqual({ ran: true, result: 42 });
    expect(heldDuringWork).toBe(1);
    expect(await advisoryLocksHeld(testDb.handle)).toBe(0);

    await expect(withJobLock(testDb.db, kind, "purge-retention", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await advisoryLocksHeld(testDb.handle)).toBe(0);
    expect(await withJobLock(testDb.db, kind, "purge-retention", async () => "again")).toEqual({ ran: true, result: "again" });
  });
});

describe.skipIf(NO_POSTGRES)("job lock across processes on postgres", () => {
  let testDb: TestDatabase;
  let other: DatabaseHandle;
  beforeAll(async () => {
    testDb = await createTestDatabase("postgres");
    other = await openDatabase({ kind: "postgres", url: testDb.url! });
  });
  afterAll(async () => {
    await other?.close();
    await testDb?.close();
  });

  it("two concurrent runs of a singleton: exactly one does the work", async () => {
    const held = gate();
    let runs = 0;
    const work = async () => {
      runs += 1;
      await held.promise;
      return runs;
    };
    const first = withJobLock(testDb.db, "postgres", "purge-retention", work);
    // Let the first take its lock before the second process tries.
    while (runs === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await withJobLock(other.db, "postgres", "purge-retention", work);
    expect(second).toEqual({ ran: false });
    // A different job is not blocked by it.
    expect(await withJobLock(other.db, "postgres", "flag-stale-hotlines", async () => "other job")).toEqual({
      ran: true,
      result: "other job",
    });
    held.open();
    expect(await first).toEqual({ ran: true, result: 1 });
    expect(runs).toBe(1);
    // Released with the first run's transaction: the other process gets it on the next tick.
    expect(await withJobLock(other.db, "postgres", "purge-retention", async () => "next tick")).toEqual({ ran: true, result: "next tick" });
  });

  it("runJobOnce reports the losing run as skipped and logs it", async () => {
    const env = parseEnv({ NODE_ENV: "test" });
    const lines: string[] = [];
    const logger = createLogger({ level: "debug", destination: { write: (line: string) => void lines.push(line) } });
    const content = createContentSource({ env: { ...env, CONTENT_DATASET_DIR: VALID_DATASET_DIR }, logger });
    const transport = createLocalTransport({ db: testDb.db, keyring: phoneKeyringFromEnv(env) });
    const held = gate();
    let runs = 0;
    const job: JobDefinition<{ purged: number }> = {
      name: "slow-singleton",
      schedule: "* * * * * *",
      singleton: true,
      run: async () => {
        runs += 1;
        await held.promise;
        return { purged: 7 };
      },
    };
    const contextA = createJobContext({ db: testDb.db, dbKind: "postgres", env, logger, content, transport });
    const contextB = createJobContext({ db: other.db, dbKind: "postgres", env, logger, content, transport });
    const first = runJobOnce(job, contextA);
    while (runs === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await runJobOnce(job, contextB);
    held.open();
    expect(second).toMatchObject({ job: "slow-singleton", status: "skipped", reason: "locked" });
    expect(await first).toMatchObject({ status: "done", summary: { purged: 7 } });
    expect(runs).toBe(1);
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.job === "slow-singleton");
    expect(logged.map((line) => line.msg).sort()).toEqual(["job run", "job skipped: another process holds its lock"]);
  });
});
