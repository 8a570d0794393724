/**
 * The send window per recipient zone (app/broadcasts/send-window.ts) and the zone arithmetic under
 * it (zoned-time.ts). Expected UTC instants are written out by hand from each zone's offset, so a
 * wrong offset or a UTC-instead-of-local mistake fails.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { COUNTRIES } from "~/i18n/locales";
import {
  DEFAULT_SEND_WINDOW,
  DEFAULT_TIME_ZONE_BY_COUNTRY,
  DESTINATION_TIME_ZONES,
  isInsideWindow,
  recipientDueAt,
  SendWindowError,
  type BroadcastSchedule,
} from "~/broadcasts/send-window";
import { instantOfWallClock, isTimeZone, parseLocalDateTime, utcOffsetMs, wallClockOf } from "~/broadcasts/zoned-time";

/** The seven countries' capitals (and Almaty, Kazakhstan's largest city) with their UTC offsets. */
const CITIES = [
  { city: "Bishkek", zone: "Asia/Bishkek", tenLocalUtc: "2026-12-01T04:00:00.000Z" },
  { city: "Dushanbe", zone: "Asia/Dushanbe", tenLocalUtc: "2026-12-01T05:00:00.000Z" },
  { city: "Kabul", zone: "Asia/Kabul", tenLocalUtc: "2026-12-01T05:30:00.000Z" },
  { city: "Tashkent", zone: "Asia/Tashkent", tenLocalUtc: "2026-12-01T05:00:00.000Z" },
  { city: "Almaty", zone: "Asia/Almaty", tenLocalUtc: "2026-12-01T05:00:00.000Z" },
  { city: "Karachi", zone: "Asia/Karachi", tenLocalUtc: "2026-12-01T05:00:00.000Z" },
  { city: "Baghdad", zone: "Asia/Baghdad", tenLocalUtc: "2026-12-01T07:00:00.000Z" },
] as const;

const at = (localTime: string): BroadcastSchedule => ({ kind: "at", localTime });
const localClock = (instant: Date, zone: string) => {
  const wall = wallClockOf(instant, zone);
  return `${wall.year}-${String(wall.month).padStart(2, "0")}-${String(wall.day).padStart(2, "0")} ${String(wall.hour).padStart(2, "0")}:${String(wall.minute).padStart(2, "0")}`;
};

describe("a broadcast scheduled at 10:00, with a fake clock", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-11-30T12:00:00Z"));
  });
  afterEach(() => vi.useRealTimers());

  it.each(CITIES)("reaches $city at 10:00 local time, not at 10:00 UTC", ({ zone, tenLocalUtc }) => {
    const due = recipientDueAt({ schedule: at("2026-12-01 10:00"), timeZone: zone, now: new Date() });
    expect(due.toISOString()).toBe(tenLocalUtc);
    expect(localClock(due, zone)).toBe("2026-12-01 10:00");
    expect(due.toISOString()).not.toBe("2026-12-01T10:00:00.000Z");
  });

  it("lands at the window start where 10:00 falls before a later window", () => {
    const window = { start: "11:00", end: "18:00" };
    for (const { zone } of CITIES) {
      const due = recipientDueAt({ schedule: at("2026-12-01 10:00"), timeZone: zone, window, now: new Date() });
      expect(localClock(due, zone)).toBe("2026-12-01 11:00");
    }
  });

  it("once 10:00 has passed somewhere but not elsewhere, the late zones still get 10:00 and the early ones now", () => {
    vi.setSystemTime(new Date("2026-12-01T06:00:00Z")); // Bishkek 12:00, Kabul 10:30, Baghdad 09:00
    const now = new Date();
    const schedule = at("2026-12-01 10:00");
    expect(recipientDueAt({ schedule, timeZone: "Asia/Bishkek", now })).toEqual(now);
    expect(recipientDueAt({ schedule, timeZone: "Asia/Kabul", now })).toEqual(now);
    expect(recipientDueAt({ schedule, timeZone: "Asia/Baghdad", now }).toISOString()).toBe("2026-12-01T07:00:00.000Z");
  });
});

