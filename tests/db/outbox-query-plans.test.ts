/**
 * The partial indexes of decision 010 stay in use. A statement prepared once and run many times
 * (PGlite's pipelined client prepares every statement once; node-postgres callers may too) is
 * eventually planned generically, without its parameter values, and a generic plan can use
 * `outbox_due_idx` (`where status = 'queued'`) only when the statement names that literal, never
 * when the state is a bind parameter. So the states go into SQL as literals (stateSql).
 *
 * The dispatcher's own claim statement is prepared and EXPLAINed (never executed) under a forced
 * generic plan with sequential scans disabled: the plan then shows whether the index is usable at
 * all, whatever the table holds.
 */
import { randomBytes } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSql } from "~/db/run-sql.server";
import { claimStatement } from "~/outbox/claim.server";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";

const dialect = new PgDialect();

/** A parameter value as an SQL literal, for EXECUTE (test values only: strings and numbers). */
function literal(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return `'${value.replaceAll("'", "''")}'`;
  throw new TypeError(`no literal for ${typeof value}`);
}

describe.each(DATABASE_KINDS)("outbox query plans on %s", (kind) => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await testDb?.close();
  });

  /** EXPLAIN of the statement as a prepared statement with a generic plan. */
  async function genericPlan(statement: SQL): Promise<string> {
    const query = dialect.sqlToQuery(statement);
    const name = `plan_${randomBytes(4).toString("hex")}`;
    return testDb.db.transaction(async (tx) => {
      await runSql(tx, sql`set local enable_seqscan = off`);
      await runSql(tx, sql`set local plan_cache_mode = force_generic_plan`);
      await runSql(tx, sql.raw(`prepare ${name} as ${query.sql}`));
      const args = query.params.length > 0 ? `(${query.params.map(literal).join(", ")})` : "";
      const result = await runSql<Record<string, string>>(tx, sql.raw(`explain execute ${name}${args}`));
      await runSql(tx, sql.raw(`deallocate ${name}`));
      return result.rows.map((row) => Object.values(row).join(" ")).join("\n");
    });
  }

  it("the claim statement uses the partial index outbox_due_idx, even planned generically", async () => {
    const statement = claimStatement({ workerId: "w", limit: 50, leaseSeconds: 30, now: new Date("2026-12-01T07:00:00Z") });
    expect(dialect.sqlToQuery(statement).sql).toContain("o.status = 'queued'");
    expect(await genericPlan(statement)).toContain("outbox_due_idx");
  });

  it("the same due rows with the state as a bind parameter could not use it", async () => {
    const text = await genericPlan(sql`
      select o.id from outbox_messages o where o.status = ${"queued"} and o.next_attempt_at <= ${"2026-12-01T07:00:00Z"}::timestamptz
      order by o.priority, o.next_attempt_at, o.id limit 50`);
    expect(text).not.toContain("outbox_due_idx");
  });
});
