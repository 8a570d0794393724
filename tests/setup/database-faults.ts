/**
 * Faults injected into a real database (PGlite or PostgreSQL): a trigger that makes chosen
 * statements fail with SQLSTATE P0001, as a full disk, a lost connection or a refused value would,
 * at exactly the step a test wants to break. The application code runs unchanged.
 */
import { sql } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";

export interface InjectedFault {
  /** Drops the trigger: statements succeed again. */
  remove(): Promise<void>;
}

let counter = 0;

/**
 * From now on, every `operation` on `table` fails (for the rows matching `when`, a condition over
 * NEW, if given) until `remove()`.
 */
export async function injectFault(
  db: Database,
  fault: { table: string; operation: "insert" | "update" | "delete"; when?: string },
): Promise<InjectedFault> {
  counter += 1;
  const name = `injected_fault_${process.pid}_${counter}`;
  await runSql(
    db,
    sql.raw(`
    create function ${name}() returns trigger language plpgsql as $$
    begin raise exception 'injected fault'; end $$`),
  );
  await runSql(
    db,
    sql.raw(`
    create trigger ${name} before ${fault.operation} on ${fault.table} for each row
    ${fault.when ? `when (${fault.when})` : ""} execute function ${name}()`),
  );
  return {
    async remove() {
      await runSql(db, sql.raw(`drop trigger if exists ${name} on ${fault.table}`));
      await runSql(db, sql.raw(`drop function if exists ${name}()`));
    },
  };
}
