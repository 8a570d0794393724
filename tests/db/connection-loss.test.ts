/**
 * A PostgreSQL connection cut in the middle of a transaction (a server restart, a failover, an
 * administrator's pg_terminate_backend): the statement fails and the transaction rolls back, but
 * the process lives on and the next transaction works on a fresh connection. node-postgres emits
 * the loss as an 'error' event on a checked-out client, which crashed the process when nothing
 * listened; and a failed BEGIN kept its connection out of the pool for ever
 * (app/db/postgres-pool.server.ts). PostgreSQL only: PGlite has no connection to lose.
 */
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { createTestDatabase, NO_POSTGRES, type TestDatabase } from "../setup/test-database";

describe.skipIf(NO_POSTGRES)("a PostgreSQL connection lost mid-transaction", () => {
  let database: TestDatabase;
  let admin: pg.Client;
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    process.on("uncaughtException", onUncaught);
  });
  afterAll(async () => {
    process.off("uncaughtException", onUncaught);
    await admin?.end();
    await database?.close();
  });

  it("fails the transaction, rolls it back, raises nothing uncaught, and the next one works", async () => {
    await runSql(database.db, sql`create table connection_loss_probe (n int)`);
    let backend = 0;
    const cut = database.db.transaction(async (tx) => {
      await runSql(tx, sql`insert into connection_loss_probe values (1)`);
      backend = Number((await runSql<{ pid: number }>(tx, sql`select pg_backend_pid() as pid`)).rows[0]!.pid);
      await runSql(tx, sql`select pg_sleep(30)`);
    });
    const settled = cut.then(
      () => "committed",
      (error: unknown) => error,
    );
    while (backend === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await admin.query("select pg_terminate_backend($1)", [backend]);

    expect(await settled).toBeInstanceOf(Error);
    // Give the client's 'error' and 'end' events their turn: that is where the crash came from.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(uncaught).toEqual([]);
    const rows = await runSql<{ n: number }>(database.db, sql`select count(*)::int as n from connection_loss_probe`);
    expect(Number(rows.rows[0]!.n)).toBe(0);
  });

  it("gives a connection back to the pool when the transaction's BEGIN fails", async () => {
    // One connection: a leaked one leaves nothing for the next statement, which then waits for the
    // pool's connection timeout and fails. A BEGIN that cannot be parsed fails as surely as one
    // sent on a connection that died while idle, which is the case met in production.
    const handle = await openDatabase({ kind: "postgres", url: database.url!, maxConnections: 1 });
    try {
      const badBegin = handle.db.transaction(async () => undefined, { isolationLevel: "no such level" as never });
      await expect(badBegin).rejects.toThrow();
      const after = await runSql<{ one: number }>(handle.db, sql`select 1 as one`);
      expect(Number(after.rows[0]!.one)).toBe(1);
    } finally {
      await handle.close();
    }
  });
});
