/**
 * Once per `vitest run`: build the Remix app so HTTP tests exercise the same server bundle that
 * `npm start` serves, snapshot a migrated PGlite so each test file restores it quickly, and (with
 * TEST_DATABASE_URL) migrate one PostgreSQL template database that every test database is copied
 * from (CREATE DATABASE … TEMPLATE), dropped again when the run ends.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { openDatabase } from "../../app/db/client.server";
import { migrateDatabase } from "../../app/db/migrate.server";
import { PGLITE_SNAPSHOT_PATH, TEST_TMP_DIR } from "./paths";
import { createPostgresTemplate } from "./postgres-template";

export default async function setup(): Promise<() => Promise<void>> {
  if (process.env.SKIP_REMIX_BUILD !== "1") {
    execFileSync("npx", ["remix", "build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  }
  mkdirSync(TEST_TMP_DIR, { recursive: true });
  const handle = await openDatabase({ kind: "pglite", dataDir: "memory" });
  try {
    await migrateDatabase(handle);
    const dump = await handle.pglite!.dumpDataDir("gzip");
    writeFileSync(PGLITE_SNAPSHOT_PATH, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await handle.close();
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return async () => undefined;
  const template = await createPostgresTemplate(url);
  // Read by tests/setup/test-database.ts in the test workers, which inherit this environment.
  process.env.TEST_TEMPLATE_DATABASE = template.name;
  return template.drop;
}
