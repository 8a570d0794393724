/**
 * A few seconds of in-process caching for public pages ("microcaching"). Public pages are the same
 * for every reader (no cookies, no personalisation, no inline script, so no nonce in the HTML), and an SMS
 * broadcast sends thousands of readers to one landing page within a minute: rendering it once per
 * few seconds instead of once per reader keeps one small process answering. Only responses that
 * say `Cache-Control: public` with status 200 are kept; the security headers (and the CSP nonce)
 * are still set fresh on every response by the middleware in front of this one.
 *
 * Two middlewares share the store: `capture` sits after compression (it records the page as the
 * app wrote it, uncompressed) and `serve` sits before it (a hit is sent already compressed, each
 * encoding computed once per stored page, so a burst costs no compression work either).
 */
import { brotliCompressSync, constants as zlibConstants, gzipSync } from "node:zlib";
import type { Request, RequestHandler, Response } from "express";

export interface PageCacheOptions {
  /** How long a page is served from memory; 0 turns the cache off. */
  ttlMs: number;
  /** Bound on distinct URLs kept (least recently stored are dropped first). */
  maxEntries: number;
  /** Milliseconds since the epoch; default `Date.now`. The app's clock, so a test that moves it past the content TTL moves pages too. */
  now?: () => number;
}

type Encoding = "br" | "gzip" | "identity";

interface CachedPage {
  storedAt: number;
  status: number;
  headers: Array<[string, string]>;
  body: Buffer;
  encoded: Partial<Record<Encoding, Buffer>>;
}

function encode(body: Buffer, encoding: Encoding): Buffer {
  if (encoding === "br") return brotliCompressSync(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } });
  if (encoding === "gzip") return gzipSync(body);
  return body;
}

/** Response headers replayed from the cache; everything else is per request. */
const REPLAYED_HEADERS = ["content-type", "cache-control", "content-language"] as const;

export interface PageCache {
  /** Answers from the store; mount before compression. */
  serve: RequestHandler;
  /** Records public pages the app renders; mount after compression, just before the app. */
  capture: RequestHandler;
  /** Drops every page (called when content changes). */
  clear(): void;
  readonly size: number;
}

function isCacheable(res: Response, body: Buffer): boolean {
  if (res.statusCode !== 200) return false;
  if (res.getHeader("set-cookie") !== undefined) return false;
  const cacheControl = String(res.getHeader("cache-control") ?? "");
  if (!/^public\b/.test(cacheControl)) return false;
  const vary = String(res.getHeader("vary") ?? "").toLowerCase();
  if (vary.split(",").some((name) => name.trim() !== "" && name.trim() !== "accept-encoding")) return false;
  // A page that carries this request's nonce (one that hydrates) must never be replayed.
  const nonce: unknown = res.locals.cspNonce;
  return !(typeof nonce === "string" && body.includes(nonce));
}

export function createPageCache(options: PageCacheOptions): PageCache {
  const pages = new Map<string, CachedPage>();
  const clock = options.now ?? Date.now;

  function store(key: string, page: CachedPage): void {
    pages.delete(key);
    if (pages.size >= options.maxEntries) pages.delete(pages.keys().next().value!);
    pages.set(key, page);
  }

  // Staff and volunteers carry credentials; their requests always reach the app.
  const eligible = (req: Request) =>
    options.ttlMs > 0 && (req.method === "GET" || req.method === "HEAD") && !req.headers.cookie && !req.headers.authorization;

  const serve: RequestHandler = (req, res, next) => {
    if (!eligible(req)) return next();
    const cached = pages.get(req.originalUrl);
    if (!cached || clock() - cached.storedAt >= options.ttlMs) return next();
    const encoding = (req.acceptsEncodings("br", "gzip", "identity") || "identity") as Encoding;
    const body = (cached.encoded[encoding] ??= encode(cached.body, encoding));
    res.status(cached.status);
    for (const [name, value] of cached.headers) res.setHeader(name, value);
    res.setHeader("Vary", "Accept-Encoding");
    if (encoding !== "identity") res.setHeader("Content-Encoding", encoding);
    res.setHeader("Content-Length", String(body.length));
    res.end(req.method === "HEAD" ? undefined : body);
  };

  const capture: RequestHandler = (req, res, next) => {
    if (!eligible(req) || req.method !== "GET") return next();
    const key = req.originalUrl;
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    const record = (chunk: unknown, encoding: unknown) => {
      if (typeof chunk === "string") chunks.push(Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8"));
      else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      record(chunk, rest[0]);
      return write(chunk, ...rest);
    }) as Response["write"];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      record(chunk, rest[0]);
      return end(chunk, ...rest);
    }) as Response["end"];
    res.on("finish", () => {
      const body = Buffer.concat(chunks);
      if (!isCacheable(res, body)) return;
      const headers: Array<[string, string]> = [];
      for (const name of REPLAYED_HEADERS) {
        const value = res.getHeader(name);
        if (value !== undefined) headers.push([name, String(value)]);
      }
      store(key, { storedAt: clock(), status: res.statusCode, headers, body, encoded: { identity: body } });
    });
    next();
  };

  return {
    serve,
    capture,
    clear: () => pages.clear(),
    get size() {
      return pages.size;
    },
  };
}
