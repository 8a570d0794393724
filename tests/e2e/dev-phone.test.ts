/**
 * The dev phone in a real browser with JavaScript disabled (Debian's chromium via playwright-core),
 * with the dispatch-outbox job scheduled in the test process as `npm start` runs it: pick the
 * Afghan preset, send HELP, and the page refreshes itself (meta refresh, no script) until the
 * reply arrives. axe finds no WCAG 2.2 A/AA violations (in a second, script-enabled context, as in
 * site.test.ts: axe cannot run without JavaScript), and a 360px screenshot lands in /tmp.
 */
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AXE_TAGS, launchChromium, NO_CHROMIUM, SCRIPTS_BUT_QUICK_EXIT } from "./chromium";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { DEFAULT_SMS_REPLIES } from "~/i18n/sms-replies";
import { createLogger } from "~/lib/logger.server";
import { createTransport } from "~/messaging/transports/transports.server";
import { findJob } from "../../jobs/job-table";
import { registerJobs, type JobsHandle } from "../../jobs/scheduler";
import { startTestServer, type TestServer } from "../setup/test-server";

const AF_PRESET = "+93700000105";
const SCREENSHOT = "/tmp/dev-phone.png";

describe.skipIf(NO_CHROMIUM)("the dev phone in chromium, without JavaScript", () => {
  let server: TestServer;
  let dispatcher: JobsHandle;
  let browser: Browser;
  let context: BrowserContext;
  let axeContext: BrowserContext;

  beforeAll(async () => {
    server = await startTestServer({ env: { OUTBOX_DISPATCH_INTERVAL_MS: "500" } });
    const logger = createLogger({ level: "silent" });
    const keyring = phoneKeyringFromEnv(server.env);
    const transport = createTransport(server.env, { db: server.db, keyring, logger });
    dispatcher = registerJobs({
      db: server.db,
      dbKind: "pglite",
      env: server.env,
      logger,
      transport,
      keyring,
      content: server.content,
      table: [findJob("dispatch-outbox")!],
    });
    browser = await launchChromium();
    context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 780 }, deviceScaleFactor: 1 });
    axeContext = await browser.newContext({ viewport: { width: 360, height: 780 } });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await axeContext?.close();
    await browser?.close();
    await dispatcher?.stop();
    await server?.close();
  });

  it("sends HELP from the Afghan preset and shows the hotline reply once it arrives", async () => {
    const page = await context.newPage();
    expect((await page.goto(`${server.url}/dev/phone`))?.status()).toBe(200);
    await page.getByRole("link", { name: /Afghanistan/ }).click();
    await page.waitForURL((url) => url.searchParams.get("number") === AF_PRESET && url.searchParams.get("channel") === "sms");

    await page.getByLabel("Message").fill("HELP");
    await page.getByRole("button", { name: "Send" }).click();
    await page.waitForURL((url) => url.searchParams.get("number") === AF_PRESET);

    // The meta refresh alone (no script) brings the reply in; once it is there, refreshing stops.
    // Generous: under a full parallel test run on two cores the dispatcher and page can be slow.
    const reply = page.locator(".dev-bubble-outbound .dev-bubble-body").first();
    await reply.waitFor({ timeout: 75_000 });
    expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(0);
    expect(await page.locator(SCRIPTS_BUT_QUICK_EXIT).count()).toBe(0);
    expect(await page.locator(".dev-bubble-inbound .dev-bubble-body").allTextContents()).toEqual(["HELP"]);
    const body = (await reply.textContent()) ?? "";
    // The sample settings list destinations: the first HELP asks "Where are you now?" (or, with
    // none, answers with a number or says there is none).
    const texts = [DEFAULT_SMS_REPLIES["fa-AF"], DEFAULT_SMS_REPLIES.ps, DEFAULT_SMS_REPLIES.en];
    const expected = texts.flatMap((t) => [t.noHotline, t.placeMenuHeader]);
    const hasNumber = /\+\d[\d\s-]{6,}\d/.test(body);
    expect(hasNumber || expected.some((line) => body.includes(line)), body).toBe(true);
    expect(await page.locator(".dev-bubble-outbound .dev-bubble-status").first().textContent()).toBe("delivered");
    expect(await page.locator("[data-waiting]").count()).toBe(0);

    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await page.close();
  }, 120_000);

  it("has no WCAG 2.2 AA violations on the thread and on the number error", async () => {
    for (const path of [`/dev/phone?number=${encodeURIComponent(AF_PRESET)}&channel=sms`, "/dev/phone?number=not-a-number&channel=sms"]) {
      const page = await axeContext.newPage();
      await page.goto(`${server.url}${path}`);
      // The script-enabled context sees the same document: the page ships no script.
      expect(await page.locator(SCRIPTS_BUT_QUICK_EXIT).count()).toBe(0);
      const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
      expect(
        results.violations.map((violation) => `${violation.id}: ${violation.help}`),
        path,
      ).toEqual([]);
      await page.close();
    }
  }, 60_000);
});
