/**
 * Journey: someone reading a campaign page needs to leave it now. One tap on the quick exit, with
 * JavaScript on and off, and the browser is on the neutral site (intercepted here by a route
 * handler, so no network is needed) with no stop on our server and no referrer.
 *
 * The back button (decision 028): with JavaScript on, the quick-exit script replaces the campaign
 * page's history entry, so Back goes to the page before it (here the language's home page), never
 * to the page just left. Without JavaScript the exit is a plain link, and no page can remove a
 * history entry: Back returns to the campaign page. Both are pinned here.
 */
import { type Browser, type Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uiStrings } from "~/i18n/ui-strings";
import { startTestServer, type TestServer } from "../../setup/test-server";
import { launchChromium, NO_CHROMIUM } from "../chromium";
import { VIEWPORTS } from "./journey-kit";

const NEUTRAL_PAGE = "<!doctype html><title>Neutral</title><h1>Neutral site</h1>";

describe.skipIf(NO_CHROMIUM)("journey: the quick exit", () => {
  let server: TestServer;
  let browser: Browser;
  let campaignPath: string;
  let quickExitUrl: string;

  beforeAll(async () => {
    server = await startTestServer();
    const today = server.now().toISOString().slice(0, 10);
    const entry = (await server.content.sitemap(today)).find((candidate) => candidate.locales.includes("ru") && candidate.page);
    if (!entry) throw new Error("the sample dataset has no campaign page in Russian");
    campaignPath = `/ru/${entry.campaign}/${entry.page}`;
    quickExitUrl = (await server.content.siteSettings("ru"))?.quickExitUrl ?? "https://www.google.com";
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  describe.each(VIEWPORTS)("at $width×$height", (viewport) => {
    it.each([true, false])(
      "leaves for the neutral site at once, JavaScript enabled: %s",
      async (javaScriptEnabled) => {
        const context = await browser.newContext({ viewport, javaScriptEnabled });
        const neutral = new URL(quickExitUrl);
        const neutralRequests: Request[] = [];
        await context.route(`${neutral.origin}/**`, async (route) => {
          neutralRequests.push(route.request());
          await route.fulfill({ status: 200, contentType: "text/html", body: NEUTRAL_PAGE });
        });
        const page = await context.newPage();
        try {
          expect((await page.goto(`${server.url}/ru`))?.status()).toBe(200);
          expect((await page.goto(`${server.url}${campaignPath}`))?.status()).toBe(200);
          // Read down the page first, as someone would: the exit stays at hand (sticky).
          await page.mouse.wheel(0, 1_500);
          const documents: string[] = [];
          page.on("request", (request) => {
            if (request.isNavigationRequest()) documents.push(request.url());
          });
          await page.getByRole("link", { name: uiStrings("ru").quickExit }).click();
          await page.waitForURL((url) => url.origin === neutral.origin);
          expect(await page.locator("h1").textContent()).toBe("Neutral site");
          // One navigation, straight there: no redirect through our server, and no referrer.
          expect(documents).toEqual([quickExitUrl]);
          expect(neutralRequests).toHaveLength(1);
          expect(await neutralRequests[0]!.headerValue("referer")).toBeNull();

          // See the header: with JavaScript, Back skips the page that was left.
          await page.goBack();
          expect(new URL(page.url()).pathname).toBe(javaScriptEnabled ? "/ru" : campaignPath);
        } finally {
          await context.close();
        }
      },
      60_000,
    );
  });
});
