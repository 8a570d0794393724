/**
 * The reach dashboard's query: counts from the rollups for a set of filters, summed into every
 * breakdown the page shows (per campaign, per week and campaign, per country, per region).
 *
 * Small counts are left out at the source: the rollups are summed into "atoms", one per week ×
 * campaign × country × region × locale × channel × event (the finest cut any filter or breakdown
 * can make), and every atom under 5 is dropped before anything is added up. So every figure,
 * whatever the filters, is a sum of atoms of 5 or more, and no difference between two figures can
 * reveal a small one (docs/decisions/022-small-number-suppression.md).
 *
 * Every breakdown is computed per week (GROUPING SETS, week in each set) and the weeks are added
 * up here: breakdowns of a settled week never change (app/analytics/reach-weekly.server.ts), so they
 * are kept in memory per filter set and week, keyed by the week's build, and a request
 * reads from the database only the weeks it has not seen, plus the live days.
 *
 * Where the counts come from is one function, `reachAtoms`: settled weeks from the weekly atoms,
 * newer days from the daily rollups; the hour not yet rolled up can be added there (one more
 * UNION ALL over the capture's newest events) without touching the rest.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { SMALL_COUNT_THRESHOLD } from "./small-numbers";
import { ensureSettledWeeks } from "./reach-weekly.server";
import { REACH_METRICS, type ReachFigureRow, type ReachFigures, type ReachMetric } from "./reach-metrics";
import type { ReachFilters } from "./reach-filters";

/**
 * The atoms for the filters in the given weeks: (week, campaign, country, region, locale, channel,
 * event, count) with count of 5 or more. Settled weeks come from reach_weekly, whose rows are
 * atoms already; live weeks are summed from reach_daily. The one place that knows which tables
 * hold counts; the hour not yet rolled up would join the live part here.
 */
export function reachAtoms(filters: ReachFilters, weeks: readonly string[], kind: "settled" | "live"): SQL {
  const conditions = [
    sql`event in (${sql.join(
      REACH_METRICS.map((metric) => sql`${metric}`),
      sql`, `,
    )})`,
  ];
  if (filters.campaign !== undefined) conditions.push(sql`campaign = ${filters.campaign}`);
  if (filters.locale !== undefined) conditions.push(sql`locale = ${filters.locale}`);
  if (filters.channel !== undefined) conditions.push(sql`channel = ${filters.channel}`);
  const where = sql.join(conditions, sql` and `);
  const first = weeks[0] ?? filters.from;
  const last = weeks[weeks.length - 1] ?? filters.from;
  if (kind === "settled") {
    return sql`select week, campaign, country, region, locale, channel, event, count from reach_weekly
      where week in (${sql.join(
        weeks.map((week) => sql`${week}::date`),
        sql`, `,
      )}) and count >= ${SMALL_COUNT_THRESHOLD} and ${where}`;
  }
  const lastDay = new Date(new Date(`${last}T00:00:00Z`).getTime() + 6 * 86_400_000).toISOString().slice(0, 10);
  return sql`select date_trunc('week', day::timestamp)::date as week, campaign, country, region, locale, channel, event, sum(count) as count
    from reach_daily where day between ${first}::date and ${lastDay}::date and ${where}
    group by 1, 2, 3, 4, 5, 6, 7 having sum(count) >= ${SMALL_COUNT_THRESHOLD}`;
}

// grouping(campaign, country, region): a 1 bit for each column summed away (week is in every set).
const SET_BY_GROUPING: Record<number, "campaign" | "country" | "region" | "all"> = {
  0b011: "campaign",
  0b101: "country",
  0b100: "region",
  0b111: "all",
};

/** One figure of one week: a breakdown's value before the weeks are added up. */
interface WeekFigure {
  set: "campaign" | "country" | "region" | "all";
  campaign: string | null;
  country: string | null;
  region: string | null;
  event: ReachMetric;
  count: number;
}

/** Breakdowns of settled weeks, per filter set, week and build of the week. */
const settledCaches = new WeakMap<Database, Map<string, WeekFigure[]>>();
const CACHE_ENTRIES = 2_000;

function cacheKey(filters: ReachFilters, week: string, version: string): string {
  return JSON.stringify([filters.campaign ?? null, filters.locale ?? null, filters.channel ?? null, week, version]);
}

