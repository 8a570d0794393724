/**
 * The Express app around the Remix build: security headers and CSP nonce, compression, static
 * files, request logs without personal data, the Remix handler and an error handler that never
 * shows a stack trace. server.ts (the process entry) and the tests build the app the same way.
 */
import { fileURLToPath } from "node:url";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type ErrorRequestHandler, type RequestHandler } from "express";
import type { ContentSource } from "~/content/content-source";
import type { AppContext } from "~/context.server";
import type { Database } from "~/db/client.server";
import type { Env } from "~/env.server";
import { IMMUTABLE_ASSET_CACHE, SHORT_ASSET_CACHE } from "~/http/cache-control";
import { refuseCrossSitePosts } from "~/http/cross-site-posts.server";
import { createPageCache } from "~/http/page-cache.server";
import { cspNonceOf, securityHeaders } from "~/http/security-headers.server";
import type { Logger } from "~/lib/logger.server";
import { TWILIO_INBOUND_PATH } from "~/messaging/twilio-inbound-webhook.server";
import { twilioInboundHandler } from "./twilio-inbound";

export interface CreateAppOptions {
  build: ServerBuild;
  env: Env;
  logger: Logger;
  content: ContentSource;
  db: Database;
  /** Directory of static files; default the project's `public/`. */
  publicDir?: string;
  /** Keep public pages in memory for a few seconds (default true; the bench turns it off to measure rendering). */
  pageCache?: boolean;
}

const DEFAULT_PUBLIC_DIR = fileURLToPath(new URL("../public", import.meta.url));

/** Public pages are rendered at most once per this long (and never kept longer than content). */
const PAGE_CACHE_MAX_TTL_MS = 5_000;
const PAGE_CACHE_MAX_ENTRIES = 500;

/** The content source, with invalidation (the Sanity webhook) also dropping cached pages. */
function invalidatingPages(content: ContentSource, clearPages: () => void): ContentSource {
  // Every other method is the content source's own (delegated through the prototype).
  const wrapped = Object.create(content) as ContentSource;
  wrapped.invalidate = () => {
    content.invalidate();
    clearPages();
  };
  return wrapped;
}

/** Long digit runs in a path (a phone number someone put in a URL) never reach the logs. */
export function loggablePath(pathname: string): string {
  return pathname.replace(/(%2B|\+)?\d(?:[\d.-]|%20){5,}\d/gi, "[number]").slice(0, 200);
}

/**
 * One line per request: method, path, status, duration. Never the query string (a phone number
 * may be in it), the client address or any header.
 */
function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const method = req.method;
    const pathname = loggablePath(req.path);
    res.on("finish", () => {
      logger.info(
        { method, path: pathname, status: res.statusCode, durationMs: Math.round(performance.now() - started) },
        "request",
      );
    });
    next();
  };
}

function statusOf(error: unknown): number {
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === "number" && status >= 400 && status < 600 ? status : 500;
}

/** Last resort: a plain status line, the cause only in the log. */
function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const status = statusOf(error);
    if (status >= 500) {
      logger.error(
        { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error), path: loggablePath(req.path) },
        "unhandled error in a request",
      );
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(status).type("text/plain").setHeader("Cache-Control", "no-store");
    res.send(status >= 500 ? "Internal Server Error" : "Bad Request");
  };
}

export function createApp(options: CreateAppOptions): express.Application {
  const { build, env, logger, db } = options;
  const pageCache = createPageCache({
    ttlMs: options.pageCache === false ? 0 : Math.min(PAGE_CACHE_MAX_TTL_MS, env.CONTENT_CACHE_TTL_SECONDS * 1000),
    maxEntries: PAGE_CACHE_MAX_ENTRIES,
  });
  const content = invalidatingPages(options.content, pageCache.clear);
  const publicDir = options.publicDir ?? DEFAULT_PUBLIC_DIR;
  const app = express();
  app.disable("x-powered-by");
  // Behind a reverse proxy, req.protocol and req.hostname come from X-Forwarded-* (canonical URLs
  // use PUBLIC_BASE_URL regardless).
  app.set("trust proxy", env.TRUST_PROXY);

  app.use(securityHeaders({ isProduction: env.isProduction }));
  app.use(requestLog(logger));
  // Twilio's inbound messages, the one hot POST: answered here, without Remix (see the handler).
  app.post(TWILIO_INBOUND_PATH, twilioInboundHandler({ env, logger, content, db }));
  app.use(pageCache.serve);
  app.use(compression());

  // Fingerprinted build output: the file name changes with the content.
  app.use(
    "/build",
    express.static(path.join(publicDir, "build"), {
      index: false,
      redirect: false,
      setHeaders: (res) => res.setHeader("Cache-Control", IMMUTABLE_ASSET_CACHE),
    }),
  );
  // Other files in public/ have an extension; page URLs never do, so they skip the file lookup.
  const publicFiles = express.static(publicDir, {
    index: false,
    redirect: false,
    setHeaders: (res) => res.setHeader("Cache-Control", SHORT_ASSET_CACHE),
  });
  app.use((req, res, next) => (/\.[a-z0-9]+$/i.test(req.path) ? publicFiles(req, res, next) : next()));

  app.use(refuseCrossSitePosts());
  app.use(pageCache.capture);
  app.all(
    "*splat",
    createRequestHandler({
      build,
      mode: env.NODE_ENV === "development" ? "development" : "production",
      getLoadContext: (_req, res) => ({ env, logger, content, db, cspNonce: cspNonceOf(res) }) satisfies AppContext,
    }),
  );
  app.use(errorHandler(logger));
  return app;
}
