/**
 * The PostHog sink against an msw fake of its batch endpoint, on both databases: the batch holds
 * the reach events, anonymous (no person profile, no IP, GeoIP off, no visitor hash); when
 * PostHog answers 500 for a while and then recovers, every event arrives exactly once.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deliverToPostHog, POSTHOG_CURSOR } from "~/analytics/posthog-sink.server";
import { reachEventRecord, type ReachEventInput } from "~/analytics/reach-event-record";
import { insertReachEvents } from "~/analytics/record-reach-events.server";
import { runSql } from "~/db/run-sql.server";
import { FAKE_POSTHOG_HOST, posthogFake } from "../mocks/posthog";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";

const CONFIG = { apiKey: "phc_test_project_key", host: FAKE_POSTHOG_HOST };
const AT = new Date("2026-03-30T10:00:00Z");

function events(count: number, offset = 0): ReturnType<typeof reachEventRecord>[] {
  return Array.from({ length: count }, (_, index) => {
    const n = index + offset;
    const input: ReachEventInput =
      n % 2 === 0
        ? {
            occurredAt: AT,
            event: "page_view",
            channel: "web",
            campaign: "safe-work",
            locale: "ru",
            country: "RU",
            page: "campaign",
            visitorHash: "f".repeat(64),
          }
        : {
            occurredAt: AT,
            event: "hotline_tap",
            channel: "web",
            locale: "ky",
            country: "KG",
            region: "KG-GB",
            detail: "tel",
            hotlineId: "hotline-kg-national-tip",
          };
    return reachEventRecord(input);
  });
}

describe.each(DATABASE_KINDS)("PostHog sink on %s", (kind) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await testDb?.close();
  });
  /**
   * Waits until every event's writing transaction is older than the oldest one in flight on the
   * server: on a shared PostgreSQL another database's open transaction holds delivery back for a
   * moment, rightly (app/analytics/reach-order.server.ts).
   */
  async function eventsFinal(): Promise<void> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { rows } = await runSql<{ pending: number }>(
        testDb.db,
        sql`
        select count(*)::int as pending from reach_events where tx >= (pg_snapshot_xmin(pg_current_snapshot())::text)::bigint`,
      );
      if (Number(rows[0]!.pending) === 0 || Date.now() > deadline) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  beforeEach(async () => {
    posthogFake.reset();
    await runSql(testDb.db, sql`truncate reach_events, reach_cursors restart identity`);
  });

  it("sends the events in a batch PostHog receives, anonymous", async () => {
    await insertReachEvents(testDb.db, events(4));
    await eventsFinal();
    const summary = await deliverToPostHog(testDb.db, CONFIG);
    expect(summary).toMatchObject({ delivered: 4, batches: 1, failedBatches: 0, cursor: { id: 4 } });
    expect(posthogFake.batches).toHaveLength(1);
    const [batch] = posthogFake.batches;
    expect(batch!.api_key).toBe(CONFIG.apiKey);
    expect(batch!.batch.map((event) => event.event)).toEqual(["page_view", "hotline_tap", "page_view", "hotline_tap"]);
    for (const event of batch!.batch) {
      expect(event.properties).toMatchObject({ $process_person_profile: false, $ip: null, $geoip_disable: true });
      expect(event.uuid).toMatch(/^[0-9a-f-]{36}$/);
      expect(event.distinct_id).toBe(event.uuid);
      expect(JSON.stringify(event)).not.toMatch(/f{64}|visitor/);
    }
    expect(batch!.batch[1]!.properties).toMatchObject({
      country: "KG",
      region: "KG-GB",
      detail: "tel",
      hotline_id: "hotline-kg-national-tip",
      channel: "web",
    });
    expect(batch!.headers["x-forwarded-for"]).toBeUndefined();
    // Nothing new: nothing sent.
    expect((await deliverToPostHog(testDb.db, CONFIG)).batches).toBe(0);
    expect(posthogFake.attempts).toBe(1);
  });

  it("keeps what PostHog refused while it answers 500, then delivers every event exactly once", async () => {
    await insertReachEvents(testDb.db, events(25));
    posthogFake.failNext(4, 500);
    const runs = [];
    for (let run = 0; run < 4; run += 1) {
      await eventsFinal();
      runs.push(await deliverToPostHog(testDb.db, CONFIG, { batchSize: 10 }));
      // More events keep coming while PostHog is down.
      await insertReachEvents(testDb.db, events(3, run));
    }
    expect(runs.every((run) => run.delivered === 0 && run.failedBatches === 1)).toBe(true);
    expect(posthogFake.events).toHaveLength(0);
    // Recovered.
    await eventsFinal();
    let summary = await deliverToPostHog(testDb.db, CONFIG, { batchSize: 10 });
    while (summary.batches > 0) summary = await deliverToPostHog(testDb.db, CONFIG, { batchSize: 10 });
    const { rows } = await runSql<{ uuid: string }>(testDb.db, sql`select uuid::text as uuid from reach_events order by id`);
    const received = posthogFake.events.map((event) => event.uuid);
    expect(received).toHaveLength(37);
    expect(new Set(received).size).toBe(37);
    expect(received).toEqual(rows.map((row) => row.uuid));
    const { rows: cursor } = await runSql<{ id: string }>(
      testDb.db,
      sql`
      select last_event_id::text as id from reach_cursors where name = ${POSTHOG_CURSOR}`,
    );
    expect(Number(cursor[0]!.id)).toBe(37);
  });
});
