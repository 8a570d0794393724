/**
 * The audit log on a real database: entries are appended and listed newest first with filters
 * and keyset paging; the table refuses UPDATE, DELETE and TRUNCATE (the migration's trigger),
 * so not even a bug in the app can rewrite history; a phone-like value is refused, not stored.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUDIT_ACTIONS, AuditRefusedError, listAudit, looksLikePhoneNumber, recordAudit } from "~/audit/audit-log.server";
import { runSql } from "~/db/run-sql.server";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";

const T0 = new Date("2026-12-01T10:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe.each(DATABASE_KINDS)("audit log on %s", (kind) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    const admin = { userId: 1, label: "admin@staff.test" };
    await recordAudit(
      testDb.db,
      { actor: admin, action: "user-added", target: { type: "staff-user", id: "2" }, details: { role: "viewer" } },
      at(0),
    );
    await recordAudit(
      testDb.db,
      { actor: { userId: null, label: "cli" }, action: "role-changed", target: { type: "staff-user", id: "2" } },
      at(1),
    );
    await recordAudit(testDb.db, { actor: admin, action: "run-paused", target: { type: "broadcast-run", id: "7" } }, at(2));
    await recordAudit(
      testDb.db,
      { actor: { userId: null, label: "unknown" }, action: "sign-in-failed", details: { step: "password" } },
      at(3),
    );
  });
  afterAll(async () => {
    await testDb?.close();
  });

  it("lists entries newest first, with filters and keyset paging", async () => {
    const all = await listAudit(testDb.db, { limit: 10 });
    expect(all.map((entry) => entry.action)).toEqual(["sign-in-failed", "run-paused", "role-changed", "user-added"]);
    expect(all[3]).toMatchObject({
      actorUserId: 1,
      actorLabel: "admin@staff.test",
      targetType: "staff-user",
      targetId: "2",
      details: { role: "viewer" },
    });
    expect(all[3]!.at.toISOString()).toBe(at(0).toISOString());
    expect((await listAudit(testDb.db, { limit: 10, actorUserId: 1 })).map((entry) => entry.action)).toEqual(["run-paused", "user-added"]);
    expect((await listAudit(testDb.db, { limit: 10, action: "role-changed" })).map((entry) => entry.actorLabel)).toEqual(["cli"]);
    expect((await listAudit(testDb.db, { limit: 10, targetType: "broadcast-run" })).map((entry) => entry.targetId)).toEqual(["7"]);
    expect((await listAudit(testDb.db, { limit: 10, from: at(1), to: at(3) })).map((entry) => entry.action)).toEqual([
      "run-paused",
      "role-changed",
    ]);
    const firstPage = await listAudit(testDb.db, { limit: 2 });
    const secondPage = await listAudit(testDb.db, { limit: 2, before: firstPage[1]!.id });
    expect(secondPage.map((entry) => entry.action)).toEqual(["role-changed", "user-added"]);
  });

  it("refuses UPDATE, DELETE and TRUNCATE", async () => {
    await expect(runSql(testDb.db, sql`update audit_log set actor_label = 'someone else'`)).rejects.toThrow();
    await expect(runSql(testDb.db, sql`delete from audit_log`)).rejects.toThrow();
    await expect(runSql(testDb.db, sql`truncate audit_log`)).rejects.toThrow();
    expect(await listAudit(testDb.db, { limit: 10 })).toHaveLength(4);
  });

  it.each([
    ["a detail", { details: { note: "+996 555 123 456" } }],
    ["a detail without a plus", { details: { note: "call 0555123456" } }],
    ["a target id", { target: { type: "subscriber", id: "+996555123456" } }],
  ])("refuses a phone number in %s, and stores nothing", async (_what, extra) => {
    await expect(
      recordAudit(testDb.db, { actor: { userId: null, label: "system" }, action: "data-erased", ...extra }, at(9)),
    ).rejects.toThrow(AuditRefusedError);
    expect(await listAudit(testDb.db, { limit: 10, action: "data-erased" })).toEqual([]);
  });

  it("knows every action the issue names", () => {
    for (const action of ["sign-in", "sign-in-failed", "run-cancelled", "test-sent", "reach-exported", "data-exported", "data-erased"]) {
      expect(AUDIT_ACTIONS).toContain(action);
    }
  });
});

describe("what counts as a phone number in the audit log", () => {
  it.each(["+996555123456", "+996 555 123 456", "0555 123 456", "(0555) 12-34-56", "tel 79161234567 here"])("%s is refused", (value) => {
    expect(looksLikePhoneNumber(value)).toBe(true);
  });
  it.each([
    "2026-11-01",
    "2026-11-01T10:00:00.000Z",
    "123e4567-e89b-12d3-a456-426614174000",
    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "broadcast-know-before-you-go",
    "run 42",
    "123456",
  ])("%s is kept", (value) => {
    expect(looksLikePhoneNumber(value)).toBe(false);
  });
});
