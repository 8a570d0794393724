/**
 * The database layer on every kind the suite runs on (PGlite always; PostgreSQL when
 * TEST_DATABASE_URL is set, as in CI).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~/db/client.server";
import { checkDatabase } from "~/db/health.server";
import { runSql } from "~/db/run-sql.server";
import { migrateDatabase } from "~/db/migrate.server";
import { purgeWebhookReceipts, recordWebhookReceipt } from "~/db/webhook-receipts.server";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";

describe.each(DATABASE_KINDS)("database on %s", (kind) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await testDb?.close();
  });

  it("has every migration applied and the tables they create", async () => {
    const tables = await runSql<{ table_name: string }>(
      testDb.db,
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    expect(tables.rows.map((r) => r.table_name)).toContain("webhook_receipts");
    const applied = await runSql<{ count: number }>(testDb.db, sql`select count(*)::int as count from drizzle.__drizzle_migrations`);
    expect(Number(applied.rows[0]?.count)).toBeGreaterThanOrEqual(1);
  });

  it("migrating again is a no-op", async () => {
    await migrateDatabase(testDb.handle);
    const applied = await runSql<{ count: number }>(testDb.db, sql`select count(*)::int as count from drizzle.__drizzle_migrations`);
    const { readdirSync } = await import("node:fs");
    const files = readdirSync("drizzle").filter((f) => f.endsWith(".sql"));
    expect(Number(applied.rows[0]?.count)).toBe(files.length);
  });

  it("records a webhook delivery once and recognises the replay", async () => {
    const id = `delivery-${kind}-${Date.now()}`;
    expect(await recordWebhookReceipt(testDb.db, { provider: "sanity", id })).toBe(true);
    expect(await recordWebhookReceipt(testDb.db, { provider: "sanity", id })).toBe(false);
    // The same id from another provider is a different delivery.
    expect(await recordWebhookReceipt(testDb.db, { provider: "twilio-inbound", id })).toBe(true);
  });

  it("purges receipts older than the retention cut-off only", async () => {
    await testDb.db.execute(
      sql`insert into webhook_receipts (provider, delivery_id, received_at) values ('sanity', 'old-one', now() - interval '40 days')`,
    );
    await recordWebhookReceipt(testDb.db, { provider: "sanity", id: "fresh-one" });
    const purged = await purgeWebhookReceipts(testDb.db, new Date(Date.now() - 30 * 86_400_000));
    expect(purged).toBe(1);
    expect(await recordWebhookReceipt(testDb.db, { provider: "sanity", id: "fresh-one" })).toBe(false);
    expect(await recordWebhookReceipt(testDb.db, { provider: "sanity", id: "old-one" })).toBe(true);
  });

  it("reports itself healthy", async () => {
    const health = await checkDatabase(testDb.db);
    expect(health.ok).toBe(true);
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
  });
});

describe("PGlite on disk", () => {
  it("creates, migrates and reopens a data directory, keeping its rows", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pc-pglite-"));
    try {
      const first = await openDatabase({ kind: "pglite", dataDir: dir });
      await migrateDatabase(first);
      await recordWebhookReceipt(first.db, { provider: "sanity", id: "survives-restart" });
      await first.close();

      const second = await openDatabase({ kind: "pglite", dataDir: dir });
      await migrateDatabase(second);
      expect(await recordWebhookReceipt(second.db, { provider: "sanity", id: "survives-restart" })).toBe(false);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a database that is down", () => {
  it("is reported unhealthy with a reason, not thrown", async () => {
    const handle = await openDatabase({ kind: "postgres", url: "postgres://postgres@127.0.0.1:1/none" });
    try {
      const health = await checkDatabase(handle.db, 1_000);
      expect(health.ok).toBe(false);
      expect(health.error).toBeTruthy();
    } finally {
      await handle.close();
    }
  });
});
