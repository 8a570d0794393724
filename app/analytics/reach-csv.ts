/**
 * The reach dashboard as CSV: one line per published figure (table, row, column, value), from the
 * same protected model the page renders, so it holds exactly what the page shows: "<5" for small
 * counts, "hidden" for the figures hidden beside them. Rows and columns are codes (campaign slug,
 * week's Monday, ISO country or region code, event name; "" for unknown, "total" for totals).
 */
import { dashboardCells, type ReachDashboard } from "./reach-dashboard";
import { publishedText } from "./small-numbers";

/** The word a hidden figure is exported as. */
export const CSV_HIDDEN = "hidden";

function field(value: string): string {
  // Quote everything, and keep a spreadsheet from reading a leading =, +, - or @ as a formula.
  const safe = /^[=+\-@]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function reachCsv(dashboard: ReachDashboard): string {
  const { filters } = dashboard;
  const lines = [["table", "row", "column", "value"].map(field).join(",")];
  for (const cell of dashboardCells(dashboard)) {
    lines.push([cell.table, cell.row, cell.column, publishedText(cell.count, CSV_HIDDEN)].map(field).join(","));
  }
  // The filters the figures are for, as the last lines, so a file read later says what it shows.
  const filterLines: Array<[string, string]> = [
    ["from", filters.from],
    ["to", filters.to],
    ["campaign", filters.campaign ?? "all"],
    ["locale", filters.locale ?? "all"],
    ["channel", filters.channel ?? "all"],
  ];
  for (const [name, value] of filterLines) lines.push(["filter", name, "", value].map(field).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
