/**
 * Security headers on every response, and the per-request CSP nonce. Public campaign pages carry
 * one script, the quick exit's, loaded from 'self' (decision 028); the nonce exists for the few
 * pages that hydrate (admin, dev phone), whose `<Scripts nonce>` it authorises. Readers may be watched by an exploiter, so nothing leaks a
 * referrer and nothing may frame the site.
 */
import { randomBytes } from "node:crypto";
import type { RequestHandler, Response } from "express";
import { SHARE_IMAGE_PREFIX } from "./site-urls";

export interface SecurityHeaderOptions {
  /** HSTS only over HTTPS in production: on localhost it would pin the browser to https. */
  isProduction: boolean;
}

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data: https://cdn.sanity.io",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

export const PERMISSIONS_POLICY = [
  "camera=()",
  "microphone=()",
  "geolocation=()",
  "interest-cohort=()",
  "browsing-topics=()",
  "payment=()",
  "usb=()",
].join(", ");

/** The nonce the security middleware put on this response (read by getLoadContext). */
export function cspNonceOf(res: Response): string {
  const nonce: unknown = res.locals.cspNonce;
  if (typeof nonce !== "string") throw new Error("securityHeaders middleware must run before the request handler");
  return nonce;
}

export function securityHeaders(options: SecurityHeaderOptions): RequestHandler {
  return (req, res, next) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
    res.setHeader("Referrer-Policy", "no-referrer");
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Permissions-Policy", PERMISSIONS_POLICY);
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    // Link previews are fetched and shown by other sites and apps; everything else stays ours.
    res.setHeader("Cross-Origin-Resource-Policy", req.path.startsWith(SHARE_IMAGE_PREFIX) ? "cross-origin" : "same-origin");
    res.setHeader("X-Frame-Options", "DENY");
    if (options.isProduction) res.setHeader("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
    next();
  };
}
