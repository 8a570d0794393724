/**
 * The Express app around the Remix build: security headers and CSP nonce, compression, static
 * files, request logs without personal data, redirects of wrong-case locales, the Remix handler
 * and an error handler that never shows a stack trace (a page gets the hotline numbers still at
 * hand). server.ts (the process entry) and the tests build the app the same way.
 */
import { fileURLToPath } from "node:url";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type ErrorRequestHandler, type RequestHandler } from "express";
import type { ContentSource } from "~/content/content-source";
import type { AppContext, AppServices } from "~/context.server";
import { IMMUTABLE_ASSET_CACHE, NO_STORE, SHORT_ASSET_CACHE } from "~/http/cache-control";
import { refuseCrossSitePosts } from "~/http/cross-site-posts.server";
import { refuseUnsupportedMethods } from "~/http/unsupported-methods.server";
import { originFormRequests } from "~/http/request-target.server";
import { renderEmergencyPage } from "~/http/emergency-page.server";
import { errorPageContent } from "~/http/error-page-content.server";
import { redirectLocaleCase } from "~/http/locale-case-redirect.server";
import { localeFromPath } from "~/http/locale-param";
import { loggablePath } from "~/http/loggable-path";
import { createPageCache } from "~/http/page-cache.server";
import { QUICK_EXIT_SCRIPT, QUICK_EXIT_SCRIPT_PATH } from "~/components/quick-exit-script";
import { cspNonceOf, securityHeaders } from "~/http/security-headers.server";
import { errorFacts } from "~/lib/log-error.server";
import type { Logger } from "~/lib/logger.server";
import { DEFAULT_LOCALE } from "~/i18n/locales";
import { TWILIO_INBOUND_PATH } from "~/messaging/twilio-inbound-webhook.server";
import { clientAddress } from "~/analytics/request-facts.server";
import type { SiteReach } from "~/analytics/site-reach.server";
import { attributeHotlineTap } from "~/volunteers/attribution.server";
import { referralRoutes } from "./referral-routes";
import { countPageViews, trackedRoutes } from "./site-reach-routes";
import { SHARE_IMAGE_ROUTE, shareImageHandler } from "./share-image-route";
import { twilioInboundHandler } from "./twilio-inbound";

/** The process's application context (app/bootstrap.server.ts builds it) and how to serve it. */
export interface CreateAppOptions extends AppServices {
  /** The Remix server build, or a function loading it per request (as Remix allows). */
  build: ServerBuild | (() => Promise<ServerBuild>);
  /** Directory of static files; default the project's `public/`. */
  publicDir?: string;
  /** Keep public pages in memory for a few seconds (default true; the bench turns it off to measure rendering). */
  pageCache?: boolean;
  /** The clock pages read "today" from; pass the content source's clock. Default the system clock. */
  now?: () => Date;
  /**
   * Reach counting (page views, tracked links under /go); absent, nothing is counted and /go is
   * not served. server.ts always passes one; the caller stops it before closing the database.
   */
  reach?: SiteReach;
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
      logger.info({ method, path: pathname, status: res.statusCode, durationMs: Math.round(performance.now() - started) }, "request");
    });
    next();
  };
}

