/**
 * The reach dashboard in a real browser (Debian's chromium) at phone size, in English and Russian:
 * no serious or critical WCAG 2.2 A/AA violation (axe), nothing wider than the screen except the
 * tables' own scrolling regions, and the filters working without JavaScript.
 */
import AxeBuilder from "@axe-core/playwright";
import { type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedReachDaily } from "../db/reach-kit";
import { browserCookie, signInAs, type TestStaffSession } from "../integration/staff-session-kit";
import { startTestServer, type TestServer } from "../setup/test-server";
import { AXE_TAGS, launchChromium, NO_CHROMIUM } from "./chromium";
const NOW = new Date("2026-12-05T12:00:00Z");
const PHONE = { viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

describe.skipIf(NO_CHROMIUM)("the reach dashboard in chromium, at phone size", () => {
  let server: TestServer;
  let browser: Browser;
  let viewer: TestStaffSession;

  beforeAll(async () => {
    server = await startTestServer({ now: () => NOW });
    viewer = await signInAs(server, "viewer");
    const web = { campaign: "know-before-you-go", channel: "web", locale: "ky" };
    await seedReachDaily(server.db, [
      { ...web, day: "2026-12-01", country: "KG", region: "KG-GB", event: "page_view", count: 140 },
      { ...web, day: "2026-12-01", country: "KG", region: "KG-GB", event: "hotline_tap", detail: "tel", count: 22 },
      { ...web, day: "2026-11-24", country: "KG", region: "KG-O", event: "page_view", count: 30 },
      { ...web, day: "2026-11-24", country: "AF", region: "AF-KAB", locale: "fa-AF", event: "page_view", count: 75 },
      { ...web, day: "2026-11-18", country: "RU", region: "", locale: "ru", event: "page_view", count: 60 },
      {
        campaign: "safe-journeys",
        channel: "sms",
        locale: "ru",
        day: "2026-12-02",
        country: "KZ",
        region: "KZ-75",
        event: "message_sent",
        count: 50,
      },
      {
        campaign: "safe-journeys",
        channel: "sms",
        locale: "ru",
        day: "2026-12-02",
        country: "KZ",
        region: "KZ-75",
        event: "message_delivered",
        count: 46,
      },
    ]);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each(["en", "ru"] as const)(
    "has no serious or critical violations and fits the screen (%s)",
    async (lang) => {
      const context = await browser.newContext(PHONE);
      await context.addCookies([browserCookie(server, viewer)]);
      const page = await context.newPage();
      expect((await page.goto(`${server.url}/staff/reach?lang=${lang}`))?.status()).toBe(200);
      await expect(page.locator(`.staff-reach[lang="${lang}"]`).count()).resolves.toBe(1);
      const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
      const blocking = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
      expect(
        blocking.map(
          (v) =>
            `${v.id} (${v.impact}): ${v.nodes
              .slice(0, 3)
              .map((n) => n.target.join(" "))
              .join(", ")}`,
        ),
      ).toEqual([]);
      // The page itself does not scroll sideways: wide tables scroll inside their own regions.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(1);
      // The map and charts shrink to the screen.
      const mapWidth = await page.locator(".reach-map > svg").evaluate((svg) => svg.getBoundingClientRect().width);
      expect(mapWidth).toBeLessThanOrEqual(375);
      await context.close();
    },
    90_000,
  );

  it("filters without JavaScript", async () => {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    await context.addCookies([browserCookie(server, viewer)]);
    const page = await context.newPage();
    await page.goto(`${server.url}/staff/reach`);
    await page.getByLabel("Channel").selectOption("sms");
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL((url) => url.searchParams.get("channel") === "sms");
    await expect(page.locator('[data-cell="campaigns|total|message_sent"]').textContent()).resolves.toBe("50");
    await expect(page.locator('[data-cell="campaigns|total|page_view"]').textContent()).resolves.toBe("<5");
    // The CSV link carries the same filters.
    await expect(page.getByRole("link", { name: "Download these figures (CSV)" }).getAttribute("href")).resolves.toContain("channel=sms");
    await context.close();
  }, 90_000);
});
