/** A 24-hour local time `HH:MM`, as opening hours are stored (same pattern as the app's schema). */
export const CLOCK_TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

export const CLOCK_TIME_MESSAGE = "Use 24-hour HH:MM, e.g. 09:00 or 18:30";

export function isClockTime(value: unknown): value is string {
  return typeof value === "string" && CLOCK_TIME_PATTERN.test(value);
}
