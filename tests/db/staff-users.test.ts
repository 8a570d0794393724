/**
 * Staff users from the command line (`npm run staff -- …`, runStaffCommand) on a real database:
 * add prints a one-time link built from PUBLIC_BASE_URL, --password-stdin sets an argon2id hash
 * (after the length and deny-list rules), list / disable / enable / role, every change audited
 * with the actor "cli", and the last admin kept; reset-2fa removes a lost second factor and ends
 * every session of the user. The development admin: created once, in
 * development only, never in production or tests.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { listAudit } from "~/audit/audit-log.server";
import { runSql } from "~/db/run-sql.server";
import { parseEnv } from "~/env.server";
import { ensureDevAdmin, DEV_ADMIN_EMAIL } from "~/staff/dev-admin.server";
import { passwordProblem, verifyPassword } from "~/staff/passwords.server";
import { runStaffCommand, STAFF_USAGE } from "~/staff/staff-command.server";
import { createSession } from "~/staff/staff-sessions.server";
import { findStaffUserByEmail, passwordLinkUser, setPasswordWithLink } from "~/staff/staff-users.server";
import { encryptTotpSecret, newTotpSecret } from "~/staff/totp.server";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";

const NOW = new Date("2026-12-01T09:00:00Z");
const BASE = "https://campaigns.example.org";
const STRONG = "violet tractor umbrella 42";

describe("password rules", () => {
  it.each([
    ["short1234", "too-short"],
    ["password1234", "too-common"],
    ["Password12345", "too-common"],
    ["aaaaaaaaaaaaaaaa", "too-common"],
    ["x".repeat(201), "too-long"],
    ["someone@staff.test", "is-email"],
    [STRONG, null],
  ])("%s → %s", (password, problem) => {
    expect(passwordProblem(password, "someone@staff.test")).toBe(problem);
  });

  it("verifies against argon2id, and against nothing without failing", async () => {
    const { hashPassword } = await import("~/staff/passwords.server");
    const stored = await hashPassword(STRONG);
    expect(stored).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored, STRONG)).toBe(true);
    expect(await verifyPassword(stored, "violet tractor umbrella 43")).toBe(false);
    expect(await verifyPassword(null, STRONG)).toBe(false);
    expect(await verifyPassword("not-a-hash", STRONG)).toBe(false);
  });
});

describe.each(DATABASE_KINDS)("npm run staff on %s", (kind) => {
  let testDb: TestDatabase;
  let stdin = "";
  const run = (...args: string[]) =>
    runStaffCommand(args, { db: testDb.db, env: { PUBLIC_BASE_URL: BASE }, now: () => NOW, readStdin: async () => stdin });

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await testDb?.close();
  });
  beforeEach(async () => {
    await runSql(testDb.db, sql`truncate staff_users, staff_sessions, staff_password_links restart identity cascade`);
  });

  it("adds a user and prints a one-time set-password link on PUBLIC_BASE_URL", async () => {
    const result = await run("add", "Ada@Staff.test", "--role", "editor");
    expect(result.exitCode).toBe(0);
    const link = result.lines.find((line) => line.startsWith(BASE))!;
    expect(link).toMatch(new RegExp(`^${BASE}/staff/set-password/[A-Za-z0-9_-]{43}$`));
    const token = link.split("/").pop()!;
    const user = await findStaffUserByEmail(testDb.db, "ada@staff.test");
    expect(user).toMatchObject({ email: "ada@staff.test", role: "editor", passwordHash: null });
    // The link works once, within 24 hours.
    expect(await passwordLinkUser(testDb.db, token, new Date(NOW.getTime() + 23 * 3_600_000))).not.toBeNull();
    expect(await passwordLinkUser(testDb.db, token, new Date(NOW.getTime() + 24 * 3_600_000 + 1))).toBeNull();
    expect(await setPasswordWithLink(testDb.db, token, "short", NOW)).toEqual({ ok: false, problem: "too-short" });
    expect((await setPasswordWithLink(testDb.db, token, STRONG, NOW)).ok).toBe(true);
    expect(await setPasswordWithLink(testDb.db, token, STRONG, NOW)).toEqual({ ok: false, problem: "invalid-link" });
    // Only the token's hash is stored.
    const stored = await runSql<{ token_hash: string }>(testDb.db, sql`select token_hash from staff_password_links`);
    expect(JSON.stringify(stored)).not.toContain(token);
    // The newest entries (the log is append-only: earlier tests' entries stay below).
    const audit = await listAudit(testDb.db, { limit: 2 });
    expect(audit.map((entry) => [entry.action, entry.actorLabel])).toEqual([
      ["password-set", "ada@staff.test"],
      ["user-added", "cli"],
    ]);
  });

  it("sets the password from standard input, after the rules", async () => {
    stdin = "password1234\n";
    const weak = await run("add", "bob@staff.test", "--role", "viewer", "--password-stdin");
    expect(weak.exitCode).toBe(1);
    expect(weak.lines.join("\n")).toContain("too common");
    stdin = `${STRONG}\n`;
    const result = await run("add", "cy@staff.test", "--role", "approver", "--password-stdin");
    expect(result).toEqual({ exitCode: 0, lines: ["Added cy@staff.test (approver) with the password from standard input."] });
    expect(await verifyPassword((await findStaffUserByEmail(testDb.db, "cy@staff.test"))!.passwordHash, STRONG)).toBe(true);
  });

  it("lists, disables, enables and changes roles, audited as the command line; keeps the last admin", async () => {
    await run("add", "root@staff.test", "--role", "admin");
    await run("add", "dee@staff.test", "--role", "viewer");
    expect((await run("role", "dee@staff.test", "approver")).lines).toEqual(["dee@staff.test is now approver."]);
    expect((await run("disable", "dee@staff.test")).exitCode).toBe(0);
    const listed = (await run("list")).lines;
    expect(listed).toHaveLength(2);
    expect(listed[0]).toMatch(/^dee@staff\.test\tapprover\tno password yet\tno second factor\tdisabled 2026-12-01T09:00:00\.000Z$/);
    expect(listed[1]).toMatch(/^root@staff\.test\tadmin\t.*\tactive$/);
    expect((await run("enable", "dee@staff.test")).lines).toEqual(["dee@staff.test is enabled."]);
    expect(await run("disable", "root@staff.test")).toEqual({ exitCode: 1, lines: ["The last active admin cannot be disabled."] });
    expect(await run("role", "root@staff.test", "viewer")).toEqual({
      exitCode: 1,
      lines: ["The last active admin cannot lose the admin role."],
    });
    expect((await run("role", "nobody@staff.test", "viewer")).exitCode).toBe(1);
    const audit = await listAudit(testDb.db, { limit: 5 });
    expect(audit.map((entry) => [entry.action, entry.actorLabel, entry.details])).toEqual([
      ["user-enabled", "cli", {}],
      ["user-disabled", "cli", {}],
      ["role-changed", "cli", { from: "viewer", to: "approver" }],
      ["user-added", "cli", { role: "viewer" }],
      ["user-added", "cli", { role: "admin" }],
    ]);
  });

  it("resets a lost second factor, ending every session of the user, audited as the command line", async () => {
    await run("add", "eve@staff.test", "--role", "admin");
    const eve = (await findStaffUserByEmail(testDb.db, "eve@staff.test"))!;
    await runSql(
      testDb.db,
      sql`update staff_users set totp_secret_encrypted = ${encryptTotpSecret("test-secret", newTotpSecret())}, totp_last_step = 1 where id = ${eve.id}`,
    );
    // One session past the code step, one that gave only the password: both must end.
    await createSession(testDb.db, eve.id, true, NOW);
    await createSession(testDb.db, eve.id, false, NOW);
    const result = await run("reset-2fa", "Eve@Staff.test");
    expect(result.exitCode).toBe(0);
    expect(result.lines[0]).toBe("The second factor of eve@staff.test is reset and they are signed out everywhere.");
    expect(await findStaffUserByEmail(testDb.db, "eve@staff.test")).toMatchObject({ totpSecretEncrypted: null, totpLastStep: null });
    const live = await runSql<{ count: number }>(
      testDb.db,
      sql`select count(*)::int as count from staff_sessions where user_id = ${eve.id} and revoked_at is null`,
    );
    expect(Number(live.rows[0]!.count)).toBe(0);
    const [entry] = await listAudit(testDb.db, { limit: 1 });
    expect(entry).toMatchObject({
      action: "second-factor-reset",
      actorUserId: null,
      actorLabel: "cli",
      targetType: "staff-user",
      targetId: String(eve.id),
      details: { sessions: 2 },
    });
    expect(await run("reset-2fa", "eve@staff.test")).toEqual({ exitCode: 1, lines: ["eve@staff.test has no second factor."] });
    expect(await run("reset-2fa", "nobody@staff.test")).toEqual({ exitCode: 1, lines: ["No staff user has that email."] });
    expect((await run("reset-2fa")).exitCode).toBe(2);
  });

  it("prints its usage for a bad command or role", async () => {
    expect(await run()).toEqual({ exitCode: 2, lines: [STAFF_USAGE] });
    expect((await run("add", "x@staff.test", "--role", "boss")).exitCode).toBe(2);
    expect((await run("explode")).lines[0]).toBe("Unknown command: explode");
  });

  describe("the development admin", () => {
    const envOf = (NODE_ENV: string) =>
      parseEnv({ NODE_ENV, PUBLIC_BASE_URL: BASE, SESSION_SECRET: "a-production-session-secret-of-40-characters" });

    it("is created once in development, with a set-password link; a fresh link while it has no password", async () => {
      const first = await ensureDevAdmin(testDb.db, envOf("development"), NOW);
      expect(first).toMatch(new RegExp(`^${BASE}/staff/set-password/`));
      expect(await findStaffUserByEmail(testDb.db, DEV_ADMIN_EMAIL)).toMatchObject({ role: "admin" });
      const second = await ensureDevAdmin(testDb.db, envOf("development"), NOW);
      expect(second).not.toBeNull();
      expect(second).not.toBe(first);
      expect((await setPasswordWithLink(testDb.db, second!.split("/").pop()!, STRONG, NOW)).ok).toBe(true);
      expect(await ensureDevAdmin(testDb.db, envOf("development"), NOW)).toBeNull();
      expect((await run("list")).lines).toHaveLength(1);
    });

    it("is not created when staff users exist", async () => {
      await run("add", "root@staff.test", "--role", "admin");
      expect(await ensureDevAdmin(testDb.db, envOf("development"), NOW)).toBeNull();
      expect(await findStaffUserByEmail(testDb.db, DEV_ADMIN_EMAIL)).toBeNull();
    });

    it.each(["production", "test"])("is never created with NODE_ENV=%s", async (nodeEnv) => {
      expect(await ensureDevAdmin(testDb.db, envOf(nodeEnv), NOW)).toBeNull();
      expect(await findStaffUserByEmail(testDb.db, DEV_ADMIN_EMAIL)).toBeNull();
      expect((await run("list")).lines).toEqual(["No staff users."]);
    });
  });
});
