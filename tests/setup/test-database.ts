/**
 * Real databases for tests. PGlite: a migrated in-memory instance restored from a snapshot made
 * once per run (global setup), so each test file pays ~1 s instead of a cold migrate. PostgreSQL
 * (when TEST_DATABASE_URL is set): a throwaway database per call, created from the server's
 * `test` database and dropped on close, so parallel test files never share rows.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import pg from "pg";
import { openDatabase, type Database, type DatabaseHandle } from "~/db/client.server";
import { migrateDatabase } from "~/db/migrate.server";
import { PGLITE_SNAPSHOT_PATH } from "./paths";
import { missing } from "./requirements";

export interface TestDatabase {
  db: Database;
  kind: "pglite" | "postgres";
  handle: DatabaseHandle;
  /** The connection URL of the throwaway database (PostgreSQL only), for child processes. */
  url?: string;
  close(): Promise<void>;
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

/** True when PostgreSQL tests are skipped here (never in CI, where its absence fails the run). */
export const NO_POSTGRES = missing(
  "PostgreSQL",
  TEST_DATABASE_URL !== undefined,
  "set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test",
);

/** The kinds the database suite runs on: PGlite always, PostgreSQL when configured. */
export const DATABASE_KINDS: ReadonlyArray<"pglite" | "postgres"> = NO_POSTGRES ? ["pglite"] : ["pglite", "postgres"];

export async function createTestDatabase(kind: "pglite" | "postgres" = "pglite"): Promise<TestDatabase> {
  return kind === "postgres" ? createPostgresDatabase() : createPgliteDatabase();
}

async function createPgliteDatabase(): Promise<TestDatabase> {
  const snapshot = existsSync(PGLITE_SNAPSHOT_PATH) ? new Blob([readFileSync(PGLITE_SNAPSHOT_PATH)]) : undefined;
  const handle = await openDatabase({ kind: "pglite", dataDir: "memory", loadDataDir: snapshot });
  // Also after a snapshot: one left by an earlier run (a bench run alone, a run before a new
  // migration) gets what it lacks; an up-to-date one costs a read of the migrations table.
  await migrateDatabase(handle);
  return { db: handle.db, kind: "pglite", handle, close: () => handle.close() };
}

async function createPostgresDatabase(): Promise<TestDatabase> {
  if (!TEST_DATABASE_URL) throw new Error("TEST_DATABASE_URL is not set");
  const name = `pc_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  // The run's migrated template (tests/setup/global-setup.ts), when there is one.
  const template = process.env.TEST_TEMPLATE_DATABASE;
  try {
    await admin.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: "postgres", url: url.toString() });
  if (!template) await migrateDatabase(handle);
  return {
    db: handle.db,
    kind: "postgres",
    handle,
    url: url.toString(),
    close: async () => {
      await handle.close();
      const dropper = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
