/**
 * What `/staff/reach` and `/staff/reach.csv` load: the filters from the query string, the
 * protected dashboard (one query, app/analytics/reach-query.server.ts), and for the page the
 * names it shows (regions from the content in the staff language, countries from CLDR) and the
 * projected map. Both routes call `loadReachDashboard`, so the CSV is the page's figures.
 */
import type { AppLoadContext } from "@remix-run/node";
import { buildReachDashboard, type ReachDashboard } from "~/analytics/reach-dashboard";
import { parseReachFilters, type ReachUiLanguage } from "~/analytics/reach-filters";
import { reachMapShapes, MAP_ATTRIBUTION, type MapShapes } from "~/analytics/reach-map.server";
import { loadReachFigures } from "~/analytics/reach-query.server";
import { todayIsoDate } from "~/http/today";
import { orFallback } from "~/http/route-errors";
import { reachLanguage } from "./reach-strings";

export interface ReachDashboardLoad {
  dashboard: ReachDashboard;
  lang: ReachUiLanguage;
  /** Why filters were reset to the defaults (malformed parameters), or null. */
  problems: string[] | null;
}

/** Filters (defaults where malformed, with the reasons), then the protected figures. */
export async function loadReachDashboard(request: Request, context: AppLoadContext): Promise<ReachDashboardLoad> {
  const url = new URL(request.url);
  const today = context.now();
  let parsed = parseReachFilters(url.searchParams, today);
  let problems: string[] | null = null;
  if (!parsed.ok) {
    problems = parsed.problems;
    parsed = parseReachFilters(new URLSearchParams(parsed.lang ? { lang: parsed.lang } : {}), today);
    if (!parsed.ok) throw new Error("the default reach filters do not parse");
  }
  const lang = reachLanguage(parsed.lang, request.headers.get("Accept-Language"));
  const dashboard = buildReachDashboard(await loadReachFigures(context.db, parsed.filters, today), parsed.filters);
  return { dashboard, lang, problems };
}

export interface ReachPageData extends ReachDashboardLoad {
  campaignChoices: string[];
  regionNames: Record<string, string>;
  countryNames: Record<string, string>;
  map: MapShapes;
  attribution: typeof MAP_ATTRIBUTION;
}

/** The page's data: the dashboard plus names, the campaign choices and the map. */
export async function loadReachPage(request: Request, context: AppLoadContext): Promise<ReachPageData> {
  const load = await loadReachDashboard(request, context);
  const { dashboard, lang } = load;
  const [live, regions] = await Promise.all([
    // Without content the page still shows every figure, by code.
    orFallback(context.content.liveCampaigns(lang, todayIsoDate(context.now())), []),
    orFallback(context.content.regions(lang), []),
  ]);
  // Choices: campaigns with figures here, live campaigns, and the one chosen (no extra scan of the rollups).
  const campaignChoices = [
    ...new Set([
      ...dashboard.campaigns.rows.map((row) => row.id).filter((id) => id !== ""),
      ...live.map((campaign) => campaign.slug),
      ...(dashboard.filters.campaign ? [dashboard.filters.campaign] : []),
    ]),
  ].sort();
  const map = reachMapShapes();
  const regionNames: Record<string, string> = {};
  for (const shape of map.regions) regionNames[shape.code] = shape.name;
  for (const region of regions) regionNames[region.code] = region.name;
  const countryNames: Record<string, string> = {};
  const displayNames = new Intl.DisplayNames([lang], { type: "region" });
  for (const row of dashboard.countries.rows) if (row.id) countryNames[row.id] = displayNames.of(row.id) ?? row.id;
  return { ...load, campaignChoices, regionNames, countryNames, map, attribution: MAP_ATTRIBUTION };
}
