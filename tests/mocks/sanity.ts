/**
 * A fake Sanity Content Lake query API at the network edge. It answers GROQ queries the way the
 * real API does (`{ result, ms, query }`), by evaluating them with groq-js over a local NDJSON
 * dataset (published documents only), so `@sanity/client` runs unmodified against it.
 *
 * API reference: https://www.sanity.io/docs/http-query
 *   GET  https://<projectId>.api(cdn).sanity.io/v<apiVersion>/data/query/<dataset>?query=…&$name=<JSON>
 *   POST same path, body `{ query, params }` (the client switches to POST for queries over ~11 kB)
 */
import { fileURLToPath } from "node:url";
import { evaluate, parse } from "groq-js";
import { delay, http, HttpResponse, type HttpHandler } from "msw";
import { loadPublishedDataset } from "~/content/local-dataset.server";

/** The sample dataset the app ships (`campaigns/`). */
export const SAMPLE_DATASET_DIR = fileURLToPath(new URL("../../campaigns", import.meta.url));

const QUERY_PATHS = [
  "https://*.apicdn.sanity.io/:version/data/query/:dataset",
  "https://*.api.sanity.io/:version/data/query/:dataset",
] as const;

export interface SanityQueryLogEntry {
  method: string;
  url: string;
  query: string;
  params: Record<string, unknown>;
}

export interface SanityQueryHandlerOptions {
  /** Directory of `*.ndjson` files to answer from; default the sample dataset. */
  datasetDir?: string;
  /**
   * Called for every query received, and awaited before answering: tests count requests, inspect
   * params, or hold the answer back to observe concurrent callers.
   */
  onQuery?: (entry: SanityQueryLogEntry) => void | Promise<void>;
}

function decodeGetParams(url: URL): { query: string | null; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  for (const [name, value] of url.searchParams) {
    if (name.startsWith("$")) params[name.slice(1)] = JSON.parse(value) as unknown;
  }
  return { query: url.searchParams.get("query"), params };
}

async function answer(
  request: Request,
  decoded: { query: string | null; params: Record<string, unknown> },
  options: SanityQueryHandlerOptions,
): Promise<Response> {
  const { query, params } = decoded;
  if (!query) {
    return HttpResponse.json({ error: { description: "param query is required", type: "queryParseError" } }, { status: 400 });
  }
  await options.onQuery?.({ method: request.method, url: request.url, query, params });
  // Like the real API, a parameter the query uses but the request lacks is an error, not null.
  const missing = [...new Set(query.match(/\$[A-Za-z_][A-Za-z0-9_]*/g) ?? [])].filter((name) => !(name.slice(1) in params));
  if (missing.length > 0) {
    return HttpResponse.json(
      { error: { description: `param ${missing[0]} referenced, but not provided`, query, type: "queryParseError" } },
      { status: 400 },
    );
  }
  const started = performance.now();
  let tree;
  try {
    tree = parse(query, { params });
  } catch (error) {
    // The real API answers a syntax error with 400 and a description, which the client surfaces.
    return HttpResponse.json({ error: { description: (error as Error).message, query, type: "queryParseError" } }, { status: 400 });
  }
  let dataset;
  try {
    dataset = await loadPublishedDataset(options.datasetDir ?? SAMPLE_DATASET_DIR);
  } catch (error) {
    // A missing or unreadable dataset is the fake's own outage: answer like a failing server.
    return HttpResponse.json(
      { error: { description: `fake Content Lake cannot read its dataset: ${(error as Error).message}`, type: "httpError" } },
      { status: 500 },
    );
  }
  const result = await (await evaluate(tree, { dataset, params })).get();
  return HttpResponse.json({ result, ms: Math.round(performance.now() - started), query });
}

/** Query handlers answering from a dataset directory (use with `mockServer.use(...)`). */
export function createSanityQueryHandlers(options: SanityQueryHandlerOptions = {}): HttpHandler[] {
  return QUERY_PATHS.flatMap((path) => [
    http.get(path, ({ request }) => answer(request, decodeGetParams(new URL(request.url)), options)),
    http.post(path, async ({ request }) => {
      const body = (await request.json()) as { query?: string; params?: Record<string, unknown> };
      return answer(request, { query: body.query ?? null, params: body.params ?? {} }, options);
    }),
  ]);
}

/** Handlers that fail every query with `status` (a Content Lake outage), counting calls if asked. */
export function createSanityFailureHandlers(status = 500, onQuery?: () => void): HttpHandler[] {
  const fail = () => {
    onQuery?.();
    return HttpResponse.json({ error: { description: "Internal server error", type: "httpError" } }, { status });
  };
  return QUERY_PATHS.flatMap((path) => [http.get(path, fail), http.post(path, fail)]);
}

/** Handlers that accept every query and never answer (a Content Lake timing out), counting calls if asked. */
export function createSanityHangingHandlers(onQuery?: () => void): HttpHandler[] {
  const hang = async () => {
    onQuery?.();
    await delay("infinite");
    return HttpResponse.json({ error: { description: "never sent", type: "httpError" } }, { status: 504 });
  };
  return QUERY_PATHS.flatMap((path) => [http.get(path, hang), http.post(path, hang)]);
}

/** The default handlers: the sample dataset. */
export const sanityHandlers: HttpHandler[] = createSanityQueryHandlers();