function statusOf(error: unknown): number {
  const status =
    (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === "number" && status >= 400 && status < 600 ? status : 500;
}

/** The site stylesheet's URL as the build's root route links it, for pages rendered outside Remix. */
function stylesheetOf(build: CreateAppOptions["build"]): string | null {
  if (typeof build === "function") return null;
  try {
    const links = build.routes.root?.module.links?.() ?? [];
    const stylesheet = links.find((link) => "rel" in link && link.rel === "stylesheet" && "href" in link);
    return stylesheet && "href" in stylesheet && typeof stylesheet.href === "string" ? stylesheet.href : null;
  } catch {
    return null;
  }
}

/**
 * Last resort: the cause only in the log. A page request gets the error page with the hotline
 * numbers still at hand, in the URL's language; anything else (webhooks, bad requests) a plain
 * status line.
 */
function errorHandler(options: { logger: Logger; content: ContentSource; stylesheetHref: string | null }): ErrorRequestHandler {
  const { logger, content, stylesheetHref } = options;
  return (error: unknown, req, res, _next) => {
    const status = statusOf(error);
    if (status >= 500) {
      logger.error({ error: errorFacts(error, { frames: true }), path: loggablePath(req.path) }, "unhandled error in a request");
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(status).setHeader("Cache-Control", NO_STORE);
    const wantsPage = status >= 500 && (req.method === "GET" || req.method === "HEAD") && req.accepts("html") === "html";
    if (!wantsPage) {
      res.type("text/plain").send(status >= 500 ? "Internal Server Error" : "Bad Request");
      return;
    }
    const locale = localeFromPath(req.path) ?? DEFAULT_LOCALE;
    // Remix failing means the directory fails too: it is not linked, its numbers are listed.
    errorPageContent(content, locale)
      .then((atHand) =>
        res.type("html").send(renderEmergencyPage({ locale, content: { ...atHand, directoryAvailable: false }, stylesheetHref })),
      )
      .catch(() => res.type("text/plain").send("Internal Server Error"));
  };
}

export function createApp(options: CreateAppOptions): express.Application {
  const { build, env, logger, db, keyring, transport } = options;
  const now = options.now ?? (() => new Date());
  const pageCache = createPageCache({
    ttlMs: options.pageCache === false ? 0 : Math.min(PAGE_CACHE_MAX_TTL_MS, env.CONTENT_CACHE_TTL_SECONDS * 1000),
    maxEntries: PAGE_CACHE_MAX_ENTRIES,
    now: () => now().getTime(),
  });
  const content = invalidatingPages(options.content, pageCache.clear);
  const publicDir = options.publicDir ?? DEFAULT_PUBLIC_DIR;
  const app = express();
  app.disable("x-powered-by");
  // Behind a reverse proxy, req.protocol and req.hostname come from X-Forwarded-* (canonical URLs
  // use PUBLIC_BASE_URL regardless).
  app.set("trust proxy", env.TRUST_PROXY);

  // First: every later step reads req.path, which is empty for an absolute-form target.
  app.use(originFormRequests());
  app.use(securityHeaders({ isProduction: env.isProduction }));
  app.use(requestLog(logger));
  app.use(refuseUnsupportedMethods());
  app.use(redirectLocaleCase());
  // Twilio's inbound messages, the one hot POST: answered here, without Remix (see the handler).
  app.post(TWILIO_INBOUND_PATH, twilioInboundHandler({ env, logger, content, db, keyring, transport }));
  if (options.reach) {
    // Before the page cache: a page served from memory is a page view too.
    app.use(countPageViews(options.reach));
    const reach = options.reach;
    // A tap by a visitor a volunteer's link brought today is credited to that volunteer.
    const onHotlineTap = (req: express.Request) => {
      reach
        .visitor(req)
        .then((visitor) =>
          visitor
            ? attributeHotlineTap(db, {
                visitorHash: visitor.visitorHash,
                at: visitor.at,
                country: visitor.place.country,
                region: visitor.place.region,
                locale: "",
              })
            : false,
        )
        .catch((error: unknown) => logger.error({ error: errorFacts(error) }, "hotline tap not credited to a volunteer"));
    };
    app.use(trackedRoutes({ reach, content, baseUrl: env.PUBLIC_BASE_URL, now, onHotlineTap }));
  }
  app.use(referralRoutes({ db, content, logger, sessionSecret: env.SESSION_SECRET, reach: options.reach, now }));
  // Link-preview images: their own cache and ETags, so ahead of the page microcache.
  app.get(SHARE_IMAGE_ROUTE, shareImageHandler({ content, baseUrl: env.PUBLIC_BASE_URL, now, logger }));
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
  app.get(QUICK_EXIT_SCRIPT_PATH, (_req, res) => {
    res.setHeader("Cache-Control", IMMUTABLE_ASSET_CACHE);
    res.type("text/javascript; charset=utf-8").send(QUICK_EXIT_SCRIPT);
  });
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
      getLoadContext: (req, res) =>
        ({
          env,
          logger,
          content,
          db,
          keyring,
          transport,
          cspNonce: cspNonceOf(res),
          now,
          clientAddress: clientAddress(req),
        }) satisfies AppContext,
    }),
  );
  app.use(errorHandler({ logger, content, stylesheetHref: stylesheetOf(build) }));
  return app;
}
