/** The calendar date campaigns' start and end dates are compared with (UTC, `YYYY-MM-DD`). */
export function todayIsoDate(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
