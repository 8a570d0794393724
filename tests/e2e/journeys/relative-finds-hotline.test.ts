/**
 * Journey: a migrant's relative finds a hotline. From `/` (a browser whose language we do not
 * publish gets the language chooser) they pick a language, open a campaign, go to the hotline
 * directory, say where the person is from (country and region) and where they are, and find the
 * regional line as a `tel:` link. In Kyrgyz (left to right), Dari and Arabic (right to left: the
 * layout must be mirrored, checked on computed styles and on where things sit on the screen, not
 * only on the `dir` attribute), at a phone's and a desktop's size. The numbers come from the
 * sample content, through the app's own content source.
 */
import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countryName, endonym, type Locale } from "~/i18n/locales";
import { uiStrings } from "~/i18n/ui-strings";
import { startTestServer, type TestServer } from "../../setup/test-server";
import { launchChromium, NO_CHROMIUM } from "../chromium";
import { screenshot, VIEWPORTS } from "./journey-kit";

const JOURNEYS = [
  { locale: "ky", dir: "ltr", home: "KG" },
  { locale: "fa-AF", dir: "rtl", home: "AF" },
  { locale: "ar", dir: "rtl", home: "IQ" },
] as const satisfies ReadonlyArray<{ locale: Locale; dir: "ltr" | "rtl"; home: string }>;

interface Expected {
  region: { code: string; name: string };
  phone: string;
}

describe.skipIf(NO_CHROMIUM)("journey: a relative finds the hotline for a region", () => {
  let server: TestServer;
  let browser: Browser;
  const expected = new Map<Locale, Expected>();

  beforeAll(async () => {
    server = await startTestServer();
    for (const { locale, home } of JOURNEYS) {
      const [regions, hotlines] = await Promise.all([server.content.regions(locale), server.content.hotlines(locale)]);
      // The first region of home that has a line of its own: the filter must find that line.
      const match = regions
        .filter((region) => region.country === home)
        .map((region) => ({ region, hotline: hotlines.find((line) => line.phone && line.regions.some((r) => r.code === region.code)) }))
        .find((pair) => pair.hotline);
      if (!match?.hotline?.phone) throw new Error(`the sample content has no regional hotline in ${home}`);
      expected.set(locale, { region: { code: match.region.code, name: match.region.name }, phone: match.hotline.phone });
    }
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  describe.each(VIEWPORTS)("at $width×$height", (viewport) => {
    it.each(JOURNEYS)(
      "in $locale ($dir)",
      async ({ locale, dir, home }) => {
        // A browser asking for German, which the site does not publish: `/` shows the chooser.
        const context = await browser.newContext({ viewport, locale: "de-DE" });
        const page = await context.newPage();
        try {
          expect((await page.goto(`${server.url}/`))?.status()).toBe(200);
          expect(await page.locator("h1").textContent()).toBe(uiStrings("en").languageChooserTitle);
          if (locale === "ky") await screenshot(page, `language-chooser`);
          await page.getByRole("link", { name: endonym(locale), exact: true }).click();
          await page.waitForURL(`${server.url}/${locale}`);

          // The first campaign card, then the header's hotline link, as a reader would tap them.
          await page.locator("ul.cards a").first().click();
          await page.waitForURL((url) => url.pathname.split("/").length === 3 && url.pathname.startsWith(`/${locale}/`));
          expect((await page.locator("h1").textContent())?.length).toBeGreaterThan(0);
          await expectLayout(page, dir);
          await screenshot(page, `campaign-${locale}`);

          await page
            .locator(".site-nav")
            .getByRole("link", { name: uiStrings(locale).hotlinesLink })
            .click();
          await page.waitForURL(`${server.url}/${locale}/hotlines`);
          const { region, phone } = expected.get(locale)!;
          const strings = uiStrings(locale);
          await page.getByLabel(strings.placeFilterFrom).selectOption({ label: countryName(home, locale) });
          await page.getByLabel(strings.filterRegion).selectOption({ label: region.name });
          await page.getByLabel(strings.placeFilterIn).selectOption({ label: countryName(home, locale) });
          await page.getByRole("button", { name: strings.placeFilterSubmit }).click();
          await page.waitForURL((url) => url.searchParams.get("region") === region.code);

          // The regional line is a tap-to-call link with its number, on screen once scrolled to.
          const call = page.locator(`a[href="tel:${phone}"]`).first();
          await call.scrollIntoViewIfNeeded();
          expect(await call.isVisible()).toBe(true);
          await expectLayout(page, dir);
          // The screenshot shows the line found, not the top of the directory.
          await call.scrollIntoViewIfNeeded();
          await screenshot(page, `hotlines-${locale}-${region.code}`);
        } finally {
          await context.close();
        }
      },
      60_000,
    );
  });
});

/**
 * The page reads in its direction: computed `direction`, headings aligned to the inline start
 * (right in Arabic script), the site's name at the start of the header and the quick exit at
 * its end — where they actually are on the screen.
 */
async function expectLayout(page: Page, dir: "ltr" | "rtl"): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  expect(await page.locator("html").getAttribute("dir")).toBe(dir);
  const h1 = page.locator("main h1").first();
  const styles = await h1.evaluate((element) => {
    const style = getComputedStyle(element);
    // Where the heading's text ends up, and the box it is laid out in.
    const range = document.createRange();
    range.selectNodeContents(element);
    const text = range.getBoundingClientRect();
    const box = element.getBoundingClientRect();
    return {
      direction: style.direction,
      textAlign: style.textAlign,
      textLeft: text.left,
      textRight: text.right,
      boxLeft: box.left,
      boxRight: box.right,
    };
  });
  expect(styles.direction).toBe(dir);
  expect(["start", dir === "rtl" ? "right" : "left"]).toContain(styles.textAlign);
  // The text hugs the inline-start edge of its box (a short heading leaves space at the other end).
  if (dir === "rtl") expect(Math.abs(styles.boxRight - styles.textRight)).toBeLessThan(2);
  else expect(Math.abs(styles.textLeft - styles.boxLeft)).toBeLessThan(2);

  const width = page.viewportSize()!.width;
  const centre = async (selector: string) => {
    const box = (await page.locator(selector).first().boundingBox())!;
    return box.x + box.width / 2;
  };
  const quickExit = await centre("[data-quick-exit]");
  // The first line of the site's name (a long name wraps on a phone and spans the header; a name
  // mixing scripts is laid out in several runs, so the line is the union of its top runs).
  const siteName = await page.locator(".site-name").evaluate((element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    const rects = [...range.getClientRects()].filter((rect) => rect.width > 0);
    const top = Math.min(...rects.map((rect) => rect.top));
    const line = rects.filter((rect) => rect.top < top + 4);
    return { left: Math.min(...line.map((rect) => rect.left)), right: Math.max(...line.map((rect) => rect.right)) };
  });
  if (dir === "rtl") {
    expect(siteName.right).toBeGreaterThan(width / 2);
    expect(quickExit).toBeLessThan(width / 2);
  } else {
    expect(siteName.left).toBeLessThan(width / 2);
    expect(quickExit).toBeGreaterThan(width / 2);
  }
}
