/**
 * Rollups equal a direct count over the raw events, for random events written in random batches
 * with refreshes in between (fast-check), on both databases; the fresh read (rollups + tail above
 * the watermark) equals the direct count at every step; a second refresh changes nothing; the
 * purge keeps what is not yet rolled up.
 */
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purgeReachEvents } from "~/analytics/purge-reach-events.server";
import { readReachDaily, readReachDailyVisitors } from "~/analytics/reach-counts.server";
import { reachEventRecord, type ReachEventInput } from "~/analytics/reach-event-record";
import { refreshReachRollups } from "~/analytics/reach-rollup.server";
import { insertReachEvents } from "~/analytics/record-reach-events.server";
import { runSql } from "~/db/run-sql.server";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";

const T0 = Date.UTC(2026, 2, 30, 20, 0, 0);
const HOUR = 3_600_000;

const eventArbitrary = fc.record({
  hourOffset: fc.integer({ min: 0, max: 40 }),
  minute: fc.integer({ min: 0, max: 59 }),
  event: fc.constantFrom("page_view", "hotline_tap", "subscribed", "message_failed"),
  campaign: fc.constantFrom("", "safe-work", "know-your-rights"),
  country: fc.constantFrom("", "KG", "RU", "TR"),
  region: fc.constantFrom("", "KG-GB", "KG-C"),
  locale: fc.constantFrom("", "ru", "ky"),
  detail: fc.constantFrom("", "tel", "whatsapp"),
  visitor: fc.integer({ min: 0, max: 5 }),
});

type Generated = typeof eventArbitrary extends fc.Arbitrary<infer T> ? T : never;

function toInput(generated: Generated): ReachEventInput {
  const isPageView = generated.event === "page_view";
  return {
    occurredAt: new Date(T0 + generated.hourOffset * HOUR + generated.minute * 60_000),
    event: generated.event as ReachEventInput["event"],
    channel: generated.event === "subscribed" || generated.event === "message_failed" ? "sms" : "web",
    campaign: generated.campaign,
    country: generated.country,
    region: generated.region,
    locale: generated.locale,
    detail: generated.detail,
    visitorHash: isPageView ? String(generated.visitor).repeat(64) : null,
  };
}

const RANGE = { from: "2026-03-30", to: "2026-04-02" };

