/**
 * A local wall-clock date and time without a zone, "YYYY-MM-DDTHH:MM". Broadcasts are scheduled
 * in recipients' own time: 10:00 means 10:00 in Bishkek for people in Bishkek and 10:00 in Kabul
 * for people in Kabul, so the value must not carry an offset (Sanity's `datetime` would store
 * an instant in UTC). `app/broadcasts/zoned-time.ts` reads the same form.
 */
export const LOCAL_DATE_TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)$/;

export const LOCAL_DATE_TIME_MESSAGE = "Use YYYY-MM-DDTHH:MM with a real date, e.g. 2026-03-01T10:00";

/** True for "YYYY-MM-DDTHH:MM" naming a real calendar date (not 2026-02-30). */
export function isLocalDateTime(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const match = LOCAL_DATE_TIME_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1, 4).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
