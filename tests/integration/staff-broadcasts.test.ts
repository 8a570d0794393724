/**
 * The staff broadcast page over HTTP: behind HTTP Basic (404 when no password is configured,
 * 401 with a challenge without the right one), showing each run's progress and each broadcast's
 * estimate (sample dataset), and pausing / resuming / cancelling runs with a same-origin form
 * post (cross-site posts refused). Nothing identifying appears on the page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { expandRun } from "~/broadcasts/expand.server";
import { broadcastRunSpec } from "~/broadcasts/run-spec";
import { ensureRun } from "~/broadcasts/runs.server";
import { DEV_STAFF_PASSWORD } from "~/env.server";
import { broadcastDoc, broadcastRows, seedSubscribers, TEST_REGIONS, testNumber } from "../db/broadcast-kit";
import { startTestServer, type TestServer } from "../setup/test-server";
import { text } from "./site-helpers";

const PASSWORD = "a-long-staff-password-for-tests";
const auth = (password: string) => ({ Authorization: `Basic ${Buffer.from(`staff:${password}`).toString("base64")}` });

describe("staff broadcast page", () => {
  let server: TestServer;
  let runId: number;

  beforeAll(async () => {
    server = await startTestServer({ env: { STAFF_PASSWORD: PASSWORD } });
    const keyring = phoneKeyringFromEnv(server.env);
    await seedSubscribers(server.db, keyring, [
      { phone: testNumber("KG", 1), country: "KG", regionCode: "KG-GB", locale: "ky" },
      { phone: testNumber("KG", 2), country: "KG", regionCode: "KG-GB", locale: "ru" },
    ]);
    const spec = broadcastRunSpec(broadcastDoc({ title: "Winter reminder" }), { kind: "asap" }, TEST_REGIONS);
    runId = (await ensureRun(server.db, { source: "broadcast", documentId: "broadcast-test", occurrence: "once", title: "Winter reminder", spec })).id;
    await expandRun(server.db, runId, { senders: [], now: new Date("2026-12-01T06:00:00Z") });
  });
  afterAll(async () => {
    await server?.close();
  });

  const page = (headers: Record<string, string> = auth(PASSWORD)) => fetch(`${server.url}/staff/broadcasts`, { headers });
  const control = (intent: string, id: number | string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/staff/broadcasts`, {
      method: "POST",
      redirect: "manual",
      headers: { ...auth(PASSWORD), Origin: server.url, ...headers },
      body: new URLSearchParams({ intent, runId: String(id) }),
    });

  it("asks for the staff password (401 with a Basic challenge), and refuses a wrong one", async () => {
    const anonymous = await page({});
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Basic realm=/);
    expect((await page(auth("wrong-password-here"))).status).toBe(401);
    expect((await control("pause", runId, auth("wrong-password-here"))).status).toBe(401);
  });

  it("shows each run's progress and each sample broadcast's audience and estimate, never cached, no numbers", async () => {
    const response = await page();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("no-store");
    expect(response.headers.get("x-robots-tag")).toContain("noindex");
    expect(response.headers.get("set-cookie")).toBeNull();
    const html = await response.text();
    const body = text(html);
    expect(body).toContain("Winter reminder");
    expect(body).toMatch(/2 recipients/);
    // The sample dataset's broadcasts, with example prices flagged as such.
    expect(body).toContain("example prices");
    expect(html).not.toContain(testNumber("KG", 1).slice(1));
    expect(html).not.toMatch(/<script/);
  });

  it("pauses, resumes and cancels a run with a same-origin post, then redirects (303)", async () => {
    const paused = await control("pause", runId);
    expect(paused.status).toBe(303);
    expect(paused.headers.get("location")).toBe(`/staff/broadcasts?done=pause-${runId}`);
    expect((await broadcastRows(server.db, runId)).map((row) => row.status)).toEqual(["held", "held"]);
    expect(text(await (await fetch(`${server.url}${paused.headers.get("location")}`, { headers: auth(PASSWORD) })).text())).toContain(`Run ${runId} paused.`);

    expect((await control("resume", runId)).status).toBe(303);
    expect((await broadcastRows(server.db, runId)).map((row) => row.status)).toEqual(["queued", "queued"]);
    expect((await control("cancel", runId)).status).toBe(303);
    expect((await broadcastRows(server.db, runId)).map((row) => row.status)).toEqual(["cancelled", "cancelled"]);
    // Nothing left to resume: 409 with a reason.
    const again = await control("resume", runId);
    expect(again.status).toBe(409);
    expect(text(await again.text())).toContain("cannot be resumed");
  });

  it("refuses cross-site posts (403) and malformed ones (400)", async () => {
    expect((await control("pause", runId, { Origin: "https://evil.example" })).status).toBe(403);
    expect((await control("explode", runId)).status).toBe(400);
    expect((await control("pause", "abc")).status).toBe(400);
  });

  it("does not exist in production without a password, and refuses the development password there", async () => {
    const production = await startTestServer({
      env: { NODE_ENV: "production", PUBLIC_BASE_URL: "https://campaigns.example.org", SESSION_SECRET: "x".repeat(40), SANITY_WEBHOOK_SECRET: "y".repeat(20) },
    });
    try {
      expect(production.env.STAFF_PASSWORD).toBeUndefined();
      expect((await fetch(`${production.url}/staff/broadcasts`, { headers: auth(DEV_STAFF_PASSWORD) })).status).toBe(404);
    } finally {
      await production.close();
    }
  });
});
