/**
 * Error pages carry the hotline numbers the server still has: a 503 (content down) and a 500 (a
 * route failing, or Remix itself failing and Express answering) list them as `tel:` links in the
 * reader's language, with the quick exit, and link the hotline directory only when the directory
 * itself would render. Sample numbers never appear in production.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createContentSource } from "~/content/content-source.server";
import { loadPublishedDataset } from "~/content/local-dataset.server";
import { DEFAULT_QUICK_EXIT_URL } from "~/components/quick-exit";
import { createMessagingServices } from "~/app-services.server";
import { parseEnv } from "~/env.server";
import { uiStrings } from "~/i18n/ui-strings";
import { createLogger } from "~/lib/logger.server";
import { createApp } from "../../server/create-app";
import { FIXTURE_TODAY, SAMPLE_DATASET_DIR, TEST_SANITY_PROJECT_ID, VALID_DATASET_DIR } from "../fixtures/content";
import { createSanityFailureHandlers, createSanityQueryHandlers } from "../mocks/sanity";
import { mockServer } from "../mocks/server";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";
import { startTestServer, type TestServer } from "../setup/test-server";
import { anchors, elements, get, htmlElement, text, expectOnlyTheQuickExitScript } from "./site-helpers";

const SANITY = { SANITY_PROJECT_ID: TEST_SANITY_PROJECT_ID, SANITY_DATASET: "production" };
const PRODUCTION = {
  NODE_ENV: "production",
  PUBLIC_BASE_URL: "https://protect.example.org",
  SESSION_SECRET: "a-production-session-secret-of-40-characters",
  SANITY_WEBHOOK_SECRET: "a-production-webhook-secret",
};

interface DatasetFacts {
  /** `tel:` links of sample and of real (non-sample) hotlines with a phone number. */
  sampleTel: string[];
  realTel: string[];
  quickExitUrl: string;
  campaign: { slug: string; today: string };
}

async function facts(dir: string): Promise<DatasetFacts> {
  const documents = await loadPublishedDataset(dir);
  const tel = (sample: boolean) =>
    documents
      .filter((d) => d._type === "hotline" && typeof d.phone === "string" && d.isSample === sample)
      .map((d) => `tel:${String(d.phone)}`);
  const settings = documents.find((d) => d._type === "siteSettings");
  const campaign = documents.find((d) => d._type === "campaign" && d.status === "live" && typeof d.startDate === "string");
  if (!settings || !campaign) throw new Error(`${dir}: no site settings or no live campaign with a start date`);
  return {
    sampleTel: tel(true),
    realTel: tel(false),
    quickExitUrl: String(settings.quickExitUrl),
    campaign: { slug: (campaign.slug as { current: string }).current, today: String(campaign.startDate) },
  };
}

/** A server whose content source keeps no stored copy: only its memory survives the outage. */
async function memoryOnlyServer(env: Record<string, string>, today: string): Promise<TestServer> {
  const now = () => new Date(`${today}T12:00:00Z`);
  const parsed = parseEnv({ NODE_ENV: "test", LOG_LEVEL: "silent", ...env });
  const content = createContentSource({ env: parsed, logger: createLogger({ level: "silent" }), now });
  return startTestServer({ env, content, now });
}

function hrefs(html: string): string[] {
  return anchors(html).flatMap((link) => (link.href === undefined ? [] : [link.href]));
}

describe("a 503 while the Content Lake is down, with hotlines still in memory", () => {
  let server: TestServer;
  let sample: DatasetFacts;
  beforeAll(async () => {
    sample = await facts(SAMPLE_DATASET_DIR);
    server = await memoryOnlyServer(SANITY, sample.campaign.today);
    // Read with the Content Lake up: the English directory (and site settings) are now in memory.
    expect((await get(`${server.url}/en/hotlines`)).status).toBe(200);
  });
  beforeEach(() => {
    mockServer.use(...createSanityFailureHandlers(500));
  });
  afterAll(async () => {
    await server?.close();
  });

  it("lists every number as a tel: link, with the quick exit, and links the directory that still renders", async () => {
    const page = await get(`${server.url}/en/${sample.campaign.slug}`);
    expect(page.status).toBe(503);
    expect(text(page.html)).toContain(uiStrings("en").errorTitle);
    const links = hrefs(page.html);
    for (const tel of sample.sampleTel) expect(links).toContain(tel);
    expect(anchors(page.html)[1]).toMatchObject({ href: sample.quickExitUrl, text: uiStrings("en").quickExit });
    expect(links).toContain("/en/hotlines");
    expect((await get(`${server.url}/en/hotlines`)).status).toBe(200);
    // Sample numbers say so, once.
    expect(elements(page.html, "p").filter((p) => p["data-notice"] === "sample-content")).toHaveLength(1);
    expectOnlyTheQuickExitScript(page.html);
  });

  it("in a language whose directory is down too: the numbers it has, right to left, and no link to that directory", async () => {
    const page = await get(`${server.url}/ar/${sample.campaign.slug}`);
    expect(page.status).toBe(503);
    expect(htmlElement(page.html)).toMatchObject({ lang: "ar", dir: "rtl" });
    expect(text(page.html)).toContain(uiStrings("ar").errorTitle);
    expect(text(page.html)).toContain(uiStrings("ar").hotlinesTitle);
    const links = hrefs(page.html);
    for (const tel of sample.sampleTel) expect(links).toContain(tel);
    expect(anchors(page.html)[1]).toMatchObject({ href: sample.quickExitUrl, text: uiStrings("ar").quickExit });
    expect(links).not.toContain("/ar/hotlines");
    expect((await get(`${server.url}/ar/hotlines`)).status).toBe(503);
    // Numbers read left to right inside the right-to-left page.
    expect(page.html).toMatch(/<span class="tel" dir="ltr">\+/);
  });
});

