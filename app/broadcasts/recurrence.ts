/**
 * Recurring broadcast schedules: a standard 5-field cron expression read on the wall clock of an
 * IANA zone ("0 10 * * 1" in Asia/Bishkek = every Monday at 10:00 Bishkek time).
 *
 * Why cron rather than a home-made "weekly on Monday 10:00" form: the issue asks for a cron-like
 * rule, cron covers daily, weekly, monthly and "weekdays only" with one well-documented syntax,
 * the Studio can offer presets that write it, and operators already know it from the jobs.
 *
 * Semantics follow Vixie cron: `*`, lists, ranges, steps, names (JAN–DEC, SUN–SAT), 0 and 7 are
 * Sunday; when both day-of-month and day-of-week are restricted, a day matching EITHER counts.
 * Local times skipped or repeated by a clock change follow zoned-time.ts (PostgreSQL's rules), so
 * an occurrence is never lost and never doubled. Pure: no I/O.
 */
import { formatWallClock, instantOfWallClock, wallClockFromMs, wallClockMs, wallClockOf, isTimeZone } from "./zoned-time";

/** A recurring schedule: cron expression (minute hour day-of-month month day-of-week) and zone. */
export interface RecurrenceRule {
  cron: string;
  timeZone: string;
}

/** A rule that cannot be read; `message` names the field and the value. */
export class RecurrenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RecurrenceError";
  }
}

interface CronField {
  values: number[];
  /** False for a field starting with `*` (every value, or a step over all): Vixie cron's day rule needs it. */
  restricted: boolean;
}

export interface CronSchedule {
  minutes: CronField;
  hours: CronField;
  daysOfMonth: CronField;
  months: CronField;
  daysOfWeek: CronField;
}

const MONTH_NAMES = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const DAY_MS = 86_400_000;
/** Long enough for "29 February" to recur (2096 → 2104 skips a leap year). */
const SEARCH_DAYS = 8 * 366 + 1;

function parseField(text: string, name: string, min: number, max: number, names: readonly string[] = [], nameBase = min): CronField {
  const value = (token: string): number => {
    const named = names.indexOf(token.toUpperCase());
    const number = named >= 0 ? named + nameBase : /^\d+$/.test(token) ? Number(token) : Number.NaN;
    if (!(number >= min && number <= max)) throw new RecurrenceError(`cron ${name} "${text}": ${token} is not in ${min}–${max}`);
    return number;
  };
  const values = new Set<number>();
  for (const item of text.split(",")) {
    const [range, stepText, extra] = item.split("/");
    if (extra !== undefined || range === undefined || range === "") throw new RecurrenceError(`cron ${name} "${text}" is malformed`);
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new RecurrenceError(`cron ${name} "${text}": bad step "${stepText}"`);
    let from: number;
    let to: number;
    if (range === "*") [from, to] = [min, max];
    else if (range.includes("-")) {
      const [a, b, more] = range.split("-");
      if (more !== undefined || !a || !b) throw new RecurrenceError(`cron ${name} "${text}" is malformed`);
      [from, to] = [value(a), value(b)];
      if (from > to) throw new RecurrenceError(`cron ${name} "${text}": range ${range} runs backwards`);
    } else [from, to] = [value(range), stepText === undefined ? value(range) : max];
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return { values: [...values].sort((a, b) => a - b), restricted: !text.startsWith("*") };
}

/** Parses a 5-field cron expression; throws `RecurrenceError` naming the bad field. */
export function parseCron(expression: string): CronSchedule {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    throw new RecurrenceError(`cron "${expression}" must have 5 fields (minute hour day-of-month month day-of-week)`);
  }
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields as [string, string, string, string, string];
  const daysOfWeek = parseField(dayOfWeek, "day-of-week", 0, 7, DAY_NAMES, 0);
  return {
    minutes: parseField(minute, "minute", 0, 59),
    hours: parseField(hour, "hour", 0, 23),
    daysOfMonth: parseField(dayOfMonth, "day-of-month", 1, 31),
    months: parseField(month, "month", 1, 12, MONTH_NAMES, 1),
    // 7 is another name for Sunday.
    daysOfWeek: { ...daysOfWeek, values: [...new Set(daysOfWeek.values.map((d) => d % 7))].sort((a, b) => a - b) },
  };
}

