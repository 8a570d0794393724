/**
 * A locale written in another case (`/fa-af`, `/KY/…`, `/Fa-Af/hotlines?x=1`) is redirected to its
 * canonical spelling, keeping the rest of the path and the query: people type addresses from
 * posters and SMS, and phones capitalise the first letter. Permanent: 301 for GET and HEAD, 308
 * otherwise (a form post keeps its method and body). Runs ahead of the page cache and Remix, so a
 * wrong-case URL costs no render and never enters a cache under its own key.
 */
import type { RequestHandler } from "express";
import { LOCALES, type Locale } from "~/i18n/locales";

const BY_LOWER_CASE: ReadonlyMap<string, Locale> = new Map(LOCALES.map((locale) => [locale.toLowerCase(), locale]));

/** Browsers may cache a permanent redirect for good; a day is enough for shared caches. */
const REDIRECT_CACHE = "public, max-age=86400";

/** The canonical URL for a request target (`/path?query`), or null when its locale is already canonical or absent. */
export function canonicalLocaleUrl(target: string): string | null {
  const match = /^\/([^/?#]+)(.*)$/s.exec(target);
  if (!match) return null;
  const [, segment, rest] = match as unknown as [string, string, string];
  const locale = BY_LOWER_CASE.get(segment.toLowerCase());
  if (!locale || locale === segment) return null;
  return `/${locale}${rest}`;
}

export function redirectLocaleCase(): RequestHandler {
  return (req, res, next) => {
    const location = canonicalLocaleUrl(req.originalUrl);
    if (location === null) return next();
    res.setHeader("Cache-Control", REDIRECT_CACHE);
    res.redirect(req.method === "GET" || req.method === "HEAD" ? 301 : 308, location);
  };
}
