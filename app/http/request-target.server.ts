/**
 * Request targets other than a path (RFC 9112 §3.2): the absolute form (`GET http://host/path`,
 * which servers must accept and proxies send) is reduced to its path and query, its host ignored
 * as the Host header is (canonical URLs come from PUBLIC_BASE_URL); `OPTIONS *` is answered with
 * what the server allows; anything else is a 400. Remix's adapter glues the target to the host to
 * build the request's URL, and threw on all three: a 500.
 */
import type { RequestHandler } from "express";
import { NO_STORE } from "./cache-control";

export function originFormRequests(): RequestHandler {
  return (req, res, next) => {
    if (req.url.startsWith("/")) return next();
    if (req.url === "*" && req.method === "OPTIONS") {
      res.status(204).set({ Allow: "GET, HEAD, POST", "Cache-Control": NO_STORE }).end();
      return;
    }
    let target: URL | null;
    try {
      target = /^https?:\/\//i.test(req.url) ? new URL(req.url) : null;
    } catch {
      target = null;
    }
    if (!target) {
      res.status(400).set("Cache-Control", NO_STORE).type("text/plain").send("Bad Request");
      return;
    }
    req.url = `${target.pathname}${target.search}`;
    req.originalUrl = req.url;
    next();
  };
}
