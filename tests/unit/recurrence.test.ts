/** Recurring schedules: 5-field cron read on a zone's wall clock (app/broadcasts/recurrence.ts, croner). */
import { describe, expect, it } from "vitest";
import { cronRuleProblem, nextOccurrence, occurrenceLocalTime, RecurrenceError, validateRecurrence } from "~/broadcasts/recurrence";

const next = (cron: string, timeZone: string, after: string) => nextOccurrence({ cron, timeZone }, new Date(after))?.toISOString() ?? null;

describe("nextOccurrence", () => {
  it.each([
    // Every Monday 10:00 in Bishkek (UTC+6); 2026-11-30 is a Monday.
    ["0 10 * * 1", "Asia/Bishkek", "2026-11-28T00:00:00Z", "2026-11-30T04:00:00.000Z"],
    ["0 10 * * MON", "Asia/Bishkek", "2026-11-30T04:00:00Z", "2026-12-07T04:00:00.000Z"], // strictly after
    ["0 10 * * 1", "Asia/Bishkek", "2026-11-30T03:59:59Z", "2026-11-30T04:00:00.000Z"],
    // Kabul's half-hour offset.
    ["30 9 * * *", "Asia/Kabul", "2026-12-01T05:00:00Z", "2026-12-02T05:00:00.000Z"],
    // Weekdays at 09:00 and 17:00 in Baghdad: Friday 13:00 → Friday 17:00, then Monday 09:00.
    ["0 9,17 * * 1-5", "Asia/Baghdad", "2026-12-04T10:00:00Z", "2026-12-04T14:00:00.000Z"],
    ["0 9,17 * * 1-5", "Asia/Baghdad", "2026-12-04T14:00:00Z", "2026-12-07T06:00:00.000Z"],
    // Every 15 minutes.
    ["*/15 * * * *", "Asia/Tashkent", "2026-12-01T05:07:00Z", "2026-12-01T05:15:00.000Z"],
    // First of the month at 10:00 in Karachi, across a year end.
    ["0 10 1 * *", "Asia/Karachi", "2026-12-01T05:00:00Z", "2027-01-01T05:00:00.000Z"],
    // Day-of-month OR day-of-week when both are restricted (Vixie cron): the 15th, or any Sunday.
    ["0 12 15 * 0", "Asia/Dushanbe", "2026-12-01T00:00:00Z", "2026-12-06T07:00:00.000Z"],
    // 29 February: the next leap year.
    ["0 10 29 2 *", "Asia/Almaty", "2026-12-01T00:00:00Z", "2028-02-29T05:00:00.000Z"],
    // Kazakhstan's offset changed on 1 March 2024: the rule follows the wall clock.
    ["0 10 * * *", "Asia/Almaty", "2024-02-29T12:00:00Z", "2024-03-01T05:00:00.000Z"],
    ["0 10 * * *", "Asia/Almaty", "2024-02-28T12:00:00Z", "2024-02-29T04:00:00.000Z"],
  ])("%s in %s after %s → %s", (cron, zone, after, expected) => {
    expect(next(cron, zone, after)).toBe(expected);
  });

  it("follows daylight saving time: a skipped local time fires right after the jump, a repeated one fires once", () => {
    // Berlin springs forward at 02:00 → 03:00 on 2026-03-29; 02:30 does not exist that day.
    expect(next("30 2 * * *", "Europe/Berlin", "2026-03-28T12:00:00Z")).toBe("2026-03-29T01:00:00.000Z");
    // 02:30 happens twice on 2026-10-25 (summer time, then winter time): it fires once, then the next day.
    const first = next("30 2 * * *", "Europe/Berlin", "2026-10-24T12:00:00Z");
    expect(first).toBe("2026-10-25T00:30:00.000Z");
    expect(next("30 2 * * *", "Europe/Berlin", first!)).toBe("2026-10-26T01:30:00.000Z");
    // A list of fixed times is a fixed time too.
    expect(next("30 2,14 * * *", "Europe/Berlin", "2026-03-28T20:00:00Z")).toBe("2026-03-29T01:00:00.000Z");
  });

  it("returns null for a rule that never fires", () => {
    expect(next("0 10 30 2 *", "Asia/Kabul", "2026-01-01T00:00:00Z")).toBeNull();
  });
});

describe("rules and validation", () => {
  it.each([
    // Lists, ranges, steps and names; both day fields restricted: the 1st, 11th, 21st, 31st or a Friday–Sunday.
    ["0,30 8-10 */10 JAN-MAR 5-7", "2026-12-31T00:00:00Z", "2027-01-01T02:00:00.000Z"],
    ["0,30 8-10 */10 JAN-MAR 5-7", "2027-01-01T02:00:00Z", "2027-01-01T02:30:00.000Z"],
    // 7 is Sunday; 2026-12-06 is a Sunday.
    ["0 10 * * 7", "2026-12-01T00:00:00Z", "2026-12-06T04:00:00.000Z"],
  ])("%s after %s → %s (Bishkek)", (cron, after, expected) => {
    expect(next(cron, "Asia/Bishkek", after)).toBe(expected);
  });

  it.each([
    ["0 10 * *", /five, six, or seven/],
    ["0 0 10 * * *", /exactly 5 parts/],
    ["60 10 * * *", /minute/],
    ["0 24 * * *", /hour/],
    ["0 10 0 * *", /day-of-month/],
    ["0 10 * 13 *", /month/],
    ["0 10 * * 8", /day-of-week/],
    ["0 10-8 * * *", /larger than/],
    ["*/0 * * * *", /stepping/],
    ["0 10 * * FUN", /illegal characters/],
  ])("rejects %s", (cron, message) => {
    expect(() => validateRecurrence({ cron, timeZone: "Asia/Bishkek" })).toThrow(RecurrenceError);
    expect(cronRuleProblem(cron)).toMatch(message);
  });

  it("rejects an unknown zone", () => {
    expect(() => validateRecurrence({ cron: "0 10 * * *", timeZone: "Asia/Nowhere" })).toThrow(RecurrenceError);
  });
});

describe("occurrenceLocalTime", () => {
  it("gives the occurrence's wall clock in the rule's zone, for a per-recipient `at` schedule", () => {
    const rule = { cron: "0 10 * * 1", timeZone: "Asia/Bishkek" };
    const occurrence = nextOccurrence(rule, new Date("2026-11-28T00:00:00Z"))!;
    expect(occurrenceLocalTime(rule, occurrence)).toBe("2026-11-30 10:00:00");
  });
});
