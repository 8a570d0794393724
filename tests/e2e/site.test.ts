/**
 * The public site in a real browser with JavaScript disabled (Debian's chromium via
 * playwright-core): pages render, axe finds no WCAG 2.2 A/AA violations in a left-to-right and a
 * right-to-left locale, the quick exit is the first stop after the skip link and sits at the
 * inline end, the hotline directory's "I am from / I am in" form works without script, and a
 * 360px-wide phone screenshot of each landing page lands in /tmp.
 *
 * axe itself is JavaScript that waits on timers, which never fire in a context with JavaScript
 * disabled (its analyze() hangs), so axe runs in a second, script-enabled context over the same
 * pages; each of those checks first asserts the page holds no script element, so both contexts
 * see the same document.
 */
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AXE_TAGS, launchChromium, NO_CHROMIUM, SCRIPTS_BUT_QUICK_EXIT } from "./chromium";
import { uiStrings } from "~/i18n/ui-strings";
import { startTestServer, type TestServer } from "../setup/test-server";

const LOCALES_UNDER_TEST = [
  { locale: "en", dir: "ltr" },
  { locale: "ar", dir: "rtl" },
] as const;

describe.skipIf(NO_CHROMIUM)("the public site in chromium, without JavaScript", () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let axeContext: BrowserContext;
  const paths = new Map<string, { landing: string; page: string }>();
  let quickExitUrl: string;

  beforeAll(async () => {
    server = await startTestServer();
    const today = new Date().toISOString().slice(0, 10);
    const entries = await server.content.sitemap(today);
    for (const { locale } of LOCALES_UNDER_TEST) {
      const page = entries.find((entry) => entry.page && entry.locales.includes(locale));
      if (!page) throw new Error(`the sample dataset has no campaign with a page in ${locale}`);
      paths.set(locale, { landing: `/${locale}/${page.campaign}`, page: `/${locale}/${page.campaign}/${page.page}` });
    }
    quickExitUrl = (await server.content.siteSettings("en"))?.quickExitUrl ?? "https://www.google.com";
    browser = await launchChromium();
    context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 780 }, deviceScaleFactor: 1 });
    axeContext = await browser.newContext({ viewport: { width: 360, height: 780 } });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await axeContext?.close();
    await browser?.close();
    await server?.close();
  });

  async function open(path: string, inContext: BrowserContext = context): Promise<Page> {
    const page = await inContext.newPage();
    const response = await page.goto(`${server.url}${path}`);
    expect(response?.status(), path).toBe(200);
    return page;
  }

  describe.each(LOCALES_UNDER_TEST)("$locale ($dir)", ({ locale, dir }) => {
    it("renders the landing page with its direction, quick exit and a tel: link", async () => {
      const page = await open(paths.get(locale)!.landing);
      try {
        expect(await page.locator("html").getAttribute("dir")).toBe(dir);
        expect(await page.locator("html").getAttribute("lang")).toBe(locale);
        await expect(page.locator("h1").first().isVisible()).resolves.toBe(true);
        expect(await page.locator('a[href^="tel:+"]').count()).toBeGreaterThan(0);
        // The stylesheet loaded: the quick exit is a filled button, not a plain link.
        const background = await page.locator("[data-quick-exit]").evaluate((element) => getComputedStyle(element).backgroundColor);
        expect(background).not.toBe("rgba(0, 0, 0, 0)");
        await page.screenshot({ path: `/tmp/landing-${locale}-360.png`, fullPage: false });
      } finally {
        await page.close();
      }
    });

    it("puts the quick exit first after the skip link, pointing at the configured site", async () => {
      const page = await open(paths.get(locale)!.landing);
      try {
        await page.keyboard.press("Tab");
        expect(await page.locator(":focus").getAttribute("href")).toBe("#main");
        expect((await page.locator(":focus").textContent())?.trim()).toBe(uiStrings(locale).skipToContent);
        await page.keyboard.press("Tab");
        const focused = page.locator(":focus");
        expect(await focused.getAttribute("href")).toBe(quickExitUrl);
        expect(await focused.getAttribute("rel")).toContain("noreferrer");
        expect((await focused.textContent())?.trim()).toBe(uiStrings(locale).quickExit);
      } finally {
        await page.close();
      }
    });

    it("keeps the quick exit at the inline end and on screen after scrolling", async () => {
      const page = await open(paths.get(locale)!.landing);
      try {
        const exit = page.locator("[data-quick-exit]");
        const box = (await exit.boundingBox())!;
        const width = page.viewportSize()!.width;
        // Inline end: the right edge in a left-to-right page, the left edge in a right-to-left one.
        if (dir === "ltr") expect(box.x + box.width).toBeGreaterThan(width - 24);
        else expect(box.x).toBeLessThan(24);
        expect(box.height).toBeGreaterThanOrEqual(44);
        await page.mouse.wheel(0, 2_000);
        await page.waitForTimeout(100);
        const after = (await exit.boundingBox())!;
        expect(after.y).toBeGreaterThanOrEqual(0);
        expect(after.y).toBeLessThan(20);
      } finally {
        await page.close();
      }
    });

    it("finds the hotlines for 'I am from Kyrgyzstan, I am in Russia' with the form, without JavaScript", async () => {
      const page = await open(`/${locale}/hotlines`);
      try {
        await page.locator('select[name="from"]').selectOption("KG");
        await page.locator('select[name="in"]').selectOption("RU");
        await page.getByRole("button", { name: uiStrings(locale).placeFilterSubmit }).click();
        await page.waitForURL((url) => url.searchParams.get("from") === "KG" && url.searchParams.get("in") === "RU");
        expect(await page.locator("#section-here").isVisible()).toBe(true);
        expect(await page.locator('a[href="tel:+70000000501"]').count()).toBe(1);
        await page.screenshot({ path: `/tmp/hotlines-kg-in-ru-${locale}-360.png`, fullPage: false });
      } finally {
        await page.close();
      }
    });

    it.each(["landing", "page", "hotlines", "hotlines-filtered"] as const)(
      "has no axe WCAG 2.2 A/AA violations on the %s page",
      async (kind) => {
        const path =
          kind === "hotlines"
            ? `/${locale}/hotlines`
            : kind === "hotlines-filtered"
              ? `/${locale}/hotlines?from=AF&in=IR`
              : paths.get(locale)![kind];
        const page = await open(path, axeContext);
        try {
          expect(await page.locator(SCRIPTS_BUT_QUICK_EXIT).count()).toBe(0);
          const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
          const summary = results.violations.map((violation) => ({
            id: violation.id,
            help: violation.help,
            nodes: violation.nodes.slice(0, 3).map((node) => node.target.join(" ")),
          }));
          expect(summary, path).toEqual([]);
          expect(results.passes.length).toBeGreaterThan(10);
        } finally {
          await page.close();
        }
      },
    );
  });
});