/** Per-week breakdowns of the atoms in the given weeks (settled ones, or the live range). */
async function weekFigures(db: Database, filters: ReachFilters, atoms: SQL): Promise<Map<string, WeekFigure[]>> {
  const result = await db.transaction(async (tx) => {
    // Enough memory to hash the atoms without spilling to disk; no JIT compilation, which costs
    // more than it saves on a statement this size.
    await runSql(tx, sql`set local work_mem = '64MB'`);
    await runSql(tx, sql`set local jit = off`);
    return runSql<{
      grouping: number | string;
      week: string;
      campaign: string | null;
      country: string | null;
      region: string | null;
      event: string;
      count: number | string;
    }>(
      tx,
      sql`
        with atoms as (${atoms})
        select grouping(campaign, country, region)::int as grouping, week::text as week, campaign, country, region, event,
          sum(count)::float8 as count
        from atoms
        group by grouping sets ((week, campaign, event), (week, country, event), (week, country, region, event), (week, event))`,
    );
  });
  const byWeek = new Map<string, WeekFigure[]>();
  for (const row of result.rows) {
    const set = SET_BY_GROUPING[Number(row.grouping)];
    if (!set) throw new Error(`unexpected grouping ${row.grouping}`);
    const list = byWeek.get(row.week) ?? [];
    list.push({
      set,
      campaign: row.campaign,
      country: row.country,
      region: row.region,
      event: row.event as ReachMetric,
      count: Number(row.count),
    });
    byWeek.set(row.week, list);
  }
  return byWeek;
}

/** Every breakdown of the filtered counts, small atoms left out; `now` decides which weeks are settled. */
export async function loadReachFigures(db: Database, filters: ReachFilters, now: Date): Promise<ReachFigures> {
  const settled = await ensureSettledWeeks(db, filters.weeks, now);
  let settledCache = settledCaches.get(db);
  if (!settledCache) settledCaches.set(db, (settledCache = new Map()));
  const perWeek = new Map<string, WeekFigure[]>();
  const missing = settled.filter(({ week, version }) => {
    const cached = settledCache.get(cacheKey(filters, week, version));
    if (cached) perWeek.set(week, cached);
    return !cached;
  });
  if (missing.length > 0) {
    const fetched = await weekFigures(
      db,
      filters,
      reachAtoms(
        filters,
        missing.map(({ week }) => week),
        "settled",
      ),
    );
    for (const { week, version } of missing) {
      const figures = fetched.get(week) ?? [];
      perWeek.set(week, figures);
      // Oldest entry first out: enough for the filter sets staff switch between.
      if (settledCache.size >= CACHE_ENTRIES) settledCache.delete(settledCache.keys().next().value!);
      settledCache.set(cacheKey(filters, week, version), figures);
    }
  }
  const lastSettled = settled[settled.length - 1]?.week;
  const liveWeeks = filters.weeks.filter((week) => lastSettled === undefined || week > lastSettled);
  if (liveWeeks.length > 0) {
    for (const [week, figures] of await weekFigures(db, filters, reachAtoms(filters, liveWeeks, "live"))) perWeek.set(week, figures);
  }
  return { rows: addUpWeeks(perWeek) };
}

/** The page's breakdowns from per-week figures: weekly ones as they are, the others added up. */
function addUpWeeks(perWeek: ReadonlyMap<string, readonly WeekFigure[]>): ReachFigureRow[] {
  const rows: ReachFigureRow[] = [];
  const sums = new Map<string, ReachFigureRow>();
  const add = (row: ReachFigureRow) => {
    const key = JSON.stringify([row.breakdown, row.campaign, row.country, row.region, row.event]);
    const existing = sums.get(key);
    if (existing) existing.count += row.count;
    else sums.set(key, { ...row });
  };
  for (const [week, figures] of [...perWeek].sort(([a], [b]) => a.localeCompare(b))) {
    for (const figure of figures) {
      const base = { week: null, campaign: null, country: null, region: null, event: figure.event, count: figure.count };
      if (figure.set === "campaign") {
        rows.push({ ...base, breakdown: "weekCampaign", week, campaign: figure.campaign });
        add({ ...base, breakdown: "campaign", campaign: figure.campaign });
      } else if (figure.set === "all") {
        rows.push({ ...base, breakdown: "week", week });
        add({ ...base, breakdown: "total" });
      } else if (figure.set === "country") {
        add({ ...base, breakdown: "country", country: figure.country });
      } else {
        add({ ...base, breakdown: "region", country: figure.country, region: figure.region });
      }
    }
  }
  return [...rows, ...sums.values()];
}
