/**
 * What the reach dashboard publishes, built from the query's figures: its tables (per campaign,
 * weekly trend per campaign, per country, per region of each country) with every count protected
 * together (app/analytics/small-numbers.ts), and the funnels read from those same protected
 * figures. The page and the CSV both render this one model, so the CSV holds exactly what the
 * page shows. Pure: no database, no clock, no language (labels are the view's job).
 */
import type { PublishedCount } from "./small-numbers";
import { protectLinkedTables, type LinkedTable } from "./small-numbers";
import { REACH_METRICS, type ReachFigures, type ReachMetric } from "./reach-metrics";
import type { ReachFilters } from "./reach-filters";

/** A table's identity: also its name in the CSV. */
export type ReachTableId = "campaigns" | "trend" | "countries" | `regions-${string}`;

export interface PublishedRow {
  /** Campaign slug, week (Monday), country code or region code; "" for unknown. */
  id: string;
  cells: PublishedCount[];
  total?: PublishedCount;
}

export interface PublishedTable {
  id: ReachTableId;
  /** Column ids: metrics, or campaign slugs in the trend table. */
  columns: string[];
  rows: PublishedRow[];
  columnTotals?: PublishedCount[];
  grandTotal?: PublishedCount;
}

export interface FunnelStep {
  metric: ReachMetric;
  count: PublishedCount;
  /** Share of the step it follows, when both are shown. */
  rate: number | null;
}

export interface ReachDashboard {
  filters: ReachFilters;
  campaigns: PublishedTable;
  trend: PublishedTable;
  countries: PublishedTable;
  /** One per country with regional figures, in the countries table's order. */
  regions: PublishedTable[];
  funnels: { site: FunnelStep[]; messages: FunnelStep[] };
}

/** Programme countries, always listed (the map shows them); other countries follow when present. */
export const PROGRAMME_COUNTRIES = ["KG", "KZ", "UZ", "TJ", "AF", "PK", "IQ"] as const;

const key = {
  total: (metric: string) => `total|${metric}`,
  campaign: (campaign: string, metric: string) => `campaign:${campaign}|${metric}`,
  week: (week: string, metric: string) => `week:${week}|${metric}`,
  weekCampaign: (week: string, campaign: string, metric: string) => `week:${week}|campaign:${campaign}|${metric}`,
  country: (country: string, metric: string) => `country:${country}|${metric}`,
  region: (country: string, region: string, metric: string) => `region:${country}:${region}|${metric}`,
};

