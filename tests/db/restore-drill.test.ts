/**
 * The restore drill of docs/production.md, done for real on PostgreSQL: subscribers written
 * through the app's own code, `pg_dump --format=custom` of the database, `pg_restore` into a new,
 * empty database, the app's database layer started on it (configuration parsed, opened, migrated,
 * health-checked), and every subscriber's number decrypted with the keys from configuration and
 * found again by its blind index. A backup that restores but cannot be decrypted (keys lost, or a
 * dump without the migrations table) fails here before it fails an operator.
 *
 * pg_dump must be at least the server's major version (it refuses newer servers): the binary of
 * the server's own version is used when installed (`/usr/lib/postgresql/<major>/bin`), else
 * Debian's `/usr/bin/pg_dump` wrapper if it is new enough. PostgreSQL only; without a usable
 * pg_dump the test fails in CI and is skipped elsewhere with the reason.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decryptPhone, phoneBlindIndex } from "~/audience/phone-crypto.server";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { findOrCreateSubscriber, findSubscriberByIndex, phoneIdentity, recordConsent } from "~/audience/subscribers.server";
import { databaseTargetFromEnv, openDatabase, type DatabaseHandle } from "~/db/client.server";
import { checkDatabase } from "~/db/health.server";
import { migrateDatabase } from "~/db/migrate.server";
import { subscribers } from "~/db/schema";
import { parseEnv } from "~/env.server";
import { missing } from "../setup/requirements";
import { createTestDatabase, NO_POSTGRES, TEST_DATABASE_URL, type TestDatabase } from "../setup/test-database";

/** Production-like keys (not the development ones): the drill restores with configuration, as an operator would. */
const KEYS = {
  PHONE_ENCRYPTION_KEYS: `drill:${randomBytes(32).toString("base64")}`,
  PHONE_INDEX_KEY: randomBytes(32).toString("base64"),
};
const SUBSCRIBERS = 25;

/** The PostgreSQL client binaries able to dump this server, or null (with the reason printed by `missing`). */
async function clientBinaries(): Promise<{ pgDump: string; pgRestore: string } | null> {
  if (!TEST_DATABASE_URL) return null;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  const serverMajor = Math.floor(
    Number((await client.query<{ v: string }>("select current_setting('server_version_num') as v")).rows[0]!.v) / 10_000,
  );
  await client.end();
  const candidates = [`/usr/lib/postgresql/${serverMajor}/bin`, "/usr/bin"];
  for (const dir of candidates) {
    const pgDump = join(dir, "pg_dump");
    const pgRestore = join(dir, "pg_restore");
    if (!existsSync(pgDump) || !existsSync(pgRestore)) continue;
    const version = /\(PostgreSQL\) (\d+)/.exec(execFileSync(pgDump, ["--version"], { encoding: "utf8" }))?.[1];
    if (Number(version) >= serverMajor) return { pgDump, pgRestore };
  }
  missing(
    `pg_dump ${serverMajor} or newer`,
    false,
    `apt-get install -y postgresql-client-${serverMajor} (pg_dump refuses servers newer than itself)`,
  );
  return null;
}

const binaries = NO_POSTGRES ? null : await clientBinaries();

describe.skipIf(binaries === null)("restore drill (postgres)", () => {
  let source: TestDatabase;
  let restored: DatabaseHandle | undefined;
  let restoredName: string;
  let dumpDir: string;
  const numbers: string[] = [];

  beforeAll(async () => {
    source = await createTestDatabase("postgres");
    const keyring = phoneKeyringFromEnv(parseEnv({ NODE_ENV: "test", ...KEYS }));
    const now = new Date();
    for (let i = 0; i < SUBSCRIBERS; i += 1) {
      // Numbers of several countries and channels, through the code the inbound webhook uses.
      const raw = [
        `+99655510${String(i).padStart(4, "0")}`,
        `+93701${String(i).padStart(6, "0")}`,
        `+7916123${String(i).padStart(4, "0")}`,
      ][i % 3]!;
      const phone = phoneIdentity(keyring, raw);
      const { subscriber } = await findOrCreateSubscriber(source.db, keyring, {
        phone,
        channel: i % 2 ? "sms" : "whatsapp",
        country: null,
        now,
      });
      if (i % 4 !== 0) await recordConsent(source.db, subscriber.id, "sms-keyword", now);
      numbers.push(phone.e164);
    }
    dumpDir = mkdtempSync(join(tmpdir(), "restore-drill-"));
    restoredName = `pc_restore_${randomBytes(6).toString("hex")}`;
  });

  afterAll(async () => {
    await restored?.close();
    await source?.close();
    if (dumpDir) rmSync(dumpDir, { recursive: true, force: true });
    if (TEST_DATABASE_URL && restoredName) {
      const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${restoredName} WITH (FORCE)`);
      await admin.end();
    }
  });

  it("restores a dump into a new database where the app starts and every subscriber still decrypts", async () => {
    const { pgDump, pgRestore } = binaries!;
    const dumpFile = join(dumpDir, "campaigns.dump");
    // The commands of docs/production.md, "Backups and a restore drill".
    execFileSync(pgDump, ["--format=custom", "--no-owner", "--no-acl", `--file=${dumpFile}`, source.url!]);
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${restoredName} TEMPLATE template0`);
    await admin.end();
    const restoredUrl = new URL(TEST_DATABASE_URL!);
    restoredUrl.pathname = `/${restoredName}`;
    execFileSync(pgRestore, ["--no-owner", "--no-acl", "--exit-on-error", `--dbname=${restoredUrl}`, dumpFile]);

    // What a process does at start: configuration, the database opened and migrated, the keyring.
    const env = parseEnv({ NODE_ENV: "test", DATABASE_URL: restoredUrl.toString(), ...KEYS });
    restored = await openDatabase(databaseTargetFromEnv(env));
    await migrateDatabase(restored);
    expect((await checkDatabase(restored.db)).ok).toBe(true);
    const keyring = phoneKeyringFromEnv(env);

    const rows = await restored.db.select().from(subscribers);
    expect(rows).toHaveLength(SUBSCRIBERS);
    expect(rows.map((row) => decryptPhone(keyring, row.phoneCiphertext)).sort()).toEqual([...numbers].sort());
    for (const e164 of numbers) {
      const row = await findSubscriberByIndex(restored.db, phoneBlindIndex(keyring, e164));
      expect(row, "found by its blind index").not.toBeNull();
    }
    expect(rows.filter((row) => row.status === "active")).toHaveLength(SUBSCRIBERS - Math.ceil(SUBSCRIBERS / 4));
  });
});
