/**
 * A transaction whose work ends with one statement it hands back rather than runs: on
 * PostgreSQL that statement and the COMMIT travel in one write and one round trip (decision 031).
 * The shape makes it safe: the work has returned before its last statement runs, so nothing of
 * it can run after the COMMIT. What the last statement returns is read after the transaction.
 * On PGlite (no connection) the statement runs, then the COMMIT, as in any transaction.
 */
import type { SQL } from "drizzle-orm";
import type { Database } from "./client.server";
import { COMMIT_WITH_NEXT } from "./postgres-pool.server";
import { runSql } from "./run-sql.server";

/** What the work returns: its value, or its last statement and how to read that statement's rows. */
export type Ending<T, Row> = { value: T; last?: undefined } | { last: SQL; read: (rows: Row[]) => T };

export async function transactionEndingWith<T, Row = Record<string, unknown>>(
  db: Database,
  work: (tx: Database) => Promise<Ending<T, Row>>,
): Promise<T> {
  type Ended = { done: true; value: T } | { done: false; rows: Row[]; read: (rows: Row[]) => T };
  const ended = await db.transaction(async (tx): Promise<Ended> => {
    const ending = await work(tx);
    if (ending.last === undefined) return { done: true, value: ending.value };
    commitWithNextStatement(tx);
    const { rows } = await runSql<Row>(tx, ending.last);
    return { done: false, rows, read: ending.read };
  });
  return ended.done ? ended.value : ended.read(ended.rows);
}

function commitWithNextStatement(tx: Database): void {
  // drizzle keeps the transaction's connection in its session, outside its public types.
  const client = (tx as unknown as { session?: { client?: Record<symbol, unknown> } }).session?.client;
  const mark = client?.[COMMIT_WITH_NEXT];
  if (typeof mark === "function") (mark as () => void)();
}
