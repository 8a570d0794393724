/**
 * axe-core over every public page in every locale: the language chooser (at `/` and
 * `/languages`), each locale's campaign list, every live campaign's landing page, sub-pages and
 * poster, and the hotline directory whole and filtered. No serious or critical WCAG 2.2 A/AA
 * violation anywhere. One test, one browser, a few tabs reused: the list is long, and what matters
 * is the full list of problems in one report. Staff pages are covered by their own files.
 */
import AxeBuilder from "@axe-core/playwright";
import { type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOME_OF_LOCALE, LOCALES } from "~/i18n/locales";
import { startTestServer, type TestServer } from "../../setup/test-server";
import { AXE_TAGS, launchChromium, NO_CHROMIUM } from "../chromium";

const BLOCKING_IMPACTS = new Set(["serious", "critical"]);
const TABS = 4;

describe.skipIf(NO_CHROMIUM)("axe on every public page in every locale", () => {
  let server: TestServer;
  let browser: Browser;
  const paths: string[] = ["/", "/languages"];

  beforeAll(async () => {
    server = await startTestServer();
    const today = server.now().toISOString().slice(0, 10);
    const [entries, settings] = await Promise.all([server.content.sitemap(today), server.content.siteSettings("en")]);
    const destination = settings?.destinations[0] ?? "RU";
    for (const locale of LOCALES) {
      paths.push(`/${locale}`, `/${locale}/hotlines`);
      const home = HOME_OF_LOCALE[locale];
      if (home) paths.push(`/${locale}/hotlines?from=${home}&in=${destination}`);
      for (const entry of entries.filter((candidate) => candidate.locales.includes(locale))) {
        if (entry.page) paths.push(`/${locale}/${entry.campaign}/${entry.page}`);
        else paths.push(`/${locale}/${entry.campaign}`, `/${locale}/${entry.campaign}/poster`);
      }
    }
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("finds no serious or critical violation", async () => {
    // A language the site does not publish, so `/` shows the chooser rather than redirecting.
    const context = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: "de-DE" });
    const problems: string[] = [];
    const queue = [...paths];
    // A few tabs at once: axe waits on timers and the server as much as it computes.
    const tab = async () => {
      const page = await context.newPage();
      for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
        const response = await page.goto(`${server.url}${path}`);
        expect(response?.status(), path).toBe(200);
        const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
        for (const violation of results.violations.filter((v) => BLOCKING_IMPACTS.has(v.impact ?? ""))) {
          const where = violation.nodes.slice(0, 3).map((node) => node.target.join(" "));
          problems.push(`${path}: ${violation.id} (${violation.impact}) ${violation.help} at ${where.join(", ")}`);
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: TABS }, tab));
    } finally {
      await context.close();
    }
    expect(problems).toEqual([]);
    // The sample dataset publishes campaigns in every locale: a short list means the walk broke.
    expect(paths.length).toBeGreaterThan(LOCALES.length * 5);
    console.info(`axe: ${paths.length} public pages checked`);
  }, 600_000);
});
