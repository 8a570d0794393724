/**
 * Sharing in a real browser (Debian's chromium): the printable poster in a left-to-right and two
 * right-to-left locales is axe clean, mirrors by its direction (the hotline at the inline start,
 * the QR code at the inline end, the number and the address left to right), prints as one A4
 * page without the site around it, and its QR code as Chromium draws it decodes (jsqr) to the
 * campaign page. The campaign page's share block is axe clean in both directions too.
 * The poster and campaign pages ship no script, so one script-enabled context (which axe needs)
 * sees the same document a reader without JavaScript does (each check asserts no script).
 */
import AxeBuilder from "@axe-core/playwright";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AXE_TAGS, launchChromium, NO_CHROMIUM, SCRIPTS_BUT_QUICK_EXIT } from "./chromium";
import { startTestServer, type TestServer } from "../setup/test-server";

const LOCALES_UNDER_TEST = [
  { locale: "en", dir: "ltr" },
  { locale: "ps", dir: "rtl" },
  { locale: "ar", dir: "rtl" },
] as const;

describe.skipIf(NO_CHROMIUM)("sharing in chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let slug: string;

  beforeAll(async () => {
    server = await startTestServer();
    const today = new Date().toISOString().slice(0, 10);
    slug = (await server.content.liveCampaigns("en", today))[0]!.slug;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1024, height: 900 }, deviceScaleFactor: 1 });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  async function open(path: string): Promise<Page> {
    const page = await context.newPage();
    const response = await page.goto(`${server.url}${path}`);
    expect(response?.status(), path).toBe(200);
    expect(await page.locator(SCRIPTS_BUT_QUICK_EXIT).count()).toBe(0);
    return page;
  }

  async function axeViolations(page: Page) {
    const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
    expect(results.passes.length).toBeGreaterThan(10);
    return results.violations.map((violation) => ({
      id: violation.id,
      nodes: violation.nodes.slice(0, 3).map((node) => node.target.join(" ")),
    }));
  }

  describe.each(LOCALES_UNDER_TEST)("$locale ($dir)", ({ locale, dir }) => {
    it("has an axe-clean poster, mirrored by its direction", async () => {
      const page = await open(`/${locale}/${slug}/poster`);
      try {
        expect(await axeViolations(page)).toEqual([]);
        const poster = page.locator("article.poster");
        expect(await poster.getAttribute("dir")).toBe(dir);
        expect(await poster.evaluate((element) => getComputedStyle(element).direction)).toBe(dir);
        const hotline = (await page.locator(".poster-hotline").boundingBox())!;
        const qr = (await page.locator(".poster-qr").boundingBox())!;
        // The hotline comes first in reading order: on the right in a right-to-left poster.
        if (dir === "rtl") expect(hotline.x).toBeGreaterThan(qr.x);
        else expect(hotline.x).toBeLessThan(qr.x);
        expect(await page.locator(".poster-number .tel").evaluate((element) => getComputedStyle(element).direction)).toBe("ltr");
        expect(await page.locator(".poster-url").evaluate((element) => getComputedStyle(element).direction)).toBe("ltr");
      } finally {
        await page.close();
      }
    });

    it("prints on one A4 page without the site's header and footer", async () => {
      const page = await open(`/${locale}/${slug}/poster`);
      try {
        await page.emulateMedia({ media: "print" });
        expect(await page.locator(".site-header").isVisible()).toBe(false);
        expect(await page.locator(".poster-controls").isVisible()).toBe(false);
        expect(await page.locator("article.poster").isVisible()).toBe(true);
        const pdf = (await page.pdf({ preferCSSPageSize: true })).toString("latin1");
        expect(pdf.match(/\/Type\s*\/Page[^s]/g)?.length).toBe(1);
        // A4 is 595 × 842 points.
        const [width, height] = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf)!.slice(1).map(Number);
        expect([Math.round(width!), Math.round(height!)]).toEqual([595, 842]);
      } finally {
        await page.close();
      }
    });

    it("draws a QR code that decodes to the campaign page", async () => {
      const page = await open(`/${locale}/${slug}/poster`);
      try {
        const png = PNG.sync.read(await page.locator(".poster-qr svg").screenshot());
        const decoded = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
        expect(decoded?.data).toBe(`${server.env.PUBLIC_BASE_URL}/${locale}/${slug}`);
      } finally {
        await page.close();
      }
    });

    it("has an axe-clean share block with a labelled copy field", async () => {
      const page = await open(`/${locale}/${slug}`);
      try {
        expect(await axeViolations(page)).toEqual([]);
        const field = page.locator(".copy-link input");
        expect(await field.inputValue()).toBe(`${server.env.PUBLIC_BASE_URL}/${locale}/${slug}`);
        expect(await field.getAttribute("readonly")).not.toBeNull();
        expect(await page.getByLabel(await page.locator(".copy-link label").innerText()).count()).toBe(1);
        const links = page.locator(".share-links a[data-network]");
        expect(await links.count()).toBe(8);
        // The first network comes first in reading order: at the right end of the row in right to left.
        const [first, second] = [(await links.nth(0).boundingBox())!, (await links.nth(1).boundingBox())!];
        expect(first.y).toBe(second.y);
        if (dir === "rtl") expect(first.x).toBeGreaterThan(second.x);
        else expect(first.x).toBeLessThan(second.x);
        expect(await field.evaluate((element) => getComputedStyle(element).direction)).toBe("ltr");
      } finally {
        await page.close();
      }
    });
  });
});