/** Builds the protected dashboard from the query's figures. */
export function buildReachDashboard(figures: ReachFigures, filters: ReachFilters): ReachDashboard {
  const values = new Map<string, number>();
  const campaignSet = new Set<string>();
  const countrySet = new Set<string>(PROGRAMME_COUNTRIES);
  const regionsByCountry = new Map<string, Set<string>>();
  for (const row of figures.rows) {
    const { event, count } = row;
    switch (row.breakdown) {
      case "total":
        values.set(key.total(event), count);
        break;
      case "campaign":
        campaignSet.add(row.campaign!);
        values.set(key.campaign(row.campaign!, event), count);
        break;
      case "week":
        values.set(key.week(row.week!, event), count);
        break;
      case "weekCampaign":
        values.set(key.weekCampaign(row.week!, row.campaign!, event), count);
        break;
      case "country":
        countrySet.add(row.country!);
        values.set(key.country(row.country!, event), count);
        break;
      case "region": {
        const regions = regionsByCountry.get(row.country!) ?? new Set<string>();
        regions.add(row.region!);
        regionsByCountry.set(row.country!, regions);
        values.set(key.region(row.country!, row.region!, event), count);
        break;
      }
    }
  }
  const ensure = (k: string) => {
    if (!values.has(k)) values.set(k, 0);
    return k;
  };
  const metrics = [...REACH_METRICS];
  const campaigns = [...campaignSet].sort();
  const otherCountries = [...countrySet]
    .filter((c) => !(PROGRAMME_COUNTRIES as readonly string[]).includes(c))
    .sort((a, b) => (a === "" ? 1 : b === "" ? -1 : a.localeCompare(b)));
  const countries = [...PROGRAMME_COUNTRIES, ...otherCountries];

  const totals = metrics.map((m) => ensure(key.total(m)));
  const linked: Array<{ id: ReachTableId; columns: string[]; rowIds: string[]; table: LinkedTable }> = [];
  linked.push({
    id: "campaigns",
    columns: metrics,
    rowIds: campaigns,
    table: { cells: campaigns.map((c) => metrics.map((m) => ensure(key.campaign(c, m)))), columnTotals: totals },
  });
  // Page views per week and campaign: its column totals are the campaigns table's page views.
  linked.push({
    id: "trend",
    columns: campaigns,
    rowIds: filters.weeks,
    table: {
      cells: filters.weeks.map((w) => campaigns.map((c) => ensure(key.weekCampaign(w, c, "page_view")))),
      rowTotals: filters.weeks.map((w) => ensure(key.week(w, "page_view"))),
      columnTotals: campaigns.map((c) => ensure(key.campaign(c, "page_view"))),
      grandTotal: ensure(key.total("page_view")),
    },
  });
  linked.push({
    id: "countries",
    columns: metrics,
    rowIds: countries,
    table: { cells: countries.map((c) => metrics.map((m) => ensure(key.country(c, m)))), columnTotals: totals },
  });
  for (const country of countries) {
    const regions = [...(regionsByCountry.get(country) ?? [])].sort((a, b) => (a === "" ? 1 : b === "" ? -1 : a.localeCompare(b)));
    if (regions.length === 0 || (regions.length === 1 && regions[0] === "")) continue;
    linked.push({
      id: `regions-${country}`,
      columns: metrics,
      rowIds: regions,
      // A country's row in the countries table is the total of its regions.
      table: {
        cells: regions.map((r) => metrics.map((m) => ensure(key.region(country, r, m)))),
        columnTotals: metrics.map((m) => ensure(key.country(country, m))),
      },
    });
  }
  const published = protectLinkedTables(
    linked.map((entry) => entry.table),
    values,
  );
  const of = (k: string) => published.get(k)!;
  const tables = linked.map(({ id, columns, rowIds, table }): PublishedTable => ({
    id,
    columns,
    rows: rowIds.map((rowId, index) => ({
      id: rowId,
      cells: table.cells[index]!.map(of),
      total: table.rowTotals ? of(table.rowTotals[index]!) : undefined,
    })),
    columnTotals: table.columnTotals?.map(of),
    grandTotal: table.grandTotal ? of(table.grandTotal) : undefined,
  }));
  const step = (metric: ReachMetric, after?: ReachMetric): FunnelStep => {
    const count = of(key.total(metric));
    const base = after ? of(key.total(after)) : null;
    const rate = base?.kind === "shown" && count.kind === "shown" && base.value > 0 ? count.value / base.value : null;
    return { metric, count, rate };
  };
  return {
    filters,
    campaigns: tables[0]!,
    trend: tables[1]!,
    countries: tables[2]!,
    regions: tables.slice(3),
    funnels: {
      site: [step("page_view"), step("hotline_tap", "page_view"), step("subscribed", "page_view")],
      messages: [step("message_sent"), step("message_delivered", "message_sent"), step("message_failed", "message_sent")],
    },
  };
}

/** Every published figure of the dashboard as (table, row, column, count), in page order. */
export function dashboardCells(dashboard: ReachDashboard): Array<{ table: string; row: string; column: string; count: PublishedCount }> {
  const cells: Array<{ table: string; row: string; column: string; count: PublishedCount }> = [];
  const TOTAL = "total";
  for (const table of [dashboard.campaigns, dashboard.trend, dashboard.countries, ...dashboard.regions]) {
    for (const row of table.rows) {
      row.cells.forEach((count, index) => cells.push({ table: table.id, row: row.id, column: table.columns[index]!, count }));
      if (row.total) cells.push({ table: table.id, row: row.id, column: TOTAL, count: row.total });
    }
    table.columnTotals?.forEach((count, index) => cells.push({ table: table.id, row: TOTAL, column: table.columns[index]!, count }));
    if (table.grandTotal) cells.push({ table: table.id, row: TOTAL, column: TOTAL, count: table.grandTotal });
  }
  return cells;
}
