/**
 * `/staff/account` over HTTP: turning on the second factor (QR code and key shown; a wrong code or
 * a key sealed for someone else refused; the right code stores it encrypted, audited, and this
 * session stays signed in), turning it off with a current code (a wrong or replayed code refused;
 * the user's other sessions end; audited), sign out everywhere (every session of the user ends,
 * audited), and STAFF_REQUIRE_2FA sending approvers and admins without a second factor here first
 * and not letting them turn it off.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "~/audit/audit-log.server";
import { runSql } from "~/db/run-sql.server";
import { totpCode } from "~/staff/totp.server";
import { startTestServer, type TestServer } from "../setup/test-server";
import { text } from "./site-helpers";
import { openTestSession, signInAs, staffPost } from "./staff-session-kit";

const page = (server: TestServer, cookieHeaders: Record<string, string>, path = "/staff/account") =>
  fetch(`${server.url}${path}`, { headers: cookieHeaders, redirect: "manual" });

describe("staff account page", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("turns on the second factor with a code from the shown key", async () => {
    const staff = await signInAs(server, "editor");
    const other = await signInAs(server, "editor");
    const html = await (await page(server, staff.headers)).text();
    expect(html).toMatch(/<svg[^>]*viewBox/);
    expect(html).toMatch(/role="img" aria-label="QR code of your authenticator key"/);
    const secret = /class="staff-secret">([A-Z2-7 ]+)</.exec(html)![1]!.replaceAll(" ", "");
    const sealed = /name="sealed" value="([^"]+)"/.exec(html)![1]!;
    // Another user's sealed key does not fit this user.
    const foreign = /name="sealed" value="([^"]+)"/.exec(await (await page(server, other.headers)).text())![1]!;
    expect((await staffPost(server, staff, "/staff/account", { intent: "enrol", sealed: foreign, code: "123456" })).status).toBe(400);
    expect((await staffPost(server, staff, "/staff/account", { intent: "enrol", sealed, code: "000000" })).status).toBe(400);
    const done = await staffPost(server, staff, "/staff/account", { intent: "enrol", sealed, code: totpCode(secret, server.now()) });
    expect(done.status).toBe(303);
    // Still signed in here; stored encrypted, never as the key itself.
    expect(text(await (await page(server, staff.headers)).text())).toContain("On: signing in asks for a code");
    const stored = await runSql<{ totp_secret_encrypted: string }>(
      server.db,
      sql`select totp_secret_encrypted from staff_users where id = ${staff.user.id}`,
    );
    expect(stored.rows[0]!.totp_secret_encrypted).toMatch(/^t1\./);
    expect(JSON.stringify(stored.rows)).not.toContain(secret);
    const [entry] = await listAudit(server.db, { limit: 1, action: "second-factor-enabled" });
    expect(entry).toMatchObject({ actorUserId: staff.user.id });
  });

  it("turns off the second factor with a current code, ending the user's other sessions", async () => {
    const staff = await signInAs(server, "editor", { secondFactor: true });
    const elsewhere = await openTestSession(server, staff.user);
    const html = text(await (await page(server, staff.headers)).text());
    expect(html).toContain("Turn off the second factor");
    const wrong = await staffPost(server, staff, "/staff/account", { intent: "turn-off", code: "000000" });
    expect(wrong.status).toBe(400);
    expect(text(await wrong.text())).toContain("That code is not right or was already used");
    const code = totpCode(staff.user.totpSecret!, server.now());
    const done = await staffPost(server, staff, "/staff/account", { intent: "turn-off", code });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toMatch(/^\/staff\/account\?done=turned-off/);
    const after = text(await (await page(server, staff.headers, done.headers.get("location")!)).text());
    expect(after).toContain("The second factor is off. Your other sessions are signed out.");
    expect(after).toContain("Turn on the second factor");
    expect((await page(server, elsewhere.headers)).status).toBe(303);
    const stored = await runSql<{ totp_secret_encrypted: string | null }>(
      server.db,
      sql`select totp_secret_encrypted from staff_users where id = ${staff.user.id}`,
    );
    expect(stored.rows[0]!.totp_secret_encrypted).toBeNull();
    const [entry] = await listAudit(server.db, { limit: 1, action: "second-factor-disabled" });
    expect(entry).toMatchObject({ actorUserId: staff.user.id, targetId: String(staff.user.id) });
    expect(JSON.stringify(entry)).not.toContain(code);
  });

  it("counts wrong codes against the sign-in limits when turning off", async () => {
    const staff = await signInAs(server, "viewer", { secondFactor: true });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await staffPost(server, staff, "/staff/account", { intent: "turn-off", code: "000000" })).status).toBe(400);
    }
    const code = totpCode(staff.user.totpSecret!, server.now());
    const limited = await staffPost(server, staff, "/staff/account", { intent: "turn-off", code });
    expect(limited.status).toBe(429);
    expect(text(await limited.text())).toContain("Too many wrong codes");
    const stored = await runSql<{ totp_secret_encrypted: string | null }>(
      server.db,
      sql`select totp_secret_encrypted from staff_users where id = ${staff.user.id}`,
    );
    expect(stored.rows[0]!.totp_secret_encrypted).not.toBeNull();
  });

  it("signs out everywhere", async () => {
    const here = await signInAs(server, "viewer");
    const elsewhere = await openTestSession(server, here.user);
    const response = await staffPost(server, here, "/staff/account", { intent: "sign-out-everywhere" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(/^\/staff\/sign-in\?signed-out=1/);
    for (const session of [here, elsewhere]) expect((await page(server, session.headers)).status).toBe(303);
    const [entry] = await listAudit(server.db, { limit: 1, action: "sign-out-everywhere" });
    expect(entry).toMatchObject({ actorUserId: here.user.id });
  });
});

describe("with STAFF_REQUIRE_2FA=true", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { STAFF_REQUIRE_2FA: "true" } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("sends approvers and admins without a second factor to enrol first; editors and viewers go on", async () => {
    for (const role of ["approver", "admin"] as const) {
      const staff = await signInAs(server, role);
      const response = await page(server, staff.headers, "/staff/broadcasts");
      expect(response.status, role).toBe(303);
      expect(response.headers.get("location")).toBe("/staff/account?enrol=required");
      const account = await page(server, staff.headers, "/staff/account?enrol=required");
      expect(account.status).toBe(200);
      expect(text(await account.text())).toContain("Your role needs a second factor");
      const enrolled = await signInAs(server, role, { secondFactor: true });
      expect((await page(server, enrolled.headers, "/staff/broadcasts")).status, role).toBe(200);
    }
    for (const role of ["viewer", "editor"] as const) {
      expect((await page(server, (await signInAs(server, role)).headers, "/staff/broadcasts")).status, role).toBe(200);
    }
  });

  it("does not let approvers and admins turn off their required second factor; editors may", async () => {
    const approver = await signInAs(server, "approver", { secondFactor: true });
    const html = text(await (await page(server, approver.headers)).text());
    expect(html).toContain("Your role needs a second factor, so it cannot be turned off");
    expect(html).not.toContain("Turn off the second factor");
    const code = totpCode(approver.user.totpSecret!, server.now());
    expect((await staffPost(server, approver, "/staff/account", { intent: "turn-off", code })).status).toBe(409);
    const stored = await runSql<{ totp_secret_encrypted: string | null }>(
      server.db,
      sql`select totp_secret_encrypted from staff_users where id = ${approver.user.id}`,
    );
    expect(stored.rows[0]!.totp_secret_encrypted).not.toBeNull();
    const editor = await signInAs(server, "editor", { secondFactor: true });
    const editorCode = totpCode(editor.user.totpSecret!, server.now());
    expect((await staffPost(server, editor, "/staff/account", { intent: "turn-off", code: editorCode })).status).toBe(303);
  });
});