describe("recipientDueAt", () => {
  const now = new Date("2026-11-30T12:00:00Z");

  it.each([
    ["before the window: the window start that day", "2026-12-01 07:15", "2026-12-01 09:00"],
    ["at the window start", "2026-12-01 09:00", "2026-12-01 09:00"],
    ["inside the window", "2026-12-01 19:59", "2026-12-01 19:59"],
    ["at the window end (excluded): next day's start", "2026-12-01 20:00", "2026-12-02 09:00"],
    ["after the window: next day's start", "2026-12-01 23:30", "2026-12-02 09:00"],
    ["just after midnight: that morning's start", "2026-12-02 00:10", "2026-12-02 09:00"],
  ])("%s", (_, scheduled, expectedLocal) => {
    for (const { zone } of CITIES) {
      expect(localClock(recipientDueAt({ schedule: at(scheduled), timeZone: zone, now }), zone)).toBe(expectedLocal);
    }
  });

  it("is never in the past: a passed time outside the window waits for the next window start", () => {
    const late = new Date("2026-12-01T16:00:00Z"); // Bishkek 22:00, Baghdad 19:00
    const schedule = at("2026-12-01 10:00");
    expect(localClock(recipientDueAt({ schedule, timeZone: "Asia/Bishkek", now: late }), "Asia/Bishkek")).toBe("2026-12-02 09:00");
    expect(recipientDueAt({ schedule, timeZone: "Asia/Baghdad", now: late })).toEqual(late);
  });

  it("sends 'as soon as approved' now inside the window, else at the next window start", () => {
    const afternoon = new Date("2026-12-01T08:00:00Z"); // Kabul 12:30
    expect(recipientDueAt({ schedule: { kind: "asap" }, timeZone: "Asia/Kabul", now: afternoon })).toEqual(afternoon);
    const night = new Date("2026-12-01T20:00:00Z"); // Kabul 00:30
    const due = recipientDueAt({ schedule: { kind: "asap" }, timeZone: "Asia/Kabul", now: night });
    expect(due.toISOString()).toBe("2026-12-02T04:30:00.000Z");
  });

  it("uses the zone's offset on the day: Kazakhstan moved from UTC+6 to UTC+5 on 1 March 2024", () => {
    const before = recipientDueAt({ schedule: at("2024-02-01 10:00"), timeZone: "Asia/Almaty", now: new Date("2024-01-01T00:00:00Z") });
    const after = recipientDueAt({ schedule: at("2024-04-01 10:00"), timeZone: "Asia/Almaty", now: new Date("2024-01-01T00:00:00Z") });
    expect(before.toISOString()).toBe("2024-02-01T04:00:00.000Z");
    expect(after.toISOString()).toBe("2024-04-01T05:00:00.000Z");
  });

  it("follows daylight saving time where a zone has it", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    expect(recipientDueAt({ schedule: at("2026-01-15 10:00"), timeZone: "Europe/Berlin", now }).toISOString()).toBe(
      "2026-01-15T09:00:00.000Z",
    );
    expect(recipientDueAt({ schedule: at("2026-07-15 10:00"), timeZone: "Europe/Berlin", now }).toISOString()).toBe(
      "2026-07-15T08:00:00.000Z",
    );
  });

  it("rejects a malformed window or schedule", () => {
    const now = new Date();
    expect(() =>
      recipientDueAt({ schedule: at("2026-12-01 10:00"), timeZone: "Asia/Kabul", window: { start: "20:00", end: "09:00" }, now }),
    ).toThrow(SendWindowError);
    expect(() =>
      recipientDueAt({ schedule: at("2026-12-01 10:00"), timeZone: "Asia/Kabul", window: { start: "9:00", end: "20:00" }, now }),
    ).toThrow(SendWindowError);
    expect(() => recipientDueAt({ schedule: at("2026-02-30 10:00"), timeZone: "Asia/Kabul", now })).toThrow(SendWindowError);
    expect(() => recipientDueAt({ schedule: at("tomorrow"), timeZone: "Asia/Kabul", now })).toThrow(SendWindowError);
  });
});

