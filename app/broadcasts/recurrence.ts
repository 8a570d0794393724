/**
 * Recurring broadcast schedules: a standard 5-field cron expression read on the wall clock of an
 * IANA zone ("0 10 * * 1" in Asia/Bishkek = every Monday at 10:00 Bishkek time).
 *
 * Cron rather than a home-made "weekly on Monday 10:00" form: it covers daily, weekly, monthly and
 * "weekdays only" with one well-documented syntax, and the Studio offers presets that write it.
 * Parsing and the search for the next occurrence are croner's (a kept library, also run by the
 * Studio through `cronRuleProblem`, so the Studio never accepts a rule the jobs refuse).
 *
 * Semantics (croner in 5-part mode): `*`, lists, ranges, steps, names (JAN–DEC, SUN–SAT), 0 and 7
 * are Sunday; when both day-of-month and day-of-week are restricted, a day matching EITHER counts
 * (Vixie cron). A rule whose minute and hour have no wildcard or step is a fixed time: on a day
 * when a clock change skips it, it fires at the first valid time after the jump, and when a
 * change repeats it, it fires once. Pure: no I/O.
 */
import { Cron } from "croner";
import { formatWallClock, isTimeZone, wallClockOf } from "./zoned-time";

/** A recurring schedule: cron expression (minute hour day-of-month month day-of-week) and zone. */
export interface RecurrenceRule {
  cron: string;
  timeZone: string;
}

/** A rule that cannot be read; `message` says what is wrong with it. */
export class RecurrenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RecurrenceError";
  }
}

/** croner's field names, as a person writing the rule calls them. */
const FIELD_NAMES: ReadonlyArray<[RegExp, string]> = [
  [/\bdayOfWeek\b/g, "day-of-week"],
  [/\bday\b(?=:)/g, "day-of-month"],
];

function cronOf(rule: RecurrenceRule): Cron {
  try {
    return new Cron(rule.cron.trim(), {
      timezone: rule.timeZone,
      mode: "5-part",
      paused: true,
      // Lists and ranges of fixed times ("0 9,17 * * 1-5") are fixed times too, as in Vixie cron.
      fixedTimeRule: "no-wildcard",
    });
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^CronPattern: /, "") : String(error);
    throw new RecurrenceError(`cron "${rule.cron}": ${FIELD_NAMES.reduce((text, [name, ours]) => text.replace(name, ours), message)}`);
  }
}

/**
 * What is wrong with a cron expression, or null when the jobs can read it. Shared with the
 * Studio's validation (studio/schemaTypes/lib/cron.ts).
 */
export function cronRuleProblem(expression: string): string | null {
  try {
    cronOf({ cron: expression, timeZone: "Etc/UTC" });
    return null;
  } catch (error) {
    if (error instanceof RecurrenceError) return error.message;
    throw error;
  }
}

/** Throws `RecurrenceError` unless the expression parses and the zone is known. */
export function validateRecurrence(rule: RecurrenceRule): void {
  if (!isTimeZone(rule.timeZone)) throw new RecurrenceError(`unknown time zone "${rule.timeZone}"`);
  cronOf(rule);
}

/**
 * The first occurrence strictly after `after`, or null when the rule never fires again
 * (e.g. "0 10 30 2 *"). Throws `RecurrenceError` for a bad rule.
 */
export function nextOccurrence(rule: RecurrenceRule, after: Date): Date | null {
  validateRecurrence(rule);
  return cronOf(rule).nextRun(after);
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