describe("a 503 in production", () => {
  let server: TestServer;
  let fixture: DatasetFacts;
  beforeAll(async () => {
    fixture = await facts(VALID_DATASET_DIR);
    expect(fixture.sampleTel.length).toBeGreaterThan(0);
    expect(fixture.realTel.length).toBeGreaterThan(0);
    mockServer.use(...createSanityQueryHandlers({ datasetDir: VALID_DATASET_DIR }));
    server = await memoryOnlyServer({ ...SANITY, ...PRODUCTION }, FIXTURE_TODAY);
    expect((await get(`${server.url}/en/hotlines`)).status).toBe(200);
  });
  beforeEach(() => {
    mockServer.use(...createSanityFailureHandlers(500));
  });
  afterAll(async () => {
    await server?.close();
  });

  it("lists the verified numbers only, never the samples", async () => {
    const page = await get(`${server.url}/en/no-campaign-read-before`);
    expect(page.status).toBe(503);
    const links = hrefs(page.html);
    for (const tel of fixture.realTel) expect(links).toContain(tel);
    for (const tel of fixture.sampleTel) expect(links).not.toContain(tel);
    expect(page.html).not.toContain("sample-content");
  });
});

describe("a 500 from a route (the database is down under the dev phone)", () => {
  let server: TestServer;
  let database: TestDatabase;
  let sample: DatasetFacts;
  beforeAll(async () => {
    sample = await facts(SAMPLE_DATASET_DIR);
    database = await createTestDatabase();
    server = await startTestServer({ database, now: () => new Date(`${sample.campaign.today}T12:00:00Z`) });
    await database.close();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("carries the numbers and the directory link, whose content is fine", async () => {
    const page = await get(`${server.url}/dev/phone`);
    expect(page.status).toBe(500);
    expect(text(page.html)).toContain(uiStrings("en").errorTitle);
    const links = hrefs(page.html);
    for (const tel of sample.sampleTel) expect(links).toContain(tel);
    expect(links).toContain("/en/hotlines");
  });
});

describe("Remix itself failing: the Express last-resort page", () => {
  let database: TestDatabase;
  let server: Server;
  let url: string;
  let sample: DatasetFacts;
  beforeAll(async () => {
    sample = await facts(SAMPLE_DATASET_DIR);
    database = await createTestDatabase();
    const env = parseEnv({ NODE_ENV: "test", LOG_LEVEL: "silent", CONTENT_DATASET_DIR: SAMPLE_DATASET_DIR });
    const logger = createLogger({ level: "silent" });
    const content = createContentSource({ env, logger });
    const app = createApp({
      build: () => Promise.reject(new Error("the server build failed to load")),
      env,
      logger,
      content,
      db: database.db,
      ...createMessagingServices(env, { db: database.db, logger }),
    });
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await database?.close();
  });

  it.each([
    ["ky", "ltr"],
    ["ar", "rtl"],
  ] as const)("a page in %s: the numbers as tel: links, the quick exit first, no directory link, never cached", async (locale, dir) => {
    const page = await get(`${url}/${locale}/hotlines`);
    expect(page.status).toBe(500);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(htmlElement(page.html)).toMatchObject({ lang: locale, dir });
    expect(text(page.html)).toContain(uiStrings(locale).errorTitle);
    expect(anchors(page.html)[0]).toMatchObject({ href: sample.quickExitUrl, text: uiStrings(locale).quickExit });
    expect(sample.quickExitUrl).not.toBe(DEFAULT_QUICK_EXIT_URL);
    const links = hrefs(page.html);
    for (const tel of sample.sampleTel) expect(links).toContain(tel);
    expect(links).not.toContain(`/${locale}/hotlines`);
    expect(page.html).toContain('data-notice="sample-content"');
    expectOnlyTheQuickExitScript(page.html);
    expect(page.html).not.toMatch(/server build/i);
  });

  it("a webhook or an API client gets a plain status line", async () => {
    const webhook = await fetch(`${url}/webhooks/sanity`, { method: "POST", body: "{}" });
    expect(webhook.status).toBe(500);
    expect(await webhook.text()).toBe("Internal Server Error");
    const json = await fetch(`${url}/en/hotlines`, { headers: { Accept: "application/json" } });
    expect(json.status).toBe(500);
    expect(json.headers.get("content-type")).toMatch(/^text\/plain/);
  });
});
