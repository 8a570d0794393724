/**
 * The reach dashboard's filters from GET parameters (zod): defaults from the injected clock, ranges
 * widened to whole ISO weeks, "" meaning all, and malformed values refused with a reason.
 */
import { describe, expect, it } from "vitest";
import { MAX_WEEKS, parseReachFilters, reachFilterQuery, weekStart } from "~/analytics/reach-filters";

const TODAY = new Date("2026-12-05T23:59:00Z"); // Saturday
const parse = (query: string) => parseReachFilters(new URLSearchParams(query), TODAY);

describe("reach filters", () => {
  it("defaults to the four weeks up to this one, all campaigns, locales and channels", () => {
    const parsed = parse("");
    expect(parsed).toEqual({
      ok: true,
      lang: undefined,
      filters: { from: "2026-11-09", to: "2026-12-06", weeks: ["2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30"] },
    });
  });

  it.each([
    ["2026-11-30", "2026-11-30"],
    ["2026-12-06", "2026-11-30"],
    ["2026-12-07", "2026-12-07"],
    ["2024-02-29", "2024-02-26"],
  ])("week of %s starts %s", (day, monday) => {
    expect(weekStart(day)).toBe(monday);
  });

  it("reads every filter, treats empty values as all, and round-trips through the query string", () => {
    const parsed = parse("from=2026-10-15&to=2026-11-02&campaign=know-before-you-go&locale=fa-AF&channel=sms&lang=ru");
    expect(parsed.ok && parsed.filters).toMatchObject({
      from: "2026-10-12",
      to: "2026-11-08",
      campaign: "know-before-you-go",
      locale: "fa-AF",
      channel: "sms",
    });
    expect(parsed.lang).toBe("ru");
    if (!parsed.ok) throw new Error("expected filters");
    expect(parse(reachFilterQuery(parsed.filters, "ru"))).toEqual(parsed);
    expect(parse("campaign=&locale=&channel=").ok && parse("campaign=&locale=&channel=")).toMatchObject({
      filters: { from: "2026-11-09" },
    });
  });

  it.each([
    ["from=2026-02-30", "from"],
    ["to=yesterday", "to"],
    ["campaign=../etc", "campaign"],
    ["locale=xx", "locale"],
    ["channel=fax", "channel"],
    ["lang=de", "lang"],
    ["from=2026-12-01&to=2026-11-01", "from"],
    [`from=2020-01-01&to=2026-12-01`, "to"],
  ])("refuses %s (%s)", (query, field) => {
    const parsed = parse(query);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.join(" ")).toContain(`${field}:`);
  });

  it(`allows at most ${MAX_WEEKS} weeks`, () => {
    expect(parse("from=2025-01-01&to=2026-12-01").ok).toBe(true);
  });
});
