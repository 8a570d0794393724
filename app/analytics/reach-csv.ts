/**
 * The reach dashboard as CSV: one line per published figure (table, row, column, value), from the
 * same protected model the page renders, so it holds exactly what the page shows: "<5" for small
 * counts, "hidden" for the figures hidden beside them. Rows and columns are codes (campaign slug,
 * week's Monday, ISO country or region code, event name; "" for unknown, "total" for totals).
 */
import { dashboardCells, type ReachDashboard } from "./reach-dashboard";
import { csvField } from "~/lib/csv-field";
import { publishedText } from "./small-numbers";

/** The word a hidden figure is exported as. */
export const CSV_HIDDEN = "hidden";

export function reachCsv(dashboard: ReachDashboard): string {
  const { filters } = dashboard;
  const lines = [["table", "row", "column", "value"].map(csvField).join(",")];
  for (const cell of dashboardCells(dashboard)) {
    lines.push([cell.table, cell.row, cell.column, publishedText(cell.count, CSV_HIDDEN)].map(csvField).join(","));
  }
  // The filters the figures are for, as the last lines, so a file read later says what it shows.
  const filterLines: Array<[string, string]> = [
    ["from", filters.from],
    ["to", filters.to],
    ["campaign", filters.campaign ?? "all"],
    ["locale", filters.locale ?? "all"],
    ["channel", filters.channel ?? "all"],
  ];
  for (const [name, value] of filterLines) lines.push(["filter", name, "", value].map(csvField).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
