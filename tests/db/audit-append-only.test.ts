/**
 * The audit log is append-only, in the code and in the database:
 * - no module of the app, the jobs, the scripts or the server updates, deletes or truncates
 *   audit_log, or disables its trigger (a scan of the source, checked against planted examples so
 *   it cannot pass by matching nothing), and no migration drops or disables the trigger;
 * - on both databases, the app's own wide-reaching paths (retention purge years ahead, erasures
 *   by keyword and by request) leave every entry as it was, and the trigger refuses an UPDATE, a
 *   DELETE and a TRUNCATE through the app's connection.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePhoneKeyring } from "~/audience/phone-crypto.server";
import { deleteSubscriberData, findOrCreateSubscriber, phoneIdentity } from "~/audience/subscribers.server";
import { listAudit, recordAudit } from "~/audit/audit-log.server";
import { staffUsers } from "~/db/schema";
import { runSql } from "~/db/run-sql.server";
import { createLogger } from "~/lib/logger.server";
import { eraseDataRequest, findDataRequest, openDataRequest } from "~/staff/data-requests.server";
import { purgeRetention } from "../../jobs/purge-retention";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CODE_FOLDERS = ["app", "jobs", "scripts", "server"];

/** What changing or removing audit rows looks like, through drizzle or in SQL. */
const CHANGES_AUDIT = [
  /\.(update|delete)\(\s*auditLog\b/,
  /\b(update|delete\s+from|truncate(\s+table)?)\s+(only\s+)?("?public"?\.)?"?audit_log\b/i,
  /\balter\s+table\s+("?public"?\.)?"?audit_log"?\s+(disable|drop)\b/i,
  /\bdrop\s+trigger\b[^;]*\baudit_log/i,
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|js|mjs|sql)$/.test(name) ? [path] : [];
  });
}

function offending(text: string): string[] {
  return CHANGES_AUDIT.filter((pattern) => pattern.test(text)).map(String);
}

describe("audit log: no code path changes or removes entries", () => {
  it("finds the planted examples (the scan is not vacuous)", () => {
    for (const planted of [
      "await db.update(auditLog).set({ actorLabel: 'x' })",
      "db.delete( auditLog )",
      "sql`update audit_log set details = ${x}`",
      "DELETE FROM public.audit_log WHERE at < now()",
      'TRUNCATE TABLE "audit_log"',
      "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only",
    ]) {
      expect(offending(planted), planted).not.toEqual([]);
    }
    expect(offending("await db.insert(auditLog).values(entry); select * from audit_log")).toEqual([]);
  });

  it("in the app, the jobs, the scripts and the server", () => {
    const files = CODE_FOLDERS.flatMap((folder) => sourceFiles(join(ROOT, folder)));
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((file) => offending(readFileSync(file, "utf8")).map((pattern) => `${file.slice(ROOT.length)}: ${pattern}`));
    expect(found).toEqual([]);
  });

  it("in the migrations, which only ever create the trigger", () => {
    const migrations = sourceFiles(join(ROOT, "drizzle"));
    const text = migrations.map((file) => readFileSync(file, "utf8")).join("\n");
    expect(text).toContain("CREATE TRIGGER audit_log_append_only");
    const found = migrations.flatMap((file) =>
      offending(readFileSync(file, "utf8").replace(/^--.*$/gm, "")).map((pattern) => `${file.slice(ROOT.length)}: ${pattern}`),
    );
    expect(found).toEqual([]);
  });
});

const keyring = parsePhoneKeyring(`k1:${Buffer.alloc(32, 9).toString("base64")}`, Buffer.alloc(32, 10).toString("base64"));
const NOW = new Date("2026-05-01T12:00:00Z");

describe.each(DATABASE_KINDS)("audit log stays as written (%s)", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database?.close());

  it("through the app's widest paths, and refuses changes at the database", async () => {
    const [admin] = await database.db
      .insert(staffUsers)
      .values({ email: "append@staff.test", displayName: "Append", role: "admin", createdAt: NOW, updatedAt: NOW })
      .returning({ id: staffUsers.id, email: staffUsers.email });
    const actor = { userId: admin!.id, label: admin!.email };
    for (let i = 0; i < 5; i += 1) {
      await recordAudit(
        database.db,
        { actor, action: "run-paused", target: { type: "broadcast-run", id: String(i) } },
        new Date(NOW.getTime() - i * 86_400_000 * 400),
      );
    }
    const before = await listAudit(database.db, { limit: 1_000 });

    // Erasure by keyword and by request, then a retention purge ten years ahead.
    const byKeyword = phoneIdentity(keyring, "+996700500001");
    await findOrCreateSubscriber(database.db, keyring, { phone: byKeyword, channel: "sms", country: "KG", now: NOW });
    await deleteSubscriberData(database.db, byKeyword.phoneIndex, { now: NOW });
    const byRequest = phoneIdentity(keyring, "+996700500002");
    await findOrCreateSubscriber(database.db, keyring, { phone: byRequest, channel: "sms", country: "KG", now: NOW });
    const deps = { db: database.db, keyring, logger: createLogger({ level: "silent" }) };
    const opened = await openDataRequest(deps, admin!, byRequest.e164, NOW);
    if (!opened.ok) throw new Error("not opened");
    const request = await findDataRequest(deps, admin!, opened.requestId, NOW);
    if (request?.state !== "open") throw new Error("not open");
    expect((await eraseDataRequest(deps, admin!, request, NOW)).audited).toBe(true);
    await purgeRetention({
      db: database.db,
      env: { RETENTION_DAYS_INBOUND: 1, RETENTION_DAYS_OUTBOX: 1 },
      now: new Date(NOW.getTime() + 3_650 * 86_400_000),
    });

    const after = await listAudit(database.db, { limit: 1_000 });
    expect(after.slice(2)).toEqual(before);
    expect(after.slice(0, 2)).toEqual([
      expect.objectContaining({ action: "data-erased" }),
      expect.objectContaining({ action: "data-looked-up" }),
    ]);

    for (const statement of [sql`update audit_log set actor_label = 'someone else'`, sql`delete from audit_log`, sql`truncate audit_log`]) {
      // drizzle wraps the database's error; the trigger's message is its cause.
      const error = await runSql(database.db, statement).then(
        () => null,
        (failure: Error & { cause?: Error }) => failure.cause?.message ?? failure.message,
      );
      expect(error).toMatch(/append-only/);
    }
    expect(await listAudit(database.db, { limit: 1_000 })).toEqual(after);
  });
});
