/**
 * The PostgreSQL pool sends a transaction's BEGIN with its first statement, in one round trip
 * (app/db/postgres-pool.server.ts). What must not change: the statement's own result, its own
 * error, the transaction's atomicity, and a connection fit for the next transaction.
 * PostgreSQL only: PGlite has no connection.
 */
import { sql } from "drizzle-orm";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "~/db/client.server";
import { COMMIT_WITH_NEXT, ResilientPool } from "~/db/postgres-pool.server";
import { transactionEndingWith } from "~/db/transaction-ending-with.server";
import { runSql } from "~/db/run-sql.server";
import { createTestDatabase, NO_POSTGRES, type TestDatabase } from "../setup/test-database";

describe.skipIf(NO_POSTGRES)("a transaction's BEGIN sent with its first statement", () => {
  let database: TestDatabase;
  let handle: DatabaseHandle;
  /** Round trips: the server answers each with one ReadyForQuery. */
  let readyForQuery = 0;

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    // One connection: a connection left unfit (a transaction still open, a client not given
    // back) shows at the next statement.
    handle = await openDatabase({ kind: "postgres", url: database.url!, maxConnections: 1 });
    await runSql(handle.db, sql`create table pool_probe (id int primary key, note text)`);
    const pool = (handle.db as unknown as { $client: ResilientPool }).$client;
    expect(pool).toBeInstanceOf(ResilientPool);
    const counted = new WeakSet<object>();
    pool.on("acquire", (client: pg.PoolClient) => {
      if (counted.has(client)) return;
      counted.add(client);
      (client as unknown as { connection: { on(event: string, listener: () => void): void } }).connection.on("readyForQuery", () => {
        readyForQuery += 1;
      });
    });
  });
  afterAll(async () => {
    await handle?.close();
    await database?.close();
  });

  async function notes(): Promise<string[]> {
    const { rows } = await runSql<{ note: string }>(handle.db, sql`select note from pool_probe order by id`);
    return rows.map((row) => row.note);
  }

  it("takes two round trips for a one-statement transaction, and the statement gets its own rows", async () => {
    await runSql(handle.db, sql`select 1`); // the connection exists before counting
    readyForQuery = 0;
    const inserted = await handle.db.transaction((tx) =>
      runSql<{ id: number; note: string }>(tx, sql`insert into pool_probe values (${1}, ${"kept"}) returning id, note`),
    );
    expect(inserted.rows).toEqual([{ id: 1, note: "kept" }]);
    expect(inserted.rowCount).toBe(1);
    // BEGIN + INSERT, then COMMIT (three before).
    expect(readyForQuery).toBe(2);
    expect(await notes()).toEqual(["kept"]);
  });

  it("rolls back the first statement when the transaction fails after it", async () => {
    const failed = handle.db.transaction(async (tx) => {
      await runSql(tx, sql`insert into pool_probe values (${2}, ${"rolled back"})`);
      throw new Error("after the first statement");
    });
    await expect(failed).rejects.toThrow("after the first statement");
    expect(await notes()).toEqual(["kept"]);
  });

  it("fails with the first statement's own error, and the connection serves the next transaction", async () => {
    const duplicate = handle.db.transaction((tx) => runSql(tx, sql`insert into pool_probe values (${1}, ${"again"})`));
    const error = await duplicate.then(
      () => null,
      (failure: unknown) => failure,
    );
    const cause = error instanceof Error ? (error.cause ?? error) : error;
    expect((cause as { code?: string }).code).toBe("23505");
    await handle.db.transaction((tx) => runSql(tx, sql`insert into pool_probe values (${3}, ${"next"})`));
    expect(await notes()).toEqual(["kept", "next"]);
  });

  it("a transaction whose first statement has no parameters gets its BEGIN first, as usual", async () => {
    const failed = handle.db.transaction(async (tx) => {
      await runSql(tx, sql`insert into pool_probe values (4, 'plain')`);
      throw new Error("undo");
    });
    await expect(failed).rejects.toThrow("undo");
    expect(await notes()).toEqual(["kept", "next"]);
  });

  it("a transaction that ends before any statement sends nothing, and the next one works", async () => {
    readyForQuery = 0;
    expect(await handle.db.transaction(async () => "nothing")).toBe("nothing");
    await expect(
      handle.db.transaction(async () => {
        throw new Error("before any statement");
      }),
    ).rejects.toThrow("before any statement");
    expect(readyForQuery).toBe(0);
    await handle.db.transaction((tx) => runSql(tx, sql`insert into pool_probe values (${5}, ${"after"})`));
    expect(await notes()).toEqual(["kept", "next", "after"]);
  });

  it("savepoints inside work on the pipelined transaction", async () => {
    await handle.db.transaction(async (tx) => {
      await runSql(tx, sql`insert into pool_probe values (${6}, ${"outer"})`);
      await tx
        .transaction(async (savepoint) => {
          await runSql(savepoint, sql`insert into pool_probe values (${7}, ${"inner"})`);
          throw new Error("inner only");
        })
        .catch(() => undefined);
    });
    expect(await notes()).toEqual(["kept", "next", "after", "outer"]);
  });

  it("a transaction ending with a statement it hands back: its COMMIT goes in the same write", async () => {
    readyForQuery = 0;
    const only = await transactionEndingWith<number, { id: number }>(handle.db, async () => ({
      last: sql`insert into pool_probe values (${8}, ${"one trip"}) returning id`,
      read: (rows) => Number(rows[0]?.id),
    }));
    expect(only).toBe(8);
    // BEGIN + INSERT + COMMIT in one.
    expect(readyForQuery).toBe(1);

    readyForQuery = 0;
    await transactionEndingWith(handle.db, async (tx) => {
      await runSql(tx, sql`insert into pool_probe values (${9}, ${"first of two"})`);
      return { last: sql`insert into pool_probe values (${10}, ${"last of two"})`, read: () => undefined };
    });
    expect(readyForQuery).toBe(2);
    expect(await notes()).toEqual(["kept", "next", "after", "outer", "one trip", "first of two", "last of two"]);
  });

  it("refuses a statement after the transaction was committed with its last one", async () => {
    const late = handle.db.transaction(async (tx) => {
      const client = (tx as unknown as { session: { client: Record<symbol, () => void> } }).session.client;
      client[COMMIT_WITH_NEXT]!();
      await runSql(tx, sql`insert into pool_probe values (${11}, ${"committed"})`);
      await runSql(tx, sql`insert into pool_probe values (${12}, ${"too late"})`);
    });
    const error = await late.then(
      () => null,
      (failure: unknown) => failure,
    );
    expect(String(error instanceof Error ? error.cause : error)).toMatch(/after its transaction was committed/);
    const all = await notes();
    expect(all).toContain("committed");
    expect(all).not.toContain("too late");
  });
});
