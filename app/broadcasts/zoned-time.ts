/**
 * Wall-clock time in an IANA time zone, from Node's own tzdata through `Intl.DateTimeFormat`:
 * no offset is ever hard-coded (Kazakhstan moved to UTC+5 in 2024, Kabul is UTC+4:30).
 *
 * Converting a wall-clock time to an instant follows PostgreSQL's rules exactly, so the
 * TypeScript and SQL forms of the send window (send-window.ts) always agree:
 *   - a time skipped by a forward jump (DST gap) uses the offset in force before the jump
 *     (Berlin 02:30 on the spring-forward day → 01:30 UTC, i.e. 03:30 summer time);
 *   - a time that happens twice (backward jump) is the later of the two instants.
 */

/** A local date and time, without any zone. Months are 1–12. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // h23: midnight is 00, never 24 (some ICU versions print 24 with hour12: false).
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when Node knows the zone (region documents are validated the same way). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in `timeZone` at `instant`. Throws a RangeError for an unknown zone. */
export function wallClockOf(instant: Date, timeZone: string): WallClock {
  const values: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== "literal") values[part.type] = Number(part.value);
  }
  return {
    year: values.year!,
    month: values.month!,
    day: values.day!,
    hour: values.hour!,
    minute: values.minute!,
    second: values.second!,
  };
}

/** The wall clock read as if it were UTC, in milliseconds: a plain number to compare and add to. */
export function wallClockMs(wall: WallClock): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}

/** The inverse of `wallClockMs`. */
export function wallClockFromMs(ms: number): WallClock {
  const date = new Date(ms);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
  };
}

/** The zone's UTC offset at `instant`, in milliseconds (Kabul: +4.5 h). Sub-second parts ignored. */
export function utcOffsetMs(instant: Date, timeZone: string): number {
  const wholeSeconds = Math.floor(instant.getTime() / 1000) * 1000;
  return wallClockMs(wallClockOf(new Date(wholeSeconds), timeZone)) - wholeSeconds;
}

/** The instant at which the wall clock in `timeZone` shows `wall` (PostgreSQL's gap/overlap rules). */
export function instantOfWallClock(wall: WallClock, timeZone: string): Date {
  const target = wallClockMs(wall);
  // Real zones change offset at most once within a day either side, so the offsets a day before
  // and a day after are the only candidates.
  const before = utcOffsetMs(new Date(target - DAY_MS), timeZone);
  const after = utcOffsetMs(new Date(target + DAY_MS), timeZone);
  const valid = [target - before, target - after].filter((candidate) => utcOffsetMs(new Date(candidate), timeZone) === target - candidate);
  if (valid.length === 0) return new Date(target - before);
  return new Date(Math.max(...valid));
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Parses "YYYY-MM-DD HH:MM" (or with a `T`, or seconds). Null when malformed or not a real date
 * (2026-02-30), so callers at a boundary can report it.
 */
export function parseLocalDateTime(text: string): WallClock | null {
  const match = LOCAL_DATE_TIME.exec(text.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = { year, month, day, hour, minute, second };
  if (hour > 23 || minute > 59 || second > 59) return null;
  const roundTrip = wallClockFromMs(wallClockMs(wall));
  return roundTrip.month === month && roundTrip.day === day ? wall : null;
}

/** "YYYY-MM-DD HH:MM:SS", the form PostgreSQL reads as a `timestamp`. */
export function formatWallClock(wall: WallClock): string {
  const pad = (value: number, width = 2) => String(value).padStart(width, "0");
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)} ${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}`;
}
