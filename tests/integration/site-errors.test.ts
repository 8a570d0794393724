/**
 * When things are missing or broken: localized 404 pages, a 503 page when the content backend is
 * down with nothing cached, /healthz in each state, and a broken CMS document that must not take
 * its page down.
 */
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { endonym, LOCALES } from "~/i18n/locales";
import { uiStrings } from "~/i18n/ui-strings";
import { createSanityFailureHandlers, SAMPLE_DATASET_DIR } from "../mocks/sanity";
import { mockServer } from "../mocks/server";
import { TEST_TMP_DIR } from "../setup/paths";
import { startTestServer, type TestServer } from "../setup/test-server";
import { anchors, elements, get, htmlElement, text, expectOnlyTheQuickExitScript } from "./site-helpers";

describe("not found", () => {
  let server: TestServer;
  let campaign: string;
  beforeAll(async () => {
    server = await startTestServer();
    const entries = await server.content.sitemap(new Date().toISOString().slice(0, 10));
    campaign = entries.find((entry) => !entry.page && entry.locales.includes("ru"))!.campaign;
  });
  afterAll(async () => {
    await server?.close();
  });

  it("an unknown locale gets an English 404 that links to every language by its own name", async () => {
    const page = await get(`${server.url}/xx/${campaign}`);
    expect(page.status).toBe(404);
    expect(htmlElement(page.html)).toMatchObject({ lang: "en", dir: "ltr" });
    expect(text(page.html)).toContain(uiStrings("en").notFoundTitle);
    const links = anchors(page.html);
    for (const locale of LOCALES) {
      expect(links).toContainEqual(expect.objectContaining({ href: `/${locale}`, lang: locale, text: endonym(locale) }));
    }
  });

  it.each([
    ["an unknown campaign", (_slug: string) => `/ru/no-such-campaign`],
    ["an unknown page", (slug: string) => `/ru/${slug}/no-such-page`],
    ["an unknown deeper path", (slug: string) => `/ru/${slug}/a/b`],
    ["a slug no campaign could have", (_slug: string) => `/ru/%3Cb%3E%20x`],
    ["a page slug no page could have", (slug: string) => `/ru/${slug}/${"x".repeat(300)}`],
  ])("%s gets a 404 in the URL's language, with the chrome and no script", async (_name, pathFor) => {
    const page = await get(`${server.url}${pathFor(campaign)}`);
    expect(page.status).toBe(404);
    expect(htmlElement(page.html)).toMatchObject({ lang: "ru", dir: "ltr" });
    const strings = uiStrings("ru");
    expect(text(page.html)).toContain(strings.notFoundTitle);
    expect(text(page.html)).toContain(strings.quickExit);
    expect(anchors(page.html)).toContainEqual(expect.objectContaining({ href: "/ru", text: strings.backHome }));
    expect(elements(page.html, "meta")).toContainEqual(expect.objectContaining({ name: "robots", content: "noindex" }));
    expectOnlyTheQuickExitScript(page.html);
    expect(page.headers.get("cache-control")).toBe("public, max-age=30");
    expect(page.headers.get("content-security-policy")).toMatch(/default-src 'self'/);
    expect(page.headers.get("set-cookie")).toBeNull();
  });

  it("a right-to-left locale's 404 is right to left", async () => {
    const page = await get(`${server.url}/ar/no-such-campaign`);
    expect(page.status).toBe(404);
    expect(htmlElement(page.html)).toMatchObject({ lang: "ar", dir: "rtl" });
    expect(text(page.html)).toContain(uiStrings("ar").notFoundTitle);
  });
});

describe("content backend down from the start (Sanity answering 500)", () => {
  let server: TestServer;
  let sanityCalls = 0;
  beforeAll(async () => {
    server = await startTestServer({ env: { SANITY_PROJECT_ID: "testproject", SANITY_DATASET: "production" } });
  });
  beforeEach(() => {
    mockServer.use(...createSanityFailureHandlers(500, () => sanityCalls++));
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each(["en", "ar"] as const)("/%s pages answer 503 with a localized error page, never cached", async (locale) => {
    for (const pagePath of [`/${locale}`, `/${locale}/hotlines`, `/${locale}/some-campaign`]) {
      const page = await get(`${server.url}${pagePath}`);
      expect(page.status, pagePath).toBe(503);
      expect(page.headers.get("cache-control")).toBe("no-store");
      expect(htmlElement(page.html)).toMatchObject({ lang: locale });
      expect(text(page.html)).toContain(uiStrings(locale).errorTitle);
      // The chrome survives: the quick exit falls back to a neutral site.
      expect(anchors(page.html)[1]).toMatchObject({ href: "https://www.google.com", text: uiStrings(locale).quickExit });
      expectOnlyTheQuickExitScript(page.html);
      expect(page.html).not.toMatch(/ContentUnavailableError|at .*\.js:\d+/);
    }
    expect(sanityCalls).toBeGreaterThan(0);
  });

  it("/healthz answers 503 down with the content state", async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(503);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as { status: string; database: { ok: boolean }; content: { ok: boolean; backend: string } };
    expect(body.status).toBe("down");
    expect(body.database.ok).toBe(true);
    expect(body.content).toMatchObject({ ok: false, backend: "sanity" });
  });

  it("/sitemap.xml answers 503", async () => {
    const response = await fetch(`${server.url}/sitemap.xml`);
    expect(response.status).toBe(503);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });
});

describe("/healthz with everything up", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("answers 200 ok with the database and content state, never cached", async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      status: "ok",
      database: { ok: true, latencyMs: expect.any(Number) },
      content: { backend: "local", ok: true, servingStale: false },
    });
  });

  it("lists the hotlines not verified for 180 days, without changing the status", async () => {
    const body = (await (await fetch(`${server.url}/healthz`)).json()) as {
      status: string;
      hotlines: { staleAfterDays: number; staleCount: number; stale: Array<{ id: string; lastVerifiedAt: string }> };
    };
    expect(body.status).toBe("ok");
    expect(body.hotlines.staleAfterDays).toBe(180);
    // The sample dataset has hotlines last verified in the spring of 2026 on purpose.
    expect(body.hotlines.staleCount).toBeGreaterThanOrEqual(1);
    const cutoff = Date.now() - 180 * 86_400_000;
    for (const hotline of body.hotlines.stale) expect(Date.parse(hotline.lastVerifiedAt)).toBeLessThan(cutoff);
  });
});

