/**
 * The figures the reach dashboard reads: which events it shows (its columns, in order) and the
 * shape of the query's rows, shared by the query (server) and the dashboard model and view.
 */
import type { ReachEvent } from "./reach-events";

/** The events the dashboard shows, in column order. */
export const REACH_METRICS = Object.freeze([
  "page_view",
  "hotline_tap",
  "subscribed",
  "message_sent",
  "message_delivered",
  "message_failed",
] as const satisfies readonly ReachEvent[]);
export type ReachMetric = (typeof REACH_METRICS)[number];

/** Which breakdown a row of the query belongs to. */
export type ReachBreakdown = "campaign" | "weekCampaign" | "week" | "country" | "region" | "total";

/** One summed figure; the dimensions a breakdown sums away are null. */
export interface ReachFigureRow {
  breakdown: ReachBreakdown;
  week: string | null;
  campaign: string | null;
  country: string | null;
  region: string | null;
  event: ReachMetric;
  count: number;
}

export interface ReachFigures {
  rows: ReachFigureRow[];
}
