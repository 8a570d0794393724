/**
 * The reach dashboard's query on both databases, over rollup rows seeded directly: filters cut
 * whole weeks, campaigns, locales and channels; atoms under 5 (week × campaign × place × locale ×
 * channel × event) count nowhere; every breakdown adds up. And, adversarially: for random rollups,
 * changing the small atoms (1..4 each) changes nothing the dashboard publishes under any filter,
 * so no difference between filtered views can reveal one.
 */
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildReachDashboard } from "~/analytics/reach-dashboard";
import { reachCsv } from "~/analytics/reach-csv";
import { parseReachFilters, type ReachFilters } from "~/analytics/reach-filters";
import { loadReachFigures } from "~/analytics/reach-query.server";
import { sql } from "drizzle-orm";
import { buildReachWeeks } from "~/analytics/reach-weekly.server";
import { runSql } from "~/db/run-sql.server";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";
import { clearReach, seedReachDaily, type DailyRow } from "./reach-kit";

const TODAY = new Date("2026-12-05T12:00:00Z"); // a Saturday; its week starts Monday 2026-11-30

function filtersFor(query: Record<string, string>): ReachFilters {
  const parsed = parseReachFilters(new URLSearchParams(query), TODAY);
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  return parsed.filters;
}

const byKey = (a: object, b: object) => JSON.stringify(a).localeCompare(JSON.stringify(b));

function figure(rows: Awaited<ReturnType<typeof loadReachFigures>>["rows"], match: Partial<(typeof rows)[number]>): number | undefined {
  return rows.find((row) => Object.entries(match).every(([name, value]) => row[name as keyof typeof row] === value))?.count;
}

