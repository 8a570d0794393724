/**
 * Migration 0007's backfill: a row queued for a retry after an answer that may have created the
 * message (5xx, broken connection; known before 0007 only by its code) gets the named kind, so the
 * dispatcher still asks the provider before resending it. Other rows are left without a kind.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSql } from "~/db/run-sql.server";
import { KG_NUMBER, outboxHarness, outboxRows } from "./outbox-kit";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";

const MIGRATION = readFileSync(join(__dirname, "..", "..", "drizzle", "0007_outbox_failure_kind.sql"), "utf8");
const BACKFILL = MIGRATION.split("--> statement-breakpoint")
  .map((part) => part.trim())
  .find((part) => /^(--[^\n]*\n)*UPDATE/i.test(part));

describe.each(DATABASE_KINDS)("migration 0007 backfill on %s", (kind) => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await testDb?.close();
  });

  it("marks queued rows whose last code may have been sent, and only those", async () => {
    expect(BACKFILL).toBeDefined();
    const h = outboxHarness(testDb.db);
    const codes = ["network", "20500", "20503", "http-500", "http-503", "30003", "20429", "http-429", null];
    const ids: number[] = [];
    for (const _code of codes) ids.push(await h.enqueue({ to: KG_NUMBER }));
    for (const [index, code] of codes.entries()) {
      await runSql(testDb.db, sql`update outbox_messages set error_code = ${code}, failure_kind = null where id = ${ids[index]!}`);
    }
    // A sent row with a 5xx code from an earlier attempt is finished: nothing to decide.
    await runSql(testDb.db, sql`update outbox_messages set status = 'sent' where id = ${ids[4]!}`);

    await runSql(testDb.db, sql.raw(BACKFILL!));

    const kinds = new Map((await outboxRows(testDb.db)).map((row) => [row.id, row.failure_kind]));
    expect(codes.map((code, index) => [code, kinds.get(ids[index]!)])).toEqual([
      ["network", "may-have-been-sent"],
      ["20500", "may-have-been-sent"],
      ["20503", "may-have-been-sent"],
      ["http-500", "may-have-been-sent"],
      ["http-503", null],
      ["30003", null],
      ["20429", null],
      ["http-429", null],
      [null, null],
    ]);
  });
});
