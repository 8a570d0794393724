/**
 * Server rendering. Public pages (`handle.hydrate === false`) are rendered to one string with
 * renderToString: no streaming, no hydration data, final HTML without a `<script>`. Remix's
 * single-fetch hand-off stream is dropped for them, since only `<Scripts/>` would read it.
 * Pages that hydrate (staff, dev phone) stream with renderToPipeableStream, through a filter for
 * React 18's NUL-byte bug (see react-stream-fix.server.ts).
 * Cache-Control is decided here from the status and whether the page is public. Error pages (5xx)
 * get the hotline numbers still at hand through a context (error-page-content.server.ts); a 404
 * or 405 keeps only generic headers, so it looks the same whichever route answered it.
 */
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { ErrorPageProvider, type ErrorPageHotlines } from "~/components/error-hotlines";
import { NonceProvider } from "~/components/nonce-context";
import { documentCacheControl } from "~/http/cache-control";
import { errorPageContent } from "~/http/error-page-content.server";
import { HIDDEN_ROUTE_STATUSES } from "~/http/hidden-route";
import { isStaticPage } from "~/http/hydration";
import { localeFromParams } from "~/http/locale-param";
import { loggablePath } from "~/http/loggable-path";
import { createNulByteFilter } from "~/http/react-stream-fix.server";
import { DEFAULT_LOCALE } from "~/i18n/locales";
import { errorFacts } from "~/lib/log-error.server";

export const streamTimeout = 5_000;

/**
 * Headers a 404 or 405 may carry. Route-specific ones (a staff page's X-Robots-Tag, say) would tell
 * a reader which hidden paths exist (app/http/hidden-route.ts); security headers are set by
 * Express, not here.
 */
const NOT_FOUND_HEADERS = new Set(["content-type", "cache-control"]);

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
): Promise<Response> {
  const { matches } = remixContext.staticHandlerContext;
  const handles = matches.map((match) => remixContext.routeModules[match.route.id]?.handle);
  const staticPage = isStaticPage(handles);
  if (HIDDEN_ROUTE_STATUSES.has(responseStatusCode)) {
    for (const name of [...responseHeaders.keys()]) if (!NOT_FOUND_HEADERS.has(name)) responseHeaders.delete(name);
  }
  let errorPage: ErrorPageHotlines | null = null;
  if (responseStatusCode >= 500) {
    const locale = localeFromParams(matches.at(-1)?.params ?? {}) ?? DEFAULT_LOCALE;
    errorPage = await errorPageContent(loadContext.content, locale);
  }
  if (staticPage && remixContext.serverHandoffStream) {
    remixContext.serverHandoffStream.cancel().catch(() => undefined);
    remixContext.serverHandoffStream = undefined;
  }
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  responseHeaders.set(
    "Cache-Control",
    documentCacheControl({ status: responseStatusCode, isPublicPage: staticPage, routeValue: responseHeaders.get("Cache-Control") }),
  );
  const nonce = loadContext.cspNonce;
  const app = (
    <NonceProvider value={nonce}>
      <ErrorPageProvider value={errorPage}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} abortDelay={streamTimeout} />
      </ErrorPageProvider>
    </NonceProvider>
  );
  if (staticPage) {
    // renderToString adds no doctype (the streaming renderer does).
    const html = `<!DOCTYPE html>${renderToString(app)}`;
    return new Response(html, { headers: responseHeaders, status: responseStatusCode });
  }
  const waitForAll = isbot(request.headers.get("user-agent"));

  return new Promise((resolve, reject) => {
    let status = responseStatusCode;
    let shellRendered = false;
    const timer = setTimeout(() => abort(), streamTimeout + 1_000);
    const respond = () => {
      shellRendered = true;
      const body = createNulByteFilter();
      body.on("close", () => clearTimeout(timer));
      resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status }));
      pipe(body);
    };
    const { pipe, abort } = renderToPipeableStream(app, {
      nonce,
      onShellReady() {
        if (!waitForAll) respond();
      },
      onAllReady() {
        if (waitForAll) respond();
      },
      onShellError(error: unknown) {
        clearTimeout(timer);
        reject(error);
      },
      onError(error: unknown) {
        status = 500;
        // Errors before the shell are reported through onShellError and handleError.
        if (shellRendered) loadContext.logger.error({ error: errorFacts(error, { frames: true }) }, "error while streaming a page");
      },
    });
  });
}

/**
 * Unexpected loader, action and render errors, logged without the URL's query (it may hold a phone
 * number), without the error's message (a failed query's message lists its parameters: the dev
 * phone's texts, encrypted numbers, blind indexes) and never to console.error. Aborted requests
 * (the reader went away) are not errors, nor are the 4xx answers Remix makes itself (a DELETE or
 * PROPFIND on a page is its 405): the request log has them, and an error there is an alert.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  context.logger.error(
    { error: errorFacts(error, { frames: true }), path: loggablePath(new URL(request.url).pathname) },
    "unhandled error in a route",
  );
};
