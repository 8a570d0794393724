/**
 * The pipelined PGlite client (prepared statements, one engine call per statement) answers
 * exactly what PGlite's own `query` answers: values of every kind in and out, errors with their
 * codes, transactions that roll back, and statements that stay right when the schema changes.
 */
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pipelinedPglite, type PgliteClient } from "~/db/pglite-pipelined.server";

describe("pipelined PGlite client", () => {
  let pglite: PGlite;
  let client: PgliteClient;
  beforeAll(async () => {
    pglite = await PGlite.create();
    client = pipelinedPglite(pglite);
    await pglite.exec(`
      create table items (
        id serial primary key, name text not null unique, at timestamptz, day date, data jsonb,
        tags text[], flag boolean, amount numeric, big bigint
      )`);
  });
  afterAll(async () => {
    await pglite.close();
  });

  const insert = `insert into items (name, at, day, data, tags, flag, amount, big)
    values ($1, $2, $3, $4, $5, $6, $7, $8) returning *`;
  const values = (name: string) => [
    name,
    new Date("2026-03-01T10:20:30.456Z"),
    "2026-03-01",
    { a: [1, "two"], b: null },
    ["x", "y,z"],
    true,
    "12.50",
    9007199254740993n,
  ];

  it("writes and reads every kind of value as PGlite's own query does", async () => {
    const ours = await client.query(insert, values("ours"));
    const theirs = await pglite.query(insert, values("theirs"));
    const strip = (row: unknown) => ({ ...(row as Record<string, unknown>), id: 0, name: "" });
    expect(ours.rows.map(strip)).toEqual(theirs.rows.map(strip));
    expect(ours.fields).toEqual(theirs.fields);
    expect(ours.affectedRows).toBe(1);
    // Again: now from the prepared statement.
    const again = await client.query(insert, values("ours again"));
    expect(again.rows.map(strip)).toEqual(theirs.rows.map(strip));
  });

  it("applies the caller's parsers over PGlite's, and rowMode", async () => {
    const text = "select at, day, amount from items where name = $1";
    const result = await client.query<unknown[]>(text, ["ours"], {
      rowMode: "array",
      parsers: { 1184: (value: string) => `raw ${value}` },
    });
    expect(result.rows[0]).toEqual(["raw 2026-03-01 10:20:30.456+00", new Date("2026-03-01T00:00:00.000Z"), "12.50"]);
  });

  it("reports errors with their code and stays usable", async () => {
    await expect(client.query(insert, values("ours"))).rejects.toMatchObject({ code: "23505", query: insert });
    await expect(client.query("select nonsense from items where id = $1", [1])).rejects.toMatchObject({ code: "42703" });
    expect((await client.query("select count(*)::int as n from items where name like $1", ["ours%"])).rows).toEqual([{ n: 2 }]);
  });

  it("rolls a transaction back when it fails, and commits one that does not", async () => {
    await expect(
      client.transaction(async (tx) => {
        await tx.query(insert, values("in a failed transaction"));
        await tx.query(insert, values("ours"));
      }),
    ).rejects.toMatchObject({ code: "23505" });
    await client.transaction(async (tx) => {
      await tx.query(insert, values("in a transaction"));
    });
    const names = await client.query<{ name: string }>("select name from items where name like $1 order by name", ["in a%"]);
    expect(names.rows).toEqual([{ name: "in a transaction" }]);
    // A statement first prepared inside the rolled-back transaction still works.
    expect((await client.query(insert, values("after the rollback"))).affectedRows).toBe(1);
  });

  it("keeps one statement at a time when queries and transactions overlap", async () => {
    const results = await Promise.all([
      client.transaction(async (tx) => {
        await tx.query("update items set flag = $1 where name = $2", [false, "ours"]);
        return (await tx.query<{ flag: boolean }>("select flag from items where name = $1", ["ours"])).rows[0]?.flag;
      }),
      client.query<{ flag: boolean }>("select flag from items where name = $1", ["ours"]).then((r) => r.rows[0]?.flag),
    ]);
    expect(results).toEqual([false, false]);
  });

  it("answers with the new columns after a schema change, through it or behind its back", async () => {
    const text = "select * from items where name = $1";
    expect(Object.keys((await client.query<object>(text, ["ours"])).rows[0]!)).not.toContain("note");
    await client.query("alter table items add column note text");
    expect(Object.keys((await client.query<object>(text, ["ours"])).rows[0]!)).toContain("note");
    await pglite.exec("alter table items add column other text");
    expect(Object.keys((await client.query<object>(text, ["ours"])).rows[0]!)).toContain("other");
  });

  it("closes the statements it forgets", async () => {
    await client.query("select id from items where name = $1", ["ours"]);
    await client.query("create index items_flag on items (flag)");
    await client.query("select id from items where name = $1 and flag = $2", ["ours", false]);
    const open = await pglite.query<{ n: number }>("select count(*)::int as n from pg_prepared_statements");
    expect(open.rows[0]?.n).toBe(1);
  });
});
