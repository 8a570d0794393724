/**
 * Cache policy for HTML and static files. Public pages are the same for everyone (no cookies, no
 * personalisation), so shared caches may keep them briefly and serve them stale when the origin is
 * down: a reader on a bad network still gets the hotline numbers.
 */

/** Public pages: fresh for a minute, revalidated in the background, a day of stale-if-error. */
export const PUBLIC_PAGE_CACHE = "public, max-age=60, stale-while-revalidate=600, stale-if-error=86400";
/** Not found: short, so a page published a minute later shows up. */
export const NOT_FOUND_CACHE = "public, max-age=30";
/** Errors, health checks and anything personal. */
export const NO_STORE = "no-store";
/** Fingerprinted build assets: the name changes with the content. */
export const IMMUTABLE_ASSET_CACHE = "public, max-age=31536000, immutable";
/** Unfingerprinted files in public/. */
export const SHORT_ASSET_CACHE = "public, max-age=3600";

/**
 * The Cache-Control of an HTML document. Pages that are not declared public (admin, volunteer)
 * get no-store unless their route chose a policy.
 */
export function documentCacheControl(options: { status: number; isPublicPage: boolean; routeValue: string | null }): string {
  const { status, isPublicPage, routeValue } = options;
  if (status >= 500) return NO_STORE;
  if (!isPublicPage) return routeValue ?? NO_STORE;
  if (status === 404 || status === 410) return NOT_FOUND_CACHE;
  if (status >= 400) return NO_STORE;
  return routeValue ?? PUBLIC_PAGE_CACHE;
}
