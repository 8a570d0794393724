/**
 * Signing in over HTTP: email and password, then the code for a user with a second factor; a new
 * session id at every step (a cookie the browser had before is never adopted, and ends); the
 * same refusal for an unknown email and a wrong password; sign-out ends the session.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "~/audit/audit-log.server";
import { totpCode } from "~/staff/totp.server";
import { startTestServer, type TestServer } from "../setup/test-server";
import { text, expectOnlyTheQuickExitScript } from "./site-helpers";
import { createTestStaffUser, openTestSession, staffPost, type TestStaffUser } from "./staff-session-kit";

describe("staff sign-in", () => {
  let server: TestServer;
  let editor: TestStaffUser;
  let approver: TestStaffUser;

  beforeAll(async () => {
    // A fixed clock: the code replayed below must fall in the same 30-second step.
    server = await startTestServer({ now: () => new Date("2026-12-01T09:00:10Z") });
    editor = await createTestStaffUser(server.db, server.env, { role: "editor", password: true, now: server.now() });
    approver = await createTestStaffUser(server.db, server.env, {
      role: "approver",
      password: true,
      secondFactor: true,
      now: server.now(),
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  const post = (fields: Record<string, string>, headers: Record<string, string> = {}, path = "/staff/sign-in") =>
    fetch(`${server.url}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: server.url, Accept: "text/html", ...headers },
      body: new URLSearchParams(fields),
    });
  const cookieOf = (response: Response) => response.headers.get("set-cookie")?.split(";")[0] ?? null;
  const signedInAt = (cookie: string, path = "/staff/sign-in") =>
    fetch(`${server.url}${path}`, { headers: { Cookie: cookie, Accept: "text/html" }, redirect: "manual" });

  it("shows the sign-in form, never cached", async () => {
    const response = await fetch(`${server.url}/staff/sign-in`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("no-store");
    const html = await response.text();
    expect(html).toMatch(/<input[^>]*name="email"/);
    expect(html).toMatch(/<input[^>]*name="password"[^>]*type="password"|<input[^>]*type="password"[^>]*name="password"/);
    expectOnlyTheQuickExitScript(html);
  });

  it("signs in with email and password, into a fresh session (a cookie set before is not adopted)", async () => {
    const earlier = await openTestSession(server, editor);
    const response = await post(
      { intent: "password", email: editor.email.toUpperCase(), password: editor.password!, next: "/staff/reach?lang=ru" },
      { Cookie: earlier.cookie },
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/staff/reach?lang=ru");
    const setCookie = response.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = cookieOf(response)!;
    expect(cookie).not.toBe(earlier.cookie);
    // The new session is live; the one the browser had before has ended.
    expect((await signedInAt(cookie)).status).toBe(303);
    expect((await signedInAt(earlier.cookie)).status).toBe(200);
    const [entry] = await listAudit(server.db, { limit: 1, action: "sign-in" });
    expect(entry).toMatchObject({ actorUserId: editor.id, actorLabel: editor.email });
  });

  it("answers an unknown email exactly as a wrong password, and audits both without the typed email", async () => {
    const wrong = await post({ intent: "password", email: editor.email, password: "not the right password" });
    const unknown = await post({ intent: "password", email: "nobody-here@staff.test", password: "not the right password" });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.headers.get("set-cookie")).toBeNull();
    const message = (html: string) => /<p role="alert"[^>]*>([^<]*)</.exec(html)?.[1];
    expect(message(await wrong.text())).toBe(message(await unknown.text()));
    const failures = await listAudit(server.db, { limit: 2, action: "sign-in-failed" });
    expect(failures.map((entry) => entry.actorLabel)).toEqual(["unknown", editor.email]);
    expect(JSON.stringify(failures)).not.toContain("nobody-here");
  });

  it("asks a user with a second factor for the code, and only then opens the staff pages (new id again)", async () => {
    const passwordStep = await post({ intent: "password", email: approver.email, password: approver.password!, next: "/staff/broadcasts" });
    expect(passwordStep.status).toBe(303);
    expect(passwordStep.headers.get("location")).toMatch(/^\/staff\/sign-in\?/);
    const pending = cookieOf(passwordStep)!;
    const codePage = await signedInAt(pending);
    expect(codePage.status).toBe(200);
    const html = await codePage.text();
    expect(html).toMatch(/name="code"/);
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;

    const wrongCode = await post({ intent: "code", code: "000000", csrf, next: "/staff/broadcasts" }, { Cookie: pending });
    expect(wrongCode.status).toBe(401);
    const missingToken = await post({ intent: "code", code: totpCode(approver.totpSecret!, server.now()) }, { Cookie: pending });
    expect(missingToken.status).toBe(400);

    const codeStep = await post(
      { intent: "code", code: totpCode(approver.totpSecret!, server.now()), csrf, next: "/staff/broadcasts" },
      { Cookie: pending },
    );
    expect(codeStep.status).toBe(303);
    expect(codeStep.headers.get("location")).toBe("/staff/broadcasts");
    const full = cookieOf(codeStep)!;
    expect(full).not.toBe(pending);
    expect((await signedInAt(full)).status).toBe(303);
    expect((await signedInAt(pending)).status).toBe(200);

    // The same code cannot sign in a second time (seen over a shoulder, replayed).
    const again = await post({ intent: "password", email: approver.email, password: approver.password! });
    const againCookie = cookieOf(again)!;
    const againCsrf = /name="csrf" value="([^"]+)"/.exec(await (await signedInAt(againCookie)).text())![1]!;
    const replay = await post(
      { intent: "code", code: totpCode(approver.totpSecret!, server.now()), csrf: againCsrf },
      { Cookie: againCookie },
    );
    expect(replay.status).toBe(401);
    const audited = await listAudit(server.db, { limit: 2, actorUserId: approver.id });
    expect(audited.map((entry) => [entry.action, entry.details])).toEqual([
      ["sign-in-failed", { step: "code" }],
      ["sign-in", { secondFactor: true }],
    ]);
  });

  it("never redirects off the staff pages after sign-in", async () => {
    for (const next of ["https://evil.example/", "//evil.example/staff/x", "/\\evil.example", "/staff/sign-out"]) {
      const response = await post({ intent: "password", email: editor.email, password: editor.password!, next });
      expect(response.headers.get("location")).toBe("/staff/broadcasts");
    }
  });

  it("refuses a sign-in post from another site", async () => {
    const response = await post(
      { intent: "password", email: editor.email, password: editor.password! },
      { Origin: "https://evil.example" },
    );
    expect(response.status).toBe(403);
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("signs out with the form (CSRF token checked), not with a GET", async () => {
    const session = await openTestSession(server, editor);
    expect((await fetch(`${server.url}/staff/sign-out`, { headers: { Cookie: session.cookie }, redirect: "manual" })).status).toBe(303);
    expect((await signedInAt(session.cookie)).status).toBe(303);
    expect((await staffPost(server, { ...session, csrfToken: "wrong" }, "/staff/sign-out")).status).toBe(403);
    const signOut = await staffPost(server, session, "/staff/sign-out");
    expect(signOut.status).toBe(303);
    expect(signOut.headers.get("location")).toMatch(/^\/staff\/sign-in\?signed-out=1/);
    expect(signOut.headers.get("set-cookie")).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    expect((await signedInAt(session.cookie)).status).toBe(200);
    const [entry] = await listAudit(server.db, { limit: 1, action: "sign-out" });
    expect(entry).toMatchObject({ actorUserId: editor.id, targetId: String(editor.id) });
    expect(text(await (await fetch(`${server.url}${signOut.headers.get("location")}`)).text())).toContain("You are signed out.");
  });
});
