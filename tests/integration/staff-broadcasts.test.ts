/**
 * The staff broadcast page over HTTP: behind staff sign-in (any role reads it, approvers and
 * admins pause / resume / cancel), showing each run's progress and each broadcast's estimate
 * (sample dataset, marked as samples), and controlling runs with a same-origin form post carrying
 * the CSRF token (cross-site posts and missing tokens refused), each control audited. Nothing
 * identifying appears on the page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { expandRun } from "~/broadcasts/expand.server";
import { broadcastRunSpec } from "~/broadcasts/run-spec";
import { ensureRun } from "~/broadcasts/runs.server";
import { listAudit } from "~/audit/audit-log.server";
import { broadcastDoc, broadcastRows, seedSubscribers, TEST_REGIONS, testNumber } from "../db/broadcast-kit";
import { startTestServer, type TestServer } from "../setup/test-server";
import { text, expectOnlyTheQuickExitScript } from "./site-helpers";
import { signInAs, staffPost, type TestStaffSession } from "./staff-session-kit";

const SAMPLE_BROADCAST = "broadcast-know-before-you-go-sample";

describe("staff broadcast page", () => {
  let server: TestServer;
  let runId: number;
  let approver: TestStaffSession;
  let viewer: TestStaffSession;

  beforeAll(async () => {
    server = await startTestServer();
    approver = await signInAs(server, "approver");
    viewer = await signInAs(server, "viewer");
    const keyring = phoneKeyringFromEnv(server.env);
    await seedSubscribers(server.db, keyring, [
      { phone: testNumber("KG", 1), country: "KG", regionCode: "KG-GB", locale: "ky" },
      { phone: testNumber("KG", 2), country: "KG", regionCode: "KG-GB", locale: "ru" },
    ]);
    const spec = broadcastRunSpec(broadcastDoc({ title: "Winter reminder" }), { kind: "asap" }, TEST_REGIONS);
    runId = (
      await ensureRun(server.db, {
        source: "broadcast",
        contentHash: "",
        documentId: "broadcast-test",
        occurrence: "once",
        title: "Winter reminder",
        spec,
      })
    ).id;
    await expandRun(server.db, runId, { senders: [], now: new Date("2026-12-01T06:00:00Z") });
    // A run of the sample dataset's broadcast, as the local transport plans it for the dev phone.
    const sampleSpec = broadcastRunSpec(broadcastDoc({ id: SAMPLE_BROADCAST, isSample: true }), { kind: "asap" }, TEST_REGIONS);
    await ensureRun(server.db, {
      source: "broadcast",
      contentHash: "",
      documentId: SAMPLE_BROADCAST,
      occurrence: "2026-12-07 10:00",
      title: "Weekly sample run",
      spec: sampleSpec,
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  const page = (headers: Record<string, string> = approver.headers) =>
    fetch(`${server.url}/staff/broadcasts`, { headers, redirect: "manual" });
  const control = (intent: string, id: number | string, headers: Record<string, string> = {}, session: TestStaffSession = approver) =>
    staffPost(server, session, "/staff/broadcasts", { intent, runId: String(id) }, headers);

  it("sends a reader without a session to sign in, and lets only approvers control runs", async () => {
    const anonymous = await page({ Accept: "text/html" });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toBe(`/staff/sign-in?next=${encodeURIComponent("/staff/broadcasts")}`);
    const viewerPage = await page(viewer.headers);
    expect(viewerPage.status).toBe(200);
    expect(await viewerPage.text()).not.toMatch(/name="intent"/);
    expect((await control("pause", runId, {}, viewer)).status).toBe(403);
    expect((await broadcastRows(server.db, runId)).map((row) => row.status)).toEqual(["queued", "queued"]);
  });

  it("shows each run's progress and each sample broadcast's audience and estimate, never cached, no numbers", async () => {
    const response = await page();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("no-store");
    expect(response.headers.get("x-robots-tag")).toContain("noindex");
    expect(response.headers.get("set-cookie")).toBeNull();
    const html = await response.text();
    expect(html).toMatch(/name="csrf"/);
    const body = text(html);
    expect(body).toContain("Winter reminder");
    expect(body).toMatch(/2 recipients/);
    // The sample dataset's broadcasts, with example prices flagged as such.
    expect(body).toContain("example prices");
    // Marked as samples, with what this site (the local transport, NODE_ENV=test) does with them.
    expect(body).toMatch(/Sample: copies of passport and contract with family \([^)]*\) Sample \(scheduled\)/);
    expect(body).toContain("Sample broadcast: sent here only because this site uses the local transport (dev phone) outside production.");
    expect(body.match(/Sample broadcast: /g)).toHaveLength(2);
    // Runs are marked by their document: the sample's run is, the test's own run is not.
    expect(body).toMatch(/Weekly sample run Sample #\d+/);
    expect(body).not.toMatch(/Winter reminder Sample/);
    expect(html).not.toContain(testNumber("KG", 1).slice(1));
    expectOnlyTheQuickExitScript(html);
  });

  it("pauses, resumes and cancels a run with a same-origin post, then redirects (303)", async () => {
    const paused = await control("pause", runId);
    expect(paused.status).toBe(303);
    expect(paused.headers.get("location")).toBe(`/staff/broadcasts?done=pause-${runId}`);
    expect((await broadcastRows(server.db, runId)).map((row) => row.status)).toEqual(["held", "held"]);
    expect(text(await (await fetch(`${server.url}${paused.headers.get("location")}`, { headers: approver.headers })).text())).toContain(
      `Run ${runId} paused.`,
    );

    expect((await control("resume", runId)).status).toBe(303);
    expect((await broadcastRows(server.db, runId)).map((row) => row.status)).toEqual(["queued", "queued"]);
    expect((await control("cancel", runId)).status).toBe(303);
    expect((await broadcastRows(server.db, runId)).map((row) => row.status)).toEqual(["cancelled", "cancelled"]);
    // Nothing left to resume: 409 with a reason.
    const again = await control("resume", runId);
    expect(again.status).toBe(409);
    expect(text(await again.text())).toContain("cannot be resumed");
    const audited = await listAudit(server.db, { limit: 10, targetType: "broadcast-run" });
    expect(audited.map((entry) => [entry.action, entry.targetId, entry.actorUserId])).toEqual([
      ["run-cancelled", String(runId), approver.user.id],
      ["run-resumed", String(runId), approver.user.id],
      ["run-paused", String(runId), approver.user.id],
    ]);
  });

  it("refuses cross-site posts and posts without the CSRF token (403), and malformed ones (400)", async () => {
    expect((await control("pause", runId, { Origin: "https://evil.example" })).status).toBe(403);
    expect((await control("pause", runId, {}, { ...approver, csrfToken: "not-the-token" })).status).toBe(403);
    expect((await control("explode", runId)).status).toBe(400);
    expect((await control("pause", "abc")).status).toBe(400);
  });
});
