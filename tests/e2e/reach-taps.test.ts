/**
 * Taps counted in a real browser with JavaScript off (Debian's chromium): a hotline's `tel:` link
 * (direct href, counted by its `ping`) and its WhatsApp link (counted by the /go redirect), and a
 * campaign's WhatsApp share link, each still opening the right target. The outside world is
 * offline here, so wa.me answers from a route handler; a `tel:` navigation is seen through the
 * DevTools protocol (Page.frameRequestedNavigation), as Chromium hands it to the OS.
 */
import { sql } from "drizzle-orm";
import { type Browser, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSql } from "~/db/run-sql.server";
import { launchChromium, NO_CHROMIUM, SCRIPTS_BUT_QUICK_EXIT } from "./chromium";
import { startTestServer, type TestServer } from "../setup/test-server";

/** Headless Chromium says "HeadlessChrome", which isbot rightly calls a bot: a phone's agent instead. */
const PHONE = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
const HOTLINE = "hotline-tj-sughd-legal-aid";

describe.skipIf(NO_CHROMIUM)("taps counted in chromium, without JavaScript", () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    server = await startTestServer({ reach: true });
    browser = await launchChromium();
    context = await browser.newContext({ javaScriptEnabled: false, userAgent: PHONE, viewport: { width: 360, height: 780 } });
    // Offline machine: WhatsApp's site answers from here, with the URL it was asked for.
    await context.route(/^https:\/\/wa\.me\//, (route) =>
      route.fulfill({ status: 200, contentType: "text/plain", body: `opened ${route.request().url()}` }),
    );
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  async function counted(event: string, detail: string): Promise<number> {
    await server.reach!.flush();
    const { rows } = await runSql<{ n: number }>(
      server.db,
      sql`
      select count(*)::int as n from reach_events where event = ${event} and detail = ${detail}`,
    );
    return Number(rows[0]!.n);
  }

  async function eventually(check: () => Promise<number>, expected: number): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const value = await check();
      if (value === expected || Date.now() > deadline) {
        expect(value).toBe(expected);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it("counts a tel: tap by ping and still dials the hotline's number", async () => {
    const hotline = (await server.content.hotlines("en")).find((candidate) => candidate._id === HOTLINE)!;
    const page = await context.newPage();
    await page.goto(`${server.url}/en/hotlines`);
    // No script counts this tap: the page's only one is the quick exit's (decision 028), and it is off here anyway.
    expect(await page.locator(SCRIPTS_BUT_QUICK_EXIT).count()).toBe(0);
    const cdp = await context.newCDPSession(page);
    await cdp.send("Page.enable");
    const navigations: string[] = [];
    cdp.on("Page.frameRequestedNavigation", (event: { url: string }) => navigations.push(event.url));
    await page.locator(`a[href="tel:${hotline.phone}"][ping*="${HOTLINE}"]`).first().click();
    await eventually(() => counted("hotline_tap", "tel"), 1);
    expect(navigations).toContain(`tel:${hotline.phone}`);
    await page.close();
  });

  it("counts a WhatsApp tap through the redirect and lands on the hotline's WhatsApp", async () => {
    const hotline = (await server.content.hotlines("en")).find((candidate) => candidate._id === HOTLINE)!;
    const page = await context.newPage();
    await page.goto(`${server.url}/en/hotlines`);
    await page.locator(`a[href^="/go/hotline/${HOTLINE}/whatsapp"]`).first().click();
    await page.waitForURL(/^https:\/\/wa\.me\//);
    expect(page.url()).toBe(`https://wa.me/${hotline.whatsapp!.slice(1)}`);
    await eventually(() => counted("hotline_tap", "whatsapp"), 1);
    await page.close();
  });

  it("counts a share click and opens WhatsApp with the campaign's share text and address", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const campaign = (await server.content.campaign("en", (await server.content.liveCampaigns("en", today))[0]!.slug, today))!;
    const page = await context.newPage();
    await page.goto(`${server.url}/en/${campaign.slug}`);
    await page.locator(`a[href^="/go/share/whatsapp"]`).click();
    await page.waitForURL(/^https:\/\/wa\.me\//);
    const text = new URL(page.url()).searchParams.get("text") ?? "";
    expect(text).toContain(campaign.share.text);
    expect(text).toContain(`/en/${campaign.slug}`);
    await eventually(() => counted("share_click", "whatsapp"), 1);
    await page.close();
  });
});
