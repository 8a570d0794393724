/**
 * Faults during load: PostHog (faked by msw at the network edge) answers 500 to every batch while
 * autocannon keeps the campaign pages busy and the delivery job runs as it would, every half
 * second. Pages are unaffected (nothing but 200s); every page view answered 200 is one reach
 * event in the database (none dropped while the sink fails); and once PostHog is back, every event reaches it exactly once: nothing
 * lost, nothing doubled. On both databases.
 */
import { count, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverToPostHog } from "~/analytics/posthog-sink.server";
import { reachEvents } from "~/db/schema";
import { runSql } from "~/db/run-sql.server";
import { FAKE_POSTHOG_HOST, posthogFake } from "../mocks/posthog";
import { DATABASE_KINDS } from "../setup/test-database";
import { startTestServer, type TestServer } from "../setup/test-server";
import { describeRun, loadSize, runAutocannon } from "./load-kit";

const CONNECTIONS = loadSize(100, 25);
const DURATION_SECONDS = loadSize(15, 4);
const POSTHOG = { apiKey: "phc_load_test_key", host: FAKE_POSTHOG_HOST, disableCompression: true };
/** A browser's user agent: the counting leaves bots out, and autocannon would be one. */
const BROWSER = "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36";
const PAGES = ["/ky/know-before-you-go", "/ru/know-before-you-go/before-you-go", "/ar/safe-journeys", "/fa-AF/hotlines"];

describe.each(DATABASE_KINDS)("page views under load while PostHog is down (%s)", (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ databaseKind: kind, reach: true });
  });
  afterAll(() => server?.close());

  /** Delivers until PostHog has every event (each event's transaction must be final first: reach-order.server.ts). */
  async function deliverAll(expected: number): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (new Set(posthogFake.events.map((event) => event.uuid)).size < expected && Date.now() < deadline) {
      const summary = await deliverToPostHog(server.db, POSTHOG, { batchSize: 500 });
      if (summary.delivered === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it("pages keep answering, every view is counted, and PostHog gets each event once when it is back", async () => {
    posthogFake.reset();
    // Far more failures than the run can ask for (each delivery attempt takes one).
    posthogFake.failNext(10_000, 500);

    let running = true;
    let failedBatches = 0;
    const deliveries = (async () => {
      while (running) {
        failedBatches += (await deliverToPostHog(server.db, POSTHOG, { batchSize: 500 })).failedBatches;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    })();
    const result = await runAutocannon({
      url: server.url,
      connections: CONNECTIONS,
      duration: DURATION_SECONDS,
      timeout: 10,
      headers: { "user-agent": BROWSER },
      requests: PAGES.map((path) => ({ method: "GET" as const, path })),
    });
    running = false;
    await deliveries;
    console.log(describeRun(`page views, PostHog down (${kind}), ${CONNECTIONS} connections, ${DURATION_SECONDS} s`, result));
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.non2xx).toBe(0);
    expect(failedBatches).toBeGreaterThan(0);
    expect(posthogFake.events).toEqual([]);

    // Every page answered 200 is one event. autocannon stops counting at the end of the run with
    // one request in flight per connection, which the server still answers (and counts).
    await server.reach!.flush();
    const [stored] = await server.db.select({ n: count() }).from(reachEvents);
    expect(stored!.n).toBeGreaterThanOrEqual(result["2xx"]);
    expect(stored!.n).toBeLessThanOrEqual(result["2xx"] + CONNECTIONS);

    // PostHog is back: everything arrives, once.
    posthogFake.reset();
    await deliverAll(stored!.n);
    const delivered = posthogFake.events.map((event) => event.uuid);
    const { rows } = await runSql<{ uuid: string }>(server.db, sql`select uuid::text as uuid from reach_events`);
    expect(delivered).toHaveLength(rows.length);
    expect(new Set(delivered)).toEqual(new Set(rows.map((row) => row.uuid)));
  });
});