describe("/healthz while the content backend fails after a good start", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { SANITY_PROJECT_ID: "testproject", SANITY_DATASET: "production" } });
  });
  afterAll(async () => {
    await server?.close();
  });

  type Health = { httpStatus: number; status: string; content: { ok: boolean; servingStale: boolean; lastError: string | null } };
  /**
   * /healthz until it says one of `wanted` (or 20 s pass): on a loaded machine one answer can be
   * "down" because the database round trip missed its 2-second budget, which is not what this test
   * is about.
   */
  async function healthUntil(...wanted: string[]): Promise<Health> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const response = await fetch(`${server.url}/healthz`);
      const health = { httpStatus: response.status, ...((await response.json()) as Omit<Health, "httpStatus">) };
      if (wanted.includes(health.status) || Date.now() > deadline) return health;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  it("is ok, then degraded (200) while stale content is served, and pages keep rendering", async () => {
    const first = await healthUntil("ok");
    expect(first).toMatchObject({ httpStatus: 200, status: "ok" });
    expect((await get(`${server.url}/en/hotlines`)).status).toBe(200);

    mockServer.use(...createSanityFailureHandlers(500));
    server.content.invalidate();
    // "degraded": the last good content from memory. On a loaded machine a read slower than the
    // source's 2-second patience is answered from the stored snapshot instead, and the status says
    // "stale" from then on; both are a 200 that serves old content and names the failure.
    const degraded = await healthUntil("degraded", "stale");
    expect(degraded).toMatchObject({ httpStatus: 200, content: { ok: true, servingStale: true } });
    expect(["degraded", "stale"]).toContain(degraded.status);
    expect(degraded.content.lastError).toBeTruthy();
    expect((await get(`${server.url}/en/hotlines`)).status).toBe(200);
  }, 60_000);
});

describe("a broken document in the dataset", () => {
  let server: TestServer;
  let dir: string;
  let brokenLink: string;
  let keptLink: string;
  let landingPath: string;

  beforeAll(async () => {
    // The sample dataset, with one hotline document made invalid (its only numbers are not E.164).
    await mkdir(TEST_TMP_DIR, { recursive: true });
    dir = await mkdtemp(path.join(TEST_TMP_DIR, "broken-dataset-"));
    await cp(SAMPLE_DATASET_DIR, dir, { recursive: true });
    const healthy = await startTestServer();
    const entries = await healthy.content.sitemap(new Date().toISOString().slice(0, 10));
    const landing = entries.find((entry) => !entry.page && entry.locales.includes("en"))!;
    landingPath = `/en/${landing.campaign}`;
    const campaign = (await healthy.content.campaign("en", landing.campaign, new Date().toISOString().slice(0, 10)))!;
    const hotlines = (await healthy.content.hotlines("en", campaign.countries)).filter((hotline) => hotline.phone);
    await healthy.close();
    // Numbers are unique per hotline (names repeat across countries): the tel: links tell them apart.
    expect(hotlines.length).toBeGreaterThanOrEqual(2);
    const [broken, kept] = hotlines as [(typeof hotlines)[0], (typeof hotlines)[0]];
    brokenLink = `tel:${broken.phone}`;
    keptLink = `tel:${kept.phone}`;

    let changed = 0;
    for (const name of (await readdir(dir)).filter((file) => file.endsWith(".ndjson"))) {
      const file = path.join(dir, name);
      const lines = (await readFile(file, "utf8")).split("\n").map((line) => {
        if (!line.trim()) return line;
        const document = JSON.parse(line) as Record<string, unknown>;
        if (document._id !== broken._id) return line;
        changed++;
        return JSON.stringify({ ...document, phone: "12345", sms: "not a number", whatsapp: null, telegram: null });
      });
      await writeFile(file, lines.join("\n"));
    }
    expect(changed).toBe(1);
    server = await startTestServer({ env: { CONTENT_DATASET_DIR: dir } });
  });
  afterAll(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("still renders the landing page and the directory, without that hotline", async () => {
    for (const pagePath of [landingPath, "/en/hotlines"]) {
      const page = await get(`${server.url}${pagePath}`);
      expect(page.status, pagePath).toBe(200);
      const hrefs = anchors(page.html).map((link) => link.href);
      expect(hrefs).toContain(keptLink);
      expect(hrefs).not.toContain(brokenLink);
    }
  });
});