describe.each(DATABASE_KINDS)("reach dashboard query on %s", (kind) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await testDb?.close();
  });
  beforeEach(async () => {
    await clearReach(testDb.db);
  });

  it("sums whole weeks by every breakdown, with the filters applied and small atoms left out", async () => {
    const base = { campaign: "know-before-you-go", country: "KG", region: "KG-GB", locale: "ky", channel: "web" };
    await seedReachDaily(testDb.db, [
      // Week of 2026-11-30: two days of the same atom add up to 12.
      { ...base, day: "2026-11-30", event: "page_view", count: 7 },
      { ...base, day: "2026-12-02", event: "page_view", count: 5 },
      // Details are summed into their event.
      { ...base, day: "2026-12-01", event: "hotline_tap", detail: "tel", count: 3 },
      { ...base, day: "2026-12-01", event: "hotline_tap", detail: "whatsapp", count: 4 },
      // A small atom (another locale): left out of every figure.
      { ...base, locale: "ru", day: "2026-12-01", event: "page_view", count: 4 },
      // Previous week, another region and campaign, by SMS.
      { ...base, campaign: "safe-journeys", region: "KG-C", channel: "sms", day: "2026-11-24", event: "message_delivered", count: 9 },
      // Outside the default four weeks.
      { ...base, day: "2026-10-01", event: "page_view", count: 100 },
      // Not a dashboard event.
      { ...base, day: "2026-12-01", event: "quick_exit", count: 50 },
    ]);
    const filters = filtersFor({});
    expect(filters).toMatchObject({ from: "2026-11-09", to: "2026-12-06" });
    const { rows } = await loadReachFigures(testDb.db, filters, TODAY);
    expect(figure(rows, { breakdown: "total", event: "page_view" })).toBe(12);
    expect(figure(rows, { breakdown: "total", event: "hotline_tap" })).toBe(7);
    expect(figure(rows, { breakdown: "total", event: "message_delivered" })).toBe(9);
    expect(figure(rows, { breakdown: "campaign", campaign: "safe-journeys", event: "message_delivered" })).toBe(9);
    expect(figure(rows, { breakdown: "weekCampaign", week: "2026-11-30", campaign: "know-before-you-go", event: "page_view" })).toBe(12);
    expect(figure(rows, { breakdown: "week", week: "2026-11-23", event: "message_delivered" })).toBe(9);
    expect(figure(rows, { breakdown: "country", country: "KG", event: "page_view" })).toBe(12);
    expect(figure(rows, { breakdown: "region", country: "KG", region: "KG-C", event: "message_delivered" })).toBe(9);
    expect(rows.some((row) => (row.event as string) === "quick_exit")).toBe(false);

    // Filters: a locale with only a small atom has nothing; a channel keeps its own events.
    expect((await loadReachFigures(testDb.db, filtersFor({ locale: "ru" }), TODAY)).rows).toEqual([]);
    const sms = (await loadReachFigures(testDb.db, filtersFor({ channel: "sms" }), TODAY)).rows;
    expect(figure(sms, { breakdown: "total", event: "message_delivered" })).toBe(9);
    expect(figure(sms, { breakdown: "total", event: "page_view" })).toBeUndefined();
    const campaign = (await loadReachFigures(testDb.db, filtersFor({ campaign: "know-before-you-go" }), TODAY)).rows;
    expect(figure(campaign, { breakdown: "total", event: "message_delivered" })).toBeUndefined();
    // A range cut mid-week is widened to the whole week, both ends.
    const october = filtersFor({ from: "2026-10-01", to: "2026-10-01" });
    expect(october).toMatchObject({ from: "2026-09-28", to: "2026-10-04", weeks: ["2026-09-28"] });
    expect(figure((await loadReachFigures(testDb.db, october, TODAY)).rows, { breakdown: "total", event: "page_view" })).toBe(100);
  });

  it("reads settled weeks from the weekly atoms, built once, with the same figures as the daily rows", async () => {
    const row = { campaign: "c", country: "KG", region: "KG-GB", locale: "ky", channel: "web", event: "page_view" };
    await seedReachDaily(testDb.db, [
      { ...row, day: "2026-11-16", count: 6 },
      { ...row, day: "2026-11-22", count: 3 },
      { ...row, day: "2026-11-23", count: 20 },
      { ...row, day: "2026-12-04", count: 8 },
    ]);
    const filters = filtersFor({ from: "2026-11-16", to: "2026-12-06" });
    // On 2026-12-05 the weeks of 11-16 and 11-23 are settled, the week of 11-30 is read live.
    const mixed = await loadReachFigures(testDb.db, filters, TODAY);
    const built = await runSql<{ week: string; count: number }>(
      testDb.db,
      sql`select week::text as week, count::int as count from reach_weekly order by week`,
    );
    expect(built.rows).toEqual([
      { week: "2026-11-16", count: 9 },
      { week: "2026-11-23", count: 20 },
    ]);
    expect(figure(mixed.rows, { breakdown: "total", event: "page_view" })).toBe(37);
    // Read entirely from daily rows (nothing settled yet), the figures are the same.
    await clearReach(testDb.db);
    await seedReachDaily(testDb.db, [
      { ...row, day: "2026-11-16", count: 6 },
      { ...row, day: "2026-11-22", count: 3 },
      { ...row, day: "2026-11-23", count: 20 },
      { ...row, day: "2026-12-04", count: 8 },
    ]);
    expect((await loadReachFigures(testDb.db, filters, new Date("2026-11-20T00:00:00Z"))).rows.sort(byKey)).toEqual(mixed.rows.sort(byKey));
    // A settled week is not rebuilt on every request; buildReachWeeks brings in late rows.
    await loadReachFigures(testDb.db, filters, TODAY);
    await seedReachDaily(testDb.db, [{ ...row, day: "2026-11-24", count: 100 }]);
    expect(figure((await loadReachFigures(testDb.db, filters, TODAY)).rows, { breakdown: "total", event: "page_view" })).toBe(37);
    await buildReachWeeks(testDb.db, ["2026-11-23"], TODAY);
    expect(figure((await loadReachFigures(testDb.db, filters, TODAY)).rows, { breakdown: "total", event: "page_view" })).toBe(137);
  });

  const LOCALES = ["ky", "ru", "uz"] as const;
  const CHANNELS = ["web", "sms"] as const;
  const CAMPAIGNS = ["a", "b"] as const;
  const REGIONS = [
    ["KG", "KG-GB"],
    ["KG", "KG-C"],
    ["UZ", "UZ-TK"],
    ["RU", ""],
  ] as const;
  const DAYS = ["2026-11-23", "2026-11-26", "2026-11-30", "2026-12-03"];
  const EVENTS = ["page_view", "hotline_tap", "message_delivered"] as const;
  const atom = fc.record({
    day: fc.constantFrom(...DAYS),
    campaign: fc.constantFrom(...CAMPAIGNS),
    place: fc.constantFrom(...REGIONS),
    locale: fc.constantFrom(...LOCALES),
    channel: fc.constantFrom(...CHANNELS),
    event: fc.constantFrom(...EVENTS),
    count: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 40 })),
  });

  it("publishes nothing that depends on a small atom, under any filter (random rollups)", async () => {
    const views: Array<Record<string, string>> = [
      {},
      ...LOCALES.map((locale) => ({ locale })),
      ...CHANNELS.map((channel) => ({ channel })),
      ...CAMPAIGNS.map((campaign) => ({ campaign })),
      { locale: "ky", channel: "web" },
      { from: "2026-11-30" },
      { to: "2026-11-29" },
    ];
    const publish = async () =>
      Promise.all(
        views.map(async (view) => {
          const filters = filtersFor(view);
          return reachCsv(buildReachDashboard(await loadReachFigures(testDb.db, filters, TODAY), filters));
        }),
      );
    await fc.assert(
      fc.asyncProperty(fc.array(atom, { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 1000 }), async (atoms, seed) => {
        // One row per atom key (weeks: a day's atom is its own, as no two seeded days share a week and key here).
        const byKey = new Map<string, DailyRow>();
        for (const a of atoms) {
          const row = {
            day: a.day,
            campaign: a.campaign,
            country: a.place[0],
            region: a.place[1],
            locale: a.locale,
            channel: a.channel,
            event: a.event,
            count: a.count,
          };
          byKey.set(JSON.stringify({ ...row, count: 0, day: a.day < "2026-11-30" ? "w1" : "w2" }), row);
        }
        const rows = [...byKey.values()];
        await clearReach(testDb.db);
        await seedReachDaily(testDb.db, rows);
        const before = await publish();
        // The attacker's unknowns: every small atom moved to another value under 5.
        await clearReach(testDb.db);
        await seedReachDaily(
          testDb.db,
          rows.map((row, index) => (row.count < 5 ? { ...row, count: 1 + ((row.count + seed + index) % 4) } : row)),
        );
        expect(await publish()).toEqual(before);
      }),
      { numRuns: kind === "postgres" ? 8 : 12 },
    );
  });
});
