/**
 * "Once per tick across all processes" for singleton jobs: a PostgreSQL advisory lock keyed by the
 * job's name. Any number of workers may tick at the same moment; the one that gets the lock does
 * the work, the others skip that tick.
 *
 * PostgreSQL: `pg_try_advisory_xact_lock` inside a transaction held open while the job runs (on
 * other pool connections); the lock goes away with the transaction, even if the process dies, so
 * it can never be left behind. If the database drops that connection mid-run another worker may
 * start the job early: singleton jobs are idempotent, the lock only saves doubled work.
 *
 * PGlite: one process, one connection. A transaction held open would block the job's own queries,
 * so a session lock is taken and released instead; it never contends (advisory locks are
 * re-entrant within a session) and the scheduler's in-process overlap guard is what keeps runs
 * apart. It is still a real lock, so the same code path is exercised on both databases.
 */
import { sql } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";

export type LockOutcome<T> = { ran: true; result: T } | { ran: false };

/** The advisory-lock key of a job: `hashtext('job:<name>')`. */
export function jobLockKey(name: string): string {
  return `job:${name}`;
}

/** Runs `work` if no other process holds the job's lock right now; else returns `{ ran: false }`. */
export async function withJobLock<T>(
  db: Database,
  kind: "pglite" | "postgres",
  name: string,
  work: () => Promise<T>,
): Promise<LockOutcome<T>> {
  const key = jobLockKey(name);
  if (kind === "postgres") {
    return db.transaction(async (tx) => {
      const locked = await runSql<{ locked: boolean }>(tx, sql`select pg_try_advisory_xact_lock(hashtext(${key})) as locked`);
      if (!locked.rows[0]?.locked) return { ran: false } as const;
      return { ran: true, result: await work() } as const;
    });
  }
  const locked = await runSql<{ locked: boolean }>(db, sql`select pg_try_advisory_lock(hashtext(${key})) as locked`);
  if (!locked.rows[0]?.locked) return { ran: false };
  try {
    return { ran: true, result: await work() };
  } finally {
    await runSql(db, sql`select pg_advisory_unlock(hashtext(${key}))`);
  }
}
