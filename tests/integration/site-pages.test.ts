/**
 * Every public page of the sample dataset in every locale it is published in, through HTTP:
 * status, `<html lang dir>`, canonical and hreflang alternates, no script but the quick exit's, the quick
 * exit, the sample-content and machine-drafted notices, hotline links and dates.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContentSource } from "~/content/content-source.server";
import type { Hotline } from "~/content/schemas";
import { parseEnv } from "~/env.server";
import { direction, LOCALES } from "~/i18n/locales";
import { format, uiStrings } from "~/i18n/ui-strings";
import { createLogger } from "~/lib/logger.server";
import { SAMPLE_DATASET_DIR } from "../mocks/sanity";
import { startTestServer, type TestServer } from "../setup/test-server";
import {
  alternates,
  anchors,
  canonical,
  elements,
  get,
  htmlElement,
  metaContent,
  sitePages,
  text,
  expectOnlyTheQuickExitScript,
} from "./site-helpers";

const TODAY = new Date().toISOString().slice(0, 10);
// The same content source the server builds, over the same dataset: the test's expectations.
const expected = createContentSource({
  env: parseEnv({ NODE_ENV: "test", CONTENT_DATASET_DIR: SAMPLE_DATASET_DIR }),
  logger: createLogger({ level: "silent" }),
});
const PAGES = sitePages(await expected.sitemap(TODAY));

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe("the sample dataset", () => {
  it("has landing pages and campaign pages, and RTL and LTR locales among them", () => {
    const campaignPages = PAGES.filter((page) => page.kind === "landing" || page.kind === "page");
    expect(PAGES.filter((page) => page.kind === "landing").length).toBeGreaterThanOrEqual(2);
    expect(PAGES.filter((page) => page.kind === "page").length).toBeGreaterThanOrEqual(2);
    expect(new Set(campaignPages.map((page) => direction(page.locale)))).toEqual(new Set(["ltr", "rtl"]));
  });
});

describe.each(PAGES)("$kind $path", ({ kind, locale, path, locales }) => {
  it("renders with the right language, direction, canonical, alternates and no script", async () => {
    const page = await get(`${server.url}${path}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(htmlElement(page.html)).toMatchObject({ lang: locale, dir: direction(locale) });
    expectOnlyTheQuickExitScript(page.html);
    expect(page.html).not.toMatch(/modulepreload/i);
    // React 18's streaming renderer pads multi-byte text with NUL bytes (see react-stream-fix.server.ts).
    expect(page.html).not.toContain("\u0000");

    const base = server.env.PUBLIC_BASE_URL;
    expect(canonical(page.html)).toBe(`${base}${path}`);
    const links = alternates(page.html);
    for (const other of locales) {
      expect(links.get(other), `hreflang ${other}`).toBe(`${base}${path.replace(`/${locale}`, `/${other}`)}`);
    }
    expect(links.get("x-default")).toMatch(new RegExp(`^${base}/`));
    expect(links.size).toBe(locales.length + 1);
    expect(metaContent(page.html, "og:url")).toBe(`${base}${path}`);
    expect(metaContent(page.html, "og:locale")).toBe(locale.replace("-", "_"));
    // Campaign pages carry their drawn 1200×630 preview (tests/integration/sharing-http.test.ts), shown large.
    expect(metaContent(page.html, "twitter:card")).toBe(kind === "landing" || kind === "page" ? "summary_large_image" : "summary");
    expect(metaContent(page.html, "og:title")).toBeTruthy();
    expect(metaContent(page.html, "description")).toBeTruthy();

    expect(page.headers.get("cache-control")).toBe("public, max-age=60, stale-while-revalidate=600, stale-if-error=86400");
    expect(page.headers.get("set-cookie")).toBeNull();
  });

  it("starts with the skip link, then the quick exit to the configured neutral site", async () => {
    const page = await get(`${server.url}${path}`);
    const settings = await expected.siteSettings(locale);
    const [skip, exit] = anchors(page.html);
    expect(skip).toMatchObject({ href: "#main", text: uiStrings(locale).skipToContent });
    expect(exit).toMatchObject({ href: settings?.quickExitUrl ?? "https://www.google.com", text: uiStrings(locale).quickExit });
    expect(exit!.rel!.split(" ")).toContain("noreferrer");
    expect(elements(page.html, "main")[0]).toMatchObject({ id: "main" });
  });

  it("shows the sample-content notice, and the machine-drafted notice exactly when the translation is", async () => {
    const page = await get(`${server.url}${path}`);
    const strings = uiStrings(locale);
    expect(text(page.html)).toContain(strings.sampleNotice);
    if (kind === "landing" || kind === "page") {
      const slug = path.split("/")[2]!;
      const campaign = await expected.campaign(locale, slug, TODAY);
      expect(text(page.html).includes(strings.machineDraftedNotice)).toBe(campaign?.reviewStatus === "machine-drafted");
    }
  });
});

describe("hotlines", () => {
  const CHANNEL_PATTERNS = {
    tel: /^tel:\+[1-9]\d{6,14}$/,
    sms: /^sms:\+[1-9]\d{6,14}$/,
    // Web targets go through the counted redirect (tests/integration/reach-site-capture.test.ts follows it).
    whatsapp: /^\/go\/hotline\/[^/]+\/whatsapp\?lang=en$/,
    telegram: /^\/go\/hotline\/[^/]+\/telegram\?lang=en$/,
  };

  function expectedLinks(hotlines: readonly Hotline[], locale: string): string[] {
    return hotlines.flatMap((hotline) =>
      [
        hotline.phone && `tel:${hotline.phone}`,
        hotline.sms && `sms:${hotline.sms}`,
        hotline.whatsapp && `/go/hotline/${hotline._id}/whatsapp?lang=${locale}`,
        hotline.telegram && `/go/hotline/${hotline._id}/telegram?lang=${locale}`,
      ].filter((link): link is string => Boolean(link)),
    );
  }

  it.each(LOCALES)("/%s/hotlines lists every hotline with its links and a localized check date", async (locale) => {
    const hotlines = await expected.hotlines(locale);
    expect(hotlines.length).toBeGreaterThan(0);
    const page = await get(`${server.url}/${locale}/hotlines`);
    expect(page.status).toBe(200);
    const hrefs = anchors(page.html).map((link) => link.href ?? "");
    for (const link of expectedLinks(hotlines, locale)) expect(hrefs).toContain(link);
    const strings = uiStrings(locale);
    const body = text(page.html);
    expect(body).toContain(strings.hotlinesTitle);
    for (const hotline of hotlines) {
      expect(body).toContain(hotline.organization);
      const date = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(hotline.lastVerifiedAt));
      expect(body).toContain(format(strings.lastVerified, { date }));
    }
  });

  it("offers every channel kind somewhere in the English directory", async () => {
    const page = await get(`${server.url}/en/hotlines`);
    const hrefs = anchors(page.html).map((link) => link.href ?? "");
    for (const [channel, pattern] of Object.entries(CHANNEL_PATTERNS)) {
      expect(
        hrefs.some((href) => pattern.test(href)),
        channel,
      ).toBe(true);
    }
  });

  it("wins over a campaign called 'hotlines' (static segment)", async () => {
    const page = await get(`${server.url}/ar/hotlines`);
    expect(page.status).toBe(200);
    expect(elements(page.html, "h1")).toHaveLength(1);
    expect(text(page.html)).toContain(uiStrings("ar").hotlinesTitle);
  });
});

describe("a campaign landing page", () => {
  const landings = PAGES.filter((page) => page.kind === "landing");

  it.each(landings)("$path lists its pages, its countries' hotlines and its share text", async ({ locale, path }) => {
    const slug = path.split("/")[2]!;
    const campaign = (await expected.campaign(locale, slug, TODAY))!;
    const page = await get(`${server.url}${path}`);
    const hrefs = anchors(page.html).map((link) => link.href ?? "");
    for (const child of campaign.pages) expect(hrefs).toContain(`/${locale}/${slug}/${child.slug}`);
    const hotlines = await expected.hotlines(locale, campaign.countries);
    expect(hotlines.length).toBeGreaterThan(0);
    expect(hrefs.some((href) => href.startsWith("tel:"))).toBe(true);
    const body = text(page.html);
    expect(body).toContain(campaign.hero.heading);
    expect(body).toContain(campaign.share.text);
    const subscribe = campaign.sections.find((section) => section._type === "callToAction" && section.action === "subscribe");
    const settings = await expected.siteSettings(locale);
    const smsNumber = campaign.sms?.number ?? settings?.smsNumber;
    if (subscribe && smsNumber) {
      expect(hrefs.some((href) => href.startsWith(`sms:${smsNumber}?body=`))).toBe(true);
      expect(body).toContain(uiStrings(locale).smsStopHint);
    }
  });

  it("has a subscribe call to action with an sms: link in at least one landing page", async () => {
    let found = false;
    for (const { path } of landings) {
      const page = await get(`${server.url}${path}`);
      if (anchors(page.html).some((link) => /^sms:\+\d+\?body=\S+/.test(link.href ?? ""))) found = true;
    }
    expect(found).toBe(true);
  });
});