describe("isInsideWindow", () => {
  it.each([
    ["2026-12-01T03:59:59Z", "Asia/Bishkek", true], // 09:59:59 (inside, though 03:59 UTC is not)
    ["2026-12-01T02:59:59Z", "Asia/Bishkek", false], // 08:59:59
    ["2026-12-01T03:00:00Z", "Asia/Bishkek", true], // 09:00
    ["2026-12-01T13:59:59Z", "Asia/Bishkek", true], // 19:59:59
    ["2026-12-01T14:00:00Z", "Asia/Bishkek", false], // 20:00
    ["2026-12-01T04:29:00Z", "Asia/Kabul", false], // 08:59
    ["2026-12-01T04:30:00Z", "Asia/Kabul", true], // 09:00
    ["2026-12-01T16:59:00Z", "Asia/Baghdad", true], // 19:59
    ["2026-12-01T17:00:00Z", "Asia/Baghdad", false], // 20:00
  ])("%s in %s → %s", (instant, zone, expected) => {
    expect(isInsideWindow(new Date(instant), zone, DEFAULT_SEND_WINDOW)).toBe(expected);
  });
});

describe("zoned time", () => {
  it("reads half-hour offsets and unknown zones", () => {
    expect(utcOffsetMs(new Date("2026-12-01T00:00:00Z"), "Asia/Kabul")).toBe(4.5 * 3_600_000);
    expect(() => wallClockOf(new Date(), "Asia/Nowhere")).toThrow(RangeError);
  });

  it("maps a time skipped by a forward jump like PostgreSQL (offset before the jump)", () => {
    const gap = instantOfWallClock(parseLocalDateTime("2026-03-29 02:30")!, "Europe/Berlin");
    expect(gap.toISOString()).toBe("2026-03-29T01:30:00.000Z");
  });

  it("maps a repeated time like PostgreSQL (the later instant)", () => {
    expect(instantOfWallClock(parseLocalDateTime("2026-10-25 02:30")!, "Europe/Berlin").toISOString()).toBe("2026-10-25T01:30:00.000Z");
    expect(instantOfWallClock(parseLocalDateTime("2024-02-29 23:30")!, "Asia/Almaty").toISOString()).toBe("2024-02-29T18:30:00.000Z");
  });

  it("parses local date-times strictly", () => {
    expect(parseLocalDateTime("2026-12-01T10:00")).toEqual({ year: 2026, month: 12, day: 1, hour: 10, minute: 0, second: 0 });
    expect(parseLocalDateTime("2026-12-01 24:00")).toBeNull();
    expect(parseLocalDateTime("2026-13-01 10:00")).toBeNull();
  });
});

describe("DEFAULT_TIME_ZONE_BY_COUNTRY", () => {
  it("names a zone Node knows for each of the seven countries", () => {
    expect(Object.keys(DEFAULT_TIME_ZONE_BY_COUNTRY).sort()).toEqual([...COUNTRIES].sort());
    for (const zone of Object.values(DEFAULT_TIME_ZONE_BY_COUNTRY)) expect(isTimeZone(zone)).toBe(true);
  });
});

describe("DESTINATION_TIME_ZONES", () => {
  it("names a zone Node knows for each destination, the sample settings' included, Kazakhstan's as at home", () => {
    for (const zone of Object.values(DESTINATION_TIME_ZONES)) expect(isTimeZone(zone)).toBe(true);
    for (const country of ["RU", "KZ", "TR", "AE", "SA", "IR", "DE"]) expect(DESTINATION_TIME_ZONES[country], country).toBeDefined();
    expect(DESTINATION_TIME_ZONES.KZ).toBe(DEFAULT_TIME_ZONE_BY_COUNTRY.KZ);
  });
});
