/**
 * Campaign pages under load: autocannon with 200 concurrent connections for 30 s (CI: 50 for 5 s)
 * against the real app on loopback (the page cache on, as `npm start` serves), cycling through
 * landing and inner pages in several locales, right-to-left ones included. No errors, no timeouts,
 * nothing but 200s; the requests per second and p50/p99 latency are printed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../setup/test-server";
import { IN_CI, describeRun, loadSize, runAutocannon } from "./load-kit";

const CONNECTIONS = loadSize(200, 50);
const DURATION_SECONDS = loadSize(30, 5);

/** Pages a campaign's readers open: landings and inner pages, in scripts of every direction. */
const CAMPAIGN_PAGES = [
  "/ky/know-before-you-go",
  "/ru/know-before-you-go/before-you-go",
  "/fa-AF/safe-journeys",
  "/ar/safe-journeys/smuggling-risks",
  "/en/know-before-you-go/get-help",
  "/uz/safe-journeys/protect-children",
  "/ky/hotlines",
  "/en",
];

describe("campaign pages under load", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it(`${CONNECTIONS} connections for ${DURATION_SECONDS} s: no errors`, async () => {
    // Every page once before the clock starts: the first render of each is not what load measures.
    for (const path of CAMPAIGN_PAGES) expect((await fetch(`${server.url}${path}`)).status).toBe(200);
    const result = await runAutocannon({
      url: server.url,
      connections: CONNECTIONS,
      duration: DURATION_SECONDS,
      timeout: 10,
      requests: CAMPAIGN_PAGES.map((path) => ({ method: "GET" as const, path, headers: { "accept-encoding": "gzip" } })),
    });
    console.log(describeRun(`campaign pages${IN_CI ? " (CI size)" : ""}, ${CONNECTIONS} connections, ${DURATION_SECONDS} s`, result));
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.non2xx).toBe(0);
    expect(result.requests.total).toBeGreaterThan(0);
  });
});