describe.each(DATABASE_KINDS)("reach rollups on %s", (kind) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await testDb?.close();
  });

  const reset = () =>
    runSql(
      testDb.db,
      sql`truncate reach_events, reach_hourly, reach_daily, reach_daily_visitors, reach_visitors_seen, reach_cursors restart identity`,
    );

  async function directDaily(): Promise<string[]> {
    const { rows } = await runSql<{ key: string }>(
      testDb.db,
      sql`
      select concat_ws('|', (occurred_at at time zone 'UTC')::date::text, campaign, country, region, locale, channel, event, detail, count(*)::text) as key
      from reach_events group by (occurred_at at time zone 'UTC')::date, campaign, country, region, locale, channel, event, detail order by 1`,
    );
    return rows.map((row) => row.key);
  }
  async function directHourly(): Promise<string[]> {
    const { rows } = await runSql<{ key: string }>(
      testDb.db,
      sql`
      select concat_ws('|', to_char(hour at time zone 'UTC', 'YYYY-MM-DD HH24'), campaign, country, region, locale, channel, event, detail, count(*)::text) as key
      from (select date_trunc('hour', occurred_at, 'UTC') as hour, * from reach_events) events
      group by hour, campaign, country, region, locale, channel, event, detail order by 1`,
    );
    return rows.map((row) => row.key);
  }
  async function rolledHourly(): Promise<string[]> {
    const { rows } = await runSql<{ key: string }>(
      testDb.db,
      sql`
      select concat_ws('|', to_char(hour at time zone 'UTC', 'YYYY-MM-DD HH24'), campaign, country, region, locale, channel, event, detail, count::text) as key
      from reach_hourly order by 1`,
    );
    return rows.map((row) => row.key);
  }
  async function directVisitors(): Promise<string[]> {
    const { rows } = await runSql<{ key: string }>(
      testDb.db,
      sql`
      select concat_ws('|', (occurred_at at time zone 'UTC')::date::text, campaign, country, region, locale, count(distinct visitor_hash)::text) as key
      from reach_events where event = 'page_view' group by (occurred_at at time zone 'UTC')::date, campaign, country, region, locale order by 1`,
    );
    return rows.map((row) => row.key);
  }
  const dailyKeys = async () =>
    (await readReachDaily(testDb.db, RANGE))
      .map((r) => [r.day, r.campaign, r.country, r.region, r.locale, r.channel, r.event, r.detail, String(r.count)].join("|"))
      .sort();
  const visitorKeys = async () =>
    (await readReachDailyVisitors(testDb.db, RANGE))
      .map((r) => [r.day, r.campaign, r.country, r.region, r.locale, String(r.visitors)].join("|"))
      .sort();
  const sorted = (keys: string[]) => [...keys].sort();

  /**
   * Refreshes until every event is rolled up. On a shared PostgreSQL server another database's
   * open transaction holds the cluster's oldest in-flight xid back for a moment, and the refresh
   * rightly waits for it (reach-order.server.ts); readers count the tail meanwhile.
   */
  async function refreshAll(chunk?: number): Promise<number> {
    let rolled = 0;
    const deadline = Date.now() + 20_000;
    for (;;) {
      rolled += (await refreshReachRollups(testDb.db, { chunk })).eventsRolledUp;
      const { rows } = await runSql<{ left: number }>(
        testDb.db,
        sql`
        select count(*)::int as left from reach_events
        where (tx, id) > (select last_tx, last_event_id from reach_cursors where name = 'rollup')`,
      );
      if (Number(rows[0]!.left) === 0 || Date.now() > deadline) return rolled;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it("rollups (and the fresh read) equal a direct count over the raw events", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ events: fc.array(eventArbitrary, { maxLength: 30 }), refresh: fc.boolean(), chunk: fc.integer({ min: 1, max: 50 }) }),
          {
            minLength: 1,
            maxLength: 5,
          },
        ),
        async (steps) => {
          await reset();
          for (const step of steps) {
            await insertReachEvents(
              testDb.db,
              step.events.map((e) => reachEventRecord(toInput(e))),
            );
            // Sometimes all the way, sometimes one chunk (whatever the server's in-flight transactions allow).
            if (step.refresh) await refreshReachRollups(testDb.db, { chunk: step.chunk });
            // Fresh at every step, rolled up or not.
            expect(await dailyKeys()).toEqual(sorted(await directDaily()));
            expect(await visitorKeys()).toEqual(sorted(await directVisitors()));
          }
          await refreshAll();
          expect(sorted(await rolledHourly())).toEqual(sorted(await directHourly()));
          const again = await refreshReachRollups(testDb.db);
          expect(again.eventsRolledUp).toBe(0);
          expect(await dailyKeys()).toEqual(sorted(await directDaily()));
          expect(await visitorKeys()).toEqual(sorted(await directVisitors()));
        },
      ),
      { numRuns: 20 },
    );
  });

  it("purges raw events after the retention, only once rolled up, and keeps the rollups", async () => {
    await reset();
    const old = reachEventRecord({ occurredAt: new Date(T0), event: "page_view", channel: "web", visitorHash: "a".repeat(64) });
    await insertReachEvents(testDb.db, [old, old]);
    const later = new Date(T0 + 91 * 24 * HOUR);
    // Not rolled up yet: nothing goes.
    expect((await purgeReachEvents(testDb.db, { retentionDays: 90, now: later })).reachEventsDeleted).toBe(0);
    await refreshAll();
    expect((await purgeReachEvents(testDb.db, { retentionDays: 90, now: later })).reachEventsDeleted).toBe(2);
    const daily = await readReachDaily(testDb.db, RANGE);
    expect(daily.map((row) => row.count)).toEqual([2]);
    expect((await readReachDailyVisitors(testDb.db, RANGE)).map((row) => row.visitors)).toEqual([1]);
  });
});
