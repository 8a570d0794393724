/**
 * Once per `vitest run`: build the Remix app so HTTP tests exercise the same server bundle that
 * `npm start` serves, and snapshot a migrated PGlite so each test file restores it quickly.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { openDatabase } from "../../app/db/client.server";
import { migrateDatabase } from "../../app/db/migrate.server";
import { PGLITE_SNAPSHOT_PATH, TEST_TMP_DIR } from "./paths";

export default async function setup(): Promise<void> {
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
}
