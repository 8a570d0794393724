/**
 * IANA time zone names (`Asia/Bishkek`). Hours and regions carry a zone rather than an offset
 * because offsets change (Kazakhstan moved to UTC+5 in March 2024) and the runtime's tzdata
 * follows them.
 */

// Area/Location names, plus single names such as `UTC`. Rejects bare offsets (`+05:00`), which
// newer engines accept as a timeZone but which are not zones and do not follow law changes.
const ZONE_NAME_SHAPE = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

export const IANA_TIMEZONE_MESSAGE = "Use an IANA time zone name, e.g. Asia/Bishkek";

export function isIanaTimezone(value: unknown): value is string {
  if (typeof value !== "string" || !ZONE_NAME_SHAPE.test(value)) return false;
  try {
    // Throws a RangeError for a zone the runtime's tzdata does not know.
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
