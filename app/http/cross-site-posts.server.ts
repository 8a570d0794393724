/**
 * Refuses a form post whose Origin names another host, with a clear 403 before Remix sees it
 * (Remix's own CSRF guard throws, which would surface as a 500). Same comparison as Remix:
 * the Origin's host against X-Forwarded-Host, else Host. Webhook callers (Twilio, Sanity) send no
 * Origin and are verified by signature instead.
 */
import type { RequestHandler } from "express";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function refuseCrossSitePosts(): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (SAFE_METHODS.has(req.method) || !origin || origin === "null") return next();
    const forwarded = req.headers["x-forwarded-host"];
    const host = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim() || req.headers.host;
    let originHost: string | null = null;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (originHost !== null && originHost === host) return next();
    res.status(403).type("text/plain").set("Cache-Control", "no-store").send("Cross-site form posts are refused.");
  };
}
