/**
 * What counting reads from a request, and nothing more: whether it is a bot or a prefetch (not
 * counted), the client address (X-Forwarded-For only when TRUST_PROXY is on: Express's `req.ip`
 * follows the app's "trust proxy" setting) and the user agent, both only as inputs of the
 * visitor hash and the country lookup, never stored.
 */
import type { Request } from "express";
import { isbot } from "isbot";

/**
 * Speculative loads: Chromium sends `Sec-Purpose: prefetch` (and `prefetch;prerender`), older
 * browsers `Purpose: prefetch`, Firefox `X-Moz: prefetch`, Safari's previews `X-Purpose: preview`.
 */
export function isPrefetch(req: Pick<Request, "get">): boolean {
  const purpose = `${req.get("sec-purpose") ?? ""} ${req.get("purpose") ?? ""} ${req.get("x-purpose") ?? ""} ${req.get("x-moz") ?? ""}`;
  return /\b(prefetch|prerender|preview)\b/i.test(purpose);
}

/** Known crawlers and tools (isbot), and requests that name no user agent at all. */
export function isBotRequest(req: Pick<Request, "get">): boolean {
  const userAgent = req.get("user-agent");
  return !userAgent || isbot(userAgent);
}

/** The client address as Express resolved it, without the IPv4-mapped IPv6 prefix. */
export function clientAddress(req: Pick<Request, "ip" | "socket">): string {
  const address = req.ip ?? req.socket.remoteAddress ?? "";
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}
