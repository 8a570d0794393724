/**
 * Server rendering. Public pages (`handle.hydrate === false`) are rendered to one string with
 * renderToString: no streaming, no hydration data, final HTML without a `<script>`. Remix's
 * single-fetch hand-off stream is dropped for them, since only `<Scripts/>` would read it.
 * Pages that hydrate (staff, dev phone) stream with renderToPipeableStream, through a filter for
 * React 18's NUL-byte bug (see react-stream-fix.server.ts).
 * Cache-Control is decided here from the status and whether the page is public.
 */
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { NonceProvider } from "~/components/nonce-context";
import { documentCacheControl } from "~/http/cache-control";
import { isStaticPage } from "~/http/hydration";
import { createNulByteFilter } from "~/http/react-stream-fix.server";

export const streamTimeout = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
): Promise<Response> {
  const handles = remixContext.staticHandlerContext.matches.map((match) => remixContext.routeModules[match.route.id]?.handle);
  const staticPage = isStaticPage(handles);
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
      <RemixServer context={remixContext} url={request.url} nonce={nonce} abortDelay={streamTimeout} />
    </NonceProvider>
  );
  if (staticPage) {
    // renderToString adds no doctype (the streaming renderer does).
    const html = `<!DOCTYPE html>${renderToString(app)}`;
    return Promise.resolve(new Response(html, { headers: responseHeaders, status: responseStatusCode }));
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
        if (shellRendered) loadContext.logger.error({ error: describeError(error) }, "error while streaming a page");
      },
    });
  });
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Unexpected loader, action and render errors, logged without the URL's query (it may hold a phone
 * number) and never to console.error. Aborted requests (the reader went away) are not errors.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  context.logger.error(
    { error: describeError(error), stack: error instanceof Error ? error.stack : undefined, path: new URL(request.url).pathname },
    "unhandled error in a route",
  );
};
