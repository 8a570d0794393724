/**
 * A hotline number nobody has checked for half a year may have changed hands; the Studio flags it
 * so staff call it again before a campaign sends people to it.
 */
export const STALE_AFTER_DAYS = 180;

const DAY_MS = 24 * 60 * 60 * 1000;

/** True when `lastVerifiedAt` is missing, unreadable, or older than {@link STALE_AFTER_DAYS}. */
export function isVerificationStale(lastVerifiedAt: unknown, now: Date = new Date()): boolean {
  if (typeof lastVerifiedAt !== "string") return true;
  const verified = Date.parse(lastVerifiedAt);
  if (Number.isNaN(verified)) return true;
  return now.getTime() - verified > STALE_AFTER_DAYS * DAY_MS;
}

/** GROQ filter for the same rule, evaluated by the Content Lake at query time. */
// `dateTime()` of an unreadable value is null, so it is tested for, as the function above does.
export const STALE_HOTLINE_FILTER = `_type == "hotline" && (!defined(dateTime(lastVerifiedAt)) || dateTime(lastVerifiedAt) < dateTime(now()) - 60*60*24*${STALE_AFTER_DAYS})`;

/** Reasons a hotline should not be trusted as it is, for previews and list markers. */
export function hotlineWarnings(hotline: { isSample?: unknown; lastVerifiedAt?: unknown }, now: Date = new Date()): string[] {
  const warnings: string[] = [];
  if (hotline.isSample === true) warnings.push("Sample number");
  if (isVerificationStale(hotline.lastVerifiedAt, now)) warnings.push(`Not verified for ${STALE_AFTER_DAYS} days`);
  return warnings;
}
