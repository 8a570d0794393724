/**
 * Staff sessions over HTTP with one fake clock: idle for 30 minutes ends a session, activity keeps
 * it alive but never past 12 hours from sign-in; a disabled user's session ends at once; a forged
 * or unsigned cookie opens nothing. CSRF: a staff form post without the session's token, with a
 * wrong one, from another origin, or with `Origin: null` the browser does not vouch for is
 * refused (403, nothing done); `Origin: null` with `Sec-Fetch-Site: same-origin` (Chromium under
 * no-referrer, see the e2e test) goes through.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "~/audit/audit-log.server";
import { DATABASE_KINDS } from "../setup/test-database";
import { startTestServer, type TestServer } from "../setup/test-server";
import { disableTestStaffUser, signInAs, staffPost, type TestStaffSession } from "./staff-session-kit";

const START = new Date("2026-12-01T08:00:00Z");
const minutes = (n: number) => n * 60_000;

describe.each(DATABASE_KINDS)("staff session lifetime on %s", (kind) => {
  let server: TestServer;
  let clock = START;
  const advance = (ms: number) => {
    clock = new Date(clock.getTime() + ms);
  };
  beforeAll(async () => {
    server = await startTestServer({ now: () => clock, databaseKind: kind });
  });
  afterAll(async () => {
    await server?.close();
  });

  const status = async (session: TestStaffSession) =>
    (await fetch(`${server.url}/staff/account`, { headers: session.headers, redirect: "manual" })).status;

  it("ends after 30 minutes idle", async () => {
    const session = await signInAs(server, "viewer");
    advance(minutes(29));
    expect(await status(session)).toBe(200);
    advance(minutes(29));
    expect(await status(session)).toBe(200);
    advance(minutes(30) + 1_000);
    expect(await status(session)).toBe(303);
    // And stays ended when activity would have been recent enough again.
    advance(-minutes(10));
    expect(await status(session)).toBe(303);
  });

  it("ends 12 hours after sign-in however active", async () => {
    const session = await signInAs(server, "viewer");
    for (let elapsed = 0; elapsed < 12 * 60 - 20; elapsed += 20) {
      advance(minutes(20));
      expect(await status(session)).toBe(200);
    }
    advance(minutes(21));
    expect(await status(session)).toBe(303);
  });

  it("ends when the user is disabled", async () => {
    const session = await signInAs(server, "editor");
    expect(await status(session)).toBe(200);
    await disableTestStaffUser(server.db, session.user.id, clock);
    expect(await status(session)).toBe(303);
  });

  it("opens nothing with a forged, unsigned or re-signed cookie", async () => {
    const session = await signInAs(server, "admin");
    const [name, value] = session.cookie.split("=") as [string, string];
    const unsigned = decodeURIComponent(value).split(".")[0]!;
    for (const cookie of [`${name}=forged`, `${name}=${unsigned}`, `${name}=${encodeURIComponent(`${unsigned}.AAAA`)}`]) {
      expect(await status({ ...session, headers: { Cookie: cookie, Accept: "text/html" } })).toBe(303);
    }
  });
});

describe("CSRF on staff forms", () => {
  let server: TestServer;
  let approver: TestStaffSession;
  beforeAll(async () => {
    server = await startTestServer();
    approver = await signInAs(server, "approver");
  });
  afterAll(async () => {
    await server?.close();
  });

  // Sign out everywhere: a post that would visibly do something if it got through.
  const signOutEverywhere = (session: TestStaffSession, headers: Record<string, string> = {}, csrf: string | null = session.csrfToken) =>
    fetch(`${server.url}/staff/account`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: session.cookie, Accept: "text/html", ...headers },
      body: new URLSearchParams({ intent: "sign-out-everywhere", ...(csrf === null ? {} : { csrf }) }),
    });
  const stillSignedIn = async () =>
    (await fetch(`${server.url}/staff/account`, { headers: approver.headers, redirect: "manual" })).status === 200;

  it.each([
    ["no token", {}, null],
    ["a wrong token", {}, "not-the-token"],
    ["another session's token", {}, "other"],
    ["a foreign Origin", { Origin: "https://evil.example" }, undefined],
    ["Origin: null without Sec-Fetch-Site", { Origin: "null" }, undefined],
    ["Origin: null from another site", { Origin: "null", "Sec-Fetch-Site": "cross-site" }, undefined],
    ["Sec-Fetch-Site: same-site", { "Sec-Fetch-Site": "same-site" }, undefined],
  ] as const)("refuses a post with %s (403, nothing done)", async (_case, headers, csrf) => {
    const token = csrf === "other" ? (await signInAs(server, "approver")).csrfToken : csrf;
    const response = await signOutEverywhere(approver, headers, token === undefined ? approver.csrfToken : token);
    expect(response.status).toBe(403);
    expect(await stillSignedIn()).toBe(true);
  });

  it("accepts Origin: null when the browser vouches with Sec-Fetch-Site: same-origin", async () => {
    const response = await staffPost(
      server,
      approver,
      "/staff/broadcasts",
      { intent: "pause", runId: "424242" },
      { Origin: "null", "Sec-Fetch-Site": "same-origin" },
    );
    // Through the gate: the run does not exist, so the answer is the page's own refusal.
    expect(response.status).toBe(409);
    expect(await listAudit(server.db, { limit: 1, action: "run-paused" })).toEqual([]);
  });
});
