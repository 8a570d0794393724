/**
 * The staff broadcast page in a real browser without JavaScript (Debian's chromium): an approver's
 * session, pausing a run with its button (under the site's `Referrer-Policy: no-referrer` the
 * browser sends `Origin: null` on this same-origin post, and `Sec-Fetch-Site: same-origin` vouches
 * for it: app/staff/request-origin.server.ts), and no WCAG 2.2 A/AA violations (axe, in a
 * script-enabled context).
 */
import AxeBuilder from "@axe-core/playwright";
import { type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { expandRun } from "~/broadcasts/expand.server";
import { broadcastRunSpec } from "~/broadcasts/run-spec";
import { ensureRun } from "~/broadcasts/runs.server";
import { broadcastDoc, broadcastRows, seedSubscribers, TEST_REGIONS, testNumber } from "../db/broadcast-kit";
import { browserCookie, signInAs, type TestStaffSession } from "../integration/staff-session-kit";
import { startTestServer, type TestServer } from "../setup/test-server";
import { AXE_TAGS, launchChromium, NO_CHROMIUM } from "./chromium";

describe.skipIf(NO_CHROMIUM)("the staff broadcast page in chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let runId: number;
  let approver: TestStaffSession;

  beforeAll(async () => {
    server = await startTestServer();
    approver = await signInAs(server, "approver");
    await seedSubscribers(server.db, phoneKeyringFromEnv(server.env), [{ phone: testNumber("KG", 1), regionCode: "KG-GB" }]);
    const spec = broadcastRunSpec(broadcastDoc({ title: "Winter reminder" }), { kind: "asap" }, TEST_REGIONS);
    runId = (
      await ensureRun(server.db, {
        source: "broadcast",
        contentHash: "",
        documentId: "b",
        occurrence: "once",
        title: "Winter reminder",
        spec,
      })
    ).id;
    await expandRun(server.db, runId, { senders: [], now: new Date("2026-12-01T06:00:00Z") });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("pauses a run with its button, without JavaScript", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    await context.addCookies([browserCookie(server, approver)]);
    const page = await context.newPage();
    expect((await page.goto(`${server.url}/staff/broadcasts`))?.status()).toBe(200);
    const posted = page.waitForRequest((request) => request.method() === "POST");
    await page.getByRole("button", { name: `Pause Winter reminder (run ${runId})` }).click();
    // The case the Origin check must get right: no-referrer hides the origin of our own post.
    const post = await posted;
    expect(await post.headerValue("origin")).toBe("null");
    expect(await post.headerValue("sec-fetch-site")).toBe("same-origin");
    await page.waitForURL((url) => url.searchParams.get("done") === `pause-${runId}`);
    await expect(page.getByRole("status").textContent()).resolves.toContain(`Run ${runId} paused.`);
    expect((await broadcastRows(server.db, runId)).map((row) => row.status)).toEqual(["held"]);
    await page.getByRole("button", { name: `Resume Winter reminder (run ${runId})` }).waitFor();
    await context.close();
  }, 90_000);

  it("has no WCAG 2.2 AA violations", async () => {
    const context = await browser.newContext();
    await context.addCookies([browserCookie(server, approver)]);
    const page = await context.newPage();
    await page.goto(`${server.url}/staff/broadcasts`);
    const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    await context.close();
  }, 90_000);
});
