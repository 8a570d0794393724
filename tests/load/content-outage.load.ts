/**
 * Faults during load: the app reads content from the Content Lake (Sanity's API, faked by msw at
 * the network edge), then the Content Lake answers 500, or never answers, while autocannon keeps
 * campaign pages busy. The pages keep serving the last good content: nothing but 200s, no
 * timeouts, the campaign's title still on the page. One clock for the test (a sample campaign's
 * first day); the content cache is expired by moving it past the TTL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPublishedDataset } from "~/content/local-dataset.server";
import { SAMPLE_DATASET_DIR, TEST_SANITY_PROJECT_ID } from "../fixtures/content";
import { createSanityFailureHandlers, createSanityHangingHandlers } from "../mocks/sanity";
import { mockServer } from "../mocks/server";
import { startTestServer, type TestServer } from "../setup/test-server";
import { describeRun, loadSize, runAutocannon } from "./load-kit";

const CONNECTIONS = loadSize(100, 25);
const DURATION_SECONDS = loadSize(15, 4);
const CACHE_TTL_SECONDS = 60;

async function liveCampaign(): Promise<{ today: string; slug: string; title: string }> {
  const documents = await loadPublishedDataset(SAMPLE_DATASET_DIR);
  const campaign = documents.find(
    (document): document is typeof document & { slug: { current: string }; title: { en: string }; startDate: string } =>
      document._type === "campaign" && document.status === "live" && typeof document.startDate === "string",
  );
  if (!campaign) throw new Error("the sample dataset has no live campaign with a start date");
  return { today: campaign.startDate, slug: campaign.slug.current, title: campaign.title.en };
}

describe("campaign pages under load while the Content Lake fails", () => {
  let server: TestServer;
  let campaign: Awaited<ReturnType<typeof liveCampaign>>;
  let nowMs = 0;
  beforeAll(async () => {
    campaign = await liveCampaign();
    nowMs = Date.parse(`${campaign.today}T12:00:00Z`);
    server = await startTestServer({
      env: {
        SANITY_PROJECT_ID: TEST_SANITY_PROJECT_ID,
        SANITY_DATASET: "production",
        CONTENT_CACHE_TTL_SECONDS: String(CACHE_TTL_SECONDS),
      },
      now: () => new Date(nowMs),
    });
  });
  afterAll(() => server?.close());

  const pages = () => [`/en/${campaign.slug}`, `/ru/${campaign.slug}`, `/ar/${campaign.slug}`, "/ky/hotlines", "/fa-AF/hotlines"];

  it.each([
    ["answering 500", (onQuery: () => void) => createSanityFailureHandlers(500, onQuery)],
    ["timing out", (onQuery: () => void) => createSanityHangingHandlers(onQuery)],
  ] as const)("with the Content Lake %s, pages keep serving the last good content", async (name, outage) => {
    // Good content first, read by every page.
    mockServer.resetHandlers();
    nowMs += (CACHE_TTL_SECONDS + 1) * 1000;
    for (const path of pages()) expect((await fetch(`${server.url}${path}`)).status, path).toBe(200);

    let queries = 0;
    mockServer.use(...outage(() => queries++));
    nowMs += (CACHE_TTL_SECONDS + 1) * 1000;
    const result = await runAutocannon({
      url: server.url,
      connections: CONNECTIONS,
      duration: DURATION_SECONDS,
      timeout: 10,
      requests: pages().map((path) => ({ method: "GET" as const, path })),
    });
    console.log(describeRun(`campaign pages, Content Lake ${name}, ${CONNECTIONS} connections, ${DURATION_SECONDS} s`, result));
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.non2xx).toBe(0);
    // The outage was real: the app did ask the Content Lake during the run.
    expect(queries).toBeGreaterThan(0);

    const page = await fetch(`${server.url}/en/${campaign.slug}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(campaign.title);
  });
});
