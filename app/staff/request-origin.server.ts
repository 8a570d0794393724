/**
 * Is this form post from our own pages? The CSRF token is the real guard (requireStaffForm); this
 * is the second one, from what the browser says about where the post comes from.
 *
 * The site sends `Referrer-Policy: no-referrer`, and under it Chromium sends `Origin: null` even
 * on a same-origin form post (the Origin header follows the referrer policy for POSTs). Refusing
 * `null` would break our own forms; accepting it blindly would accept sandboxed frames and
 * `data:` pages too, which also send `null`. Fetch Metadata settles it: a browser that sends
 * `Sec-Fetch-Site` says `same-origin` only for a request its own origin made, whatever the
 * referrer policy. So:
 *   - `Sec-Fetch-Site` present: it must be `same-origin` (`same-site`, `cross-site` and `none`,
 *     a typed address, are refused for a post);
 *   - `Origin` present and not `null`: it must be this site (PUBLIC_BASE_URL's origin, or the
 *     request's own);
 *   - `Origin: null` is accepted only with `Sec-Fetch-Site: same-origin`;
 *   - neither header (curl, scripts, old browsers): the CSRF token alone decides.
 */
import type { Env } from "~/env.server";

export type OriginCheck = { ok: true } | { ok: false; reason: string };

export function checkRequestOrigin(request: Request, env: Pick<Env, "PUBLIC_BASE_URL">): OriginCheck {
  const fetchSite = request.headers.get("Sec-Fetch-Site");
  const origin = request.headers.get("Origin");
  if (fetchSite !== null && fetchSite !== "same-origin")
    return { ok: false, reason: `the browser says this post came from ${fetchSite === "none" ? "no page" : "another site"}` };
  if (origin === null) return { ok: true };
  if (origin === "null") {
    return fetchSite === "same-origin"
      ? { ok: true }
      : { ok: false, reason: "the post's origin is hidden and the browser does not vouch for it" };
  }
  const allowed = new Set([new URL(env.PUBLIC_BASE_URL).origin, new URL(request.url).origin]);
  return allowed.has(origin) ? { ok: true } : { ok: false, reason: "the post came from another site" };
}
