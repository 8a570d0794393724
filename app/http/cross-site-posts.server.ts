/**
 * Refuses a form post whose Origin names another host, with a clear 403 before Remix sees it
 * (Remix's own CSRF guard throws, which would surface as a 500). Same comparison as Remix:
 * the Origin's host against X-Forwarded-Host, else Host. Webhook callers (Twilio, Sanity) send no
 * Origin and are verified by signature instead.
 *
 * `Origin: null`: under the site's `Referrer-Policy: no-referrer` Chromium sends it on our own
 * same-origin form posts, and Remix's guard would turn every such post into a 500. When the
 * browser vouches for the post with `Sec-Fetch-Site: same-origin` (which no page of another
 * origin can make it send), the opaque Origin is dropped and the post goes on as same-origin;
 * without that, `null` (a sandboxed frame, a `data:` page) is refused here like another site.
 * Staff forms check both headers again, and their CSRF token (app/staff/request-origin.server.ts).
 */
import type { RequestHandler } from "express";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function refuse(res: Parameters<RequestHandler>[1]): void {
  res.status(403).type("text/plain").set("Cache-Control", "no-store").send("Cross-site form posts are refused.");
}

export function refuseCrossSitePosts(): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (SAFE_METHODS.has(req.method) || !origin) return next();
    if (origin === "null") {
      if (req.headers["sec-fetch-site"] !== "same-origin") return refuse(res);
      delete req.headers.origin;
      return next();
    }
    const forwarded = req.headers["x-forwarded-host"];
    const host = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim() || req.headers.host;
    let originHost: string | null;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (originHost !== null && originHost === host) return next();
    refuse(res);
  };
}
