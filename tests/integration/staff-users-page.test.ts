/**
 * `/staff/users` over HTTP (admins): add a user and see the set-password link once, change a
 * role, disable (their sessions end) and enable, issue a new link; an admin cannot disable or
 * demote themself; a second factor reset after a confirmation page (the user signed out
 * everywhere), never one's own; every change audited with the admin as actor.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "~/audit/audit-log.server";
import { findStaffUserByEmail } from "~/staff/staff-users.server";
import { startTestServer, type TestServer } from "../setup/test-server";
import { text } from "./site-helpers";
import { openTestSession, signInAs, staffPost, type TestStaffSession } from "./staff-session-kit";

describe("staff users page", () => {
  let server: TestServer;
  let admin: TestStaffSession;
  beforeAll(async () => {
    server = await startTestServer();
    admin = await signInAs(server, "admin");
  });
  afterAll(async () => {
    await server?.close();
  });

  const act = (fields: Record<string, string>) => staffPost(server, admin, "/staff/users", fields);

  it("adds a user and shows the set-password link once", async () => {
    const response = await act({ intent: "add", email: "Gus@Staff.test", displayName: "Gus", role: "editor" });
    expect(response.status).toBe(200);
    const body = text(await response.text());
    expect(body).toContain("gus@staff.test added.");
    expect(body).toMatch(/http:\/\/localhost:\d+\/staff\/set-password\/[A-Za-z0-9_-]{43}/);
    // The list shows the user, never the link again.
    const list = await (await fetch(`${server.url}/staff/users`, { headers: admin.headers })).text();
    expect(text(list)).toContain("gus@staff.test");
    expect(list).not.toContain("/staff/set-password/");
    expect((await act({ intent: "add", email: "gus@staff.test", role: "viewer" })).status).toBe(409);
    const [entry] = await listAudit(server.db, { limit: 1, action: "user-added" });
    expect(entry).toMatchObject({ actorUserId: admin.user.id, actorLabel: admin.user.email, details: { role: "editor" } });
  });

  it("changes a role, disables (ending sessions) and enables, issues a new link", async () => {
    const other = await signInAs(server, "viewer");
    expect((await act({ intent: "role", email: other.user.email, role: "approver" })).status).toBe(200);
    expect((await findStaffUserByEmail(server.db, other.user.email))?.role).toBe("approver");
    expect((await act({ intent: "disable", email: other.user.email })).status).toBe(200);
    expect((await fetch(`${server.url}/staff/account`, { headers: other.headers, redirect: "manual" })).status).toBe(303);
    expect((await act({ intent: "enable", email: other.user.email })).status).toBe(200);
    const link = await act({ intent: "link", email: other.user.email });
    expect(text(await link.text())).toMatch(/New set-password link for/);
    const actions = (await listAudit(server.db, { limit: 4, targetType: "staff-user" })).map((entry) => entry.action);
    expect(actions).toEqual(["password-link-issued", "user-enabled", "user-disabled", "role-changed"]);
  });

  it("does not let an admin disable or demote themself", async () => {
    expect((await act({ intent: "disable", email: admin.user.email })).status).toBe(409);
    expect((await act({ intent: "role", email: admin.user.email, role: "viewer" })).status).toBe(409);
    expect((await findStaffUserByEmail(server.db, admin.user.email))?.role).toBe("admin");
  });

  it("resets another user's lost second factor after a confirmation page, signing them out everywhere", async () => {
    const lost = await signInAs(server, "approver", { secondFactor: true });
    const elsewhere = await openTestSession(server, lost.user);
    const list = await (await fetch(`${server.url}/staff/users`, { headers: admin.headers })).text();
    expect(list).toContain(`reset-second-factor=${lost.user.id}`);
    // The row's link only asks; nothing changes before the confirmation is posted.
    const confirm = await fetch(`${server.url}/staff/users?reset-second-factor=${lost.user.id}&lang=en`, { headers: admin.headers });
    expect(confirm.status).toBe(200);
    const confirmText = text(await confirm.text());
    expect(confirmText).toContain(`Reset the second factor of ${lost.user.email}?`);
    expect(confirmText).toContain("make sure the request really comes from them");
    expect((await findStaffUserByEmail(server.db, lost.user.email))?.totpSecretEncrypted).not.toBeNull();
    expect((await act({ intent: "reset-second-factor", email: lost.user.email })).status).toBe(400);
    const done = await act({ intent: "reset-second-factor", email: lost.user.email, confirm: "yes" });
    expect(done.status).toBe(200);
    expect(text(await done.text())).toContain(`The second factor of ${lost.user.email} is reset`);
    expect(await findStaffUserByEmail(server.db, lost.user.email)).toMatchObject({ totpSecretEncrypted: null, totpLastStep: null });
    for (const session of [lost, elsewhere]) {
      expect((await fetch(`${server.url}/staff/account`, { headers: session.headers, redirect: "manual" })).status).toBe(303);
    }
    const [entry] = await listAudit(server.db, { limit: 1, action: "second-factor-reset" });
    expect(entry).toMatchObject({
      actorUserId: admin.user.id,
      actorLabel: admin.user.email,
      targetId: String(lost.user.id),
      details: { sessions: 2 },
    });
    // Nothing left to reset.
    expect((await act({ intent: "reset-second-factor", email: lost.user.email, confirm: "yes" })).status).toBe(409);
  });

  it("does not let an admin reset their own second factor", async () => {
    const enrolled = await signInAs(server, "admin", { secondFactor: true });
    const confirm = await fetch(`${server.url}/staff/users?reset-second-factor=${enrolled.user.id}`, { headers: enrolled.headers });
    expect(text(await confirm.text())).not.toContain("Reset the second factor of");
    const own = await staffPost(server, enrolled, "/staff/users", {
      intent: "reset-second-factor",
      email: enrolled.user.email,
      confirm: "yes",
    });
    expect(own.status).toBe(409);
    expect(text(await own.text())).toContain("You cannot reset your own second factor here");
    expect((await findStaffUserByEmail(server.db, enrolled.user.email))?.totpSecretEncrypted).not.toBeNull();
  });
});