/** Throws `RecurrenceError` unless the expression parses and the zone is known. */
export function validateRecurrence(rule: RecurrenceRule): void {
  parseCron(rule.cron);
  if (!isTimeZone(rule.timeZone)) throw new RecurrenceError(`unknown time zone "${rule.timeZone}"`);
}

function dayMatches(schedule: CronSchedule, dayMs: number): boolean {
  const date = new Date(dayMs);
  if (!schedule.months.values.includes(date.getUTCMonth() + 1)) return false;
  const byMonthDay = schedule.daysOfMonth.values.includes(date.getUTCDate());
  const byWeekDay = schedule.daysOfWeek.values.includes(date.getUTCDay());
  if (schedule.daysOfMonth.restricted && schedule.daysOfWeek.restricted) return byMonthDay || byWeekDay;
  return byMonthDay && byWeekDay;
}

/** The earliest occurrence on the local day starting at `dayMs` (wall-clock ms) that is after `afterMs`. */
function earliestOnDay(schedule: CronSchedule, timeZone: string, dayMs: number, afterMs: number): number | null {
  let earliest: number | null = null;
  for (const hour of schedule.hours.values) {
    for (const minute of schedule.minutes.values) {
      const wall = dayMs + hour * 3_600_000 + minute * 60_000;
      const instant = instantOfWallClock(wallClockFromMs(wall), timeZone).getTime();
      // Times skipped by a forward jump move later, so wall-clock order is not instant order:
      // keep the minimum rather than the first match.
      if (instant > afterMs && (earliest === null || instant < earliest)) earliest = instant;
    }
  }
  return earliest;
}

/**
 * The first occurrence strictly after `after`, or null when the rule never fires again within
 * eight years (e.g. "0 10 30 2 *"). Throws `RecurrenceError` for a bad rule.
 */
export function nextOccurrence(rule: RecurrenceRule, after: Date): Date | null {
  validateRecurrence(rule);
  const schedule = parseCron(rule.cron);
  const afterMs = after.getTime();
  const local = wallClockOf(after, rule.timeZone);
  // Start a day early: a local time of yesterday can still lie ahead once a clock change is applied.
  const firstDay = wallClockMs({ ...local, hour: 0, minute: 0, second: 0 }) - DAY_MS;
  for (let day = 0; day < SEARCH_DAYS; day++) {
    const dayMs = firstDay + day * DAY_MS;
    if (!dayMatches(schedule, dayMs)) continue;
    const found = earliestOnDay(schedule, rule.timeZone, dayMs, afterMs);
    if (found === null) continue;
    // A jump at midnight could put the next day's first time before this day's last one.
    const nextDay = dayMatches(schedule, dayMs + DAY_MS) ? earliestOnDay(schedule, rule.timeZone, dayMs + DAY_MS, afterMs) : null;
    return new Date(nextDay === null ? found : Math.min(found, nextDay));
  }
  return null;
}

/**
 * An occurrence's wall-clock time in the rule's zone, "YYYY-MM-DD HH:MM:SS": the `localTime` of
 * that run's `{ kind: "at" }` schedule (send-window.ts), so every recipient gets it at that local
 * time in their own zone. A planner should plan a run ahead of the occurrence (the earliest zone,
 * Bishkek at UTC+6, reaches 10:00 hours before Baghdad does).
 */
export function occurrenceLocalTime(rule: RecurrenceRule, occurrence: Date): string {
  return formatWallClock(wallClockOf(occurrence, rule.timeZone));
}
