/**
 * transactionEndingWith on PGlite and PostgreSQL: the work's last statement runs inside its
 * transaction (on PostgreSQL in the same write as the COMMIT), its rows are read after the
 * commit, and whatever fails, the first statement's, the last's, or the COMMIT itself, nothing
 * of the transaction stays.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSql } from "~/db/run-sql.server";
import { transactionEndingWith } from "~/db/transaction-ending-with.server";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";

describe.each(DATABASE_KINDS)("a transaction ending with a statement it hands back (%s)", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await runSql(database.db, sql`create table ending_probe (id int primary key, note text)`);
    // Checked only at COMMIT: a COMMIT that fails.
    await runSql(
      database.db,
      sql`create table ending_link (id int primary key, probe int references ending_probe (id) deferrable initially deferred)`,
    );
  });
  afterAll(() => database?.close());

  async function notes(): Promise<string[]> {
    const { rows } = await runSql<{ note: string }>(database.db, sql`select note from ending_probe order by id`);
    return rows.map((row) => row.note);
  }

  it("runs the last statement in the transaction and reads its rows after the commit", async () => {
    const value = await transactionEndingWith<string[], { note: string }>(database.db, async (tx) => {
      await runSql(tx, sql`insert into ending_probe values (${1}, ${"first"})`);
      return {
        last: sql`insert into ending_probe values (${2}, ${"last"}) returning note`,
        read: (rows) => rows.map((row) => row.note),
      };
    });
    expect(value).toEqual(["last"]);
    expect(await notes()).toEqual(["first", "last"]);
  });

  it("a transaction of one statement, and one that ends with a value instead", async () => {
    const only = await transactionEndingWith<number, { id: number }>(database.db, async () => ({
      last: sql`insert into ending_probe values (${3}, ${"only"}) returning id`,
      read: (rows) => Number(rows[0]?.id),
    }));
    expect(only).toBe(3);
    expect(await transactionEndingWith(database.db, async () => ({ value: "no statement" }))).toBe("no statement");
    expect(await notes()).toEqual(["first", "last", "only"]);
  });

  it("the last statement fails: the first is rolled back with it, and the next transaction works", async () => {
    const failed = transactionEndingWith(database.db, async (tx) => {
      await runSql(tx, sql`insert into ending_probe values (${4}, ${"undone"})`);
      return { last: sql`insert into ending_probe values (${1}, ${"duplicate"})`, read: () => "never" };
    });
    await expect(failed).rejects.toThrow();
    expect(await notes()).toEqual(["first", "last", "only"]);
    await transactionEndingWith(database.db, async () => ({
      last: sql`insert into ending_probe values (${5}, ${"next"})`,
      read: () => undefined,
    }));
    expect(await notes()).toEqual(["first", "last", "only", "next"]);
  });

  it("the COMMIT itself fails (a deferred constraint): nothing stays, and the error is the caller's", async () => {
    const failed = transactionEndingWith(database.db, async (tx) => {
      await runSql(tx, sql`insert into ending_probe values (${6}, ${"undone by the commit"})`);
      return { last: sql`insert into ending_link values (${1}, ${999})`, read: () => "never" };
    });
    const error = await failed.then(
      () => null,
      (failure: unknown) => failure,
    );
    const cause = error instanceof Error ? (error.cause ?? error) : error;
    // foreign_key_violation, raised by the COMMIT.
    expect((cause as { code?: string }).code).toBe("23503");
    expect(await notes()).toEqual(["first", "last", "only", "next"]);
    const { rows } = await runSql<{ n: number }>(database.db, sql`select count(*)::int as n from ending_link`);
    expect(Number(rows[0]?.n)).toBe(0);
  });

  it("what reads the rows runs after the commit: its failure undoes nothing", async () => {
    const failed = transactionEndingWith(database.db, async () => ({
      last: sql`insert into ending_probe values (${7}, ${"kept"})`,
      read: () => {
        throw new Error("reading failed");
      },
    }));
    await expect(failed).rejects.toThrow("reading failed");
    expect(await notes()).toContain("kept");
  });
});
