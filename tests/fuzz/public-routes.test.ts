/**
 * Every public route in routes.ts over HTTP with hostile path parameters, query strings and
 * headers: never a 5xx; a hostile path parameter is a 3xx or 4xx, never a page; nothing injected
 * comes back unescaped (no `<script>` we did not write, no header we did not set); and the reach
 * counts only ever hold values from the content (no event for a made-up locale, campaign or
 * hotline), on both databases.
 */
import fc from "fast-check";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOTLINE_TAP_KINDS, SHARE_NETWORKS } from "~/analytics/tracked-links";
import { reachEvents } from "~/db/schema";
import { LOCALES } from "~/i18n/locales";
import { DATABASE_KINDS } from "../setup/test-database";
import { startTestServer, type TestServer } from "../setup/test-server";
import { SCRIPT_MARKER, fetchAnswer, fuzzRuns, hostileComponent, hostileQuery } from "./hostile";
import { FUZZ_ROUTES, fillPath, type FuzzRoute } from "./routes";

/** A header value fetch accepts (visible Latin-1, no controls): what a client can really send. */
const headerValue = fc
  .string({
    unit: fc
      .integer({ min: 0x20, max: 0xff })
      .filter((code) => code < 0x7f || code > 0x9f)
      .map((code) => String.fromCharCode(code)),
    maxLength: 300,
  })
  .map((text) => text.trim());

/** The status of a request made with node:http, any method. */
function rawStatus(url: string, method: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end();
  });
}

interface Attempt {
  values: Record<string, string>;
  hostileParams: string[];
  query: string | null;
  headers: Record<string, string>;
}

function attemptFor(route: FuzzRoute): fc.Arbitrary<Attempt> {
  const names = Object.keys(route.params);
  const param = (name: string) =>
    fc.oneof(
      fc.constantFrom(...route.params[name]!.valid).map((value) => ({ value, hostile: false })),
      hostileComponent.map((value) => ({ value, hostile: true })),
    );
  return fc
    .record({
      params: fc.tuple(...names.map(param)),
      query: fc.option(hostileQuery(route.query), { nil: null, freq: 4 }),
      headers: fc.record(
        { "accept-language": headerValue, referer: headerValue, "user-agent": headerValue, cookie: headerValue },
        { requiredKeys: [] },
      ),
    })
    .map(({ params, query, headers }) => ({
      values: Object.fromEntries(names.map((name, i) => [name, params[i]!.value])),
      hostileParams: names.filter((_, i) => params[i]!.hostile),
      query,
      headers,
    }));
}

describe.each(DATABASE_KINDS)("public routes under hostile input (%s)", (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ databaseKind: kind, reach: true });
  });
  afterAll(() => server?.close());

  it.each(FUZZ_ROUTES.map((route) => [route.name, route] as const))(
    "%s: never a 5xx, a hostile parameter is refused, nothing reflected",
    async (_name, route) => {
      await fc.assert(
        fc.asyncProperty(attemptFor(route), async (attempt) => {
          const path = fillPath(route, attempt.values);
          const target = `${server.url}${path}${attempt.query === null ? "" : `?${attempt.query}`}`;
          const response = await fetchAnswer(target, { method: route.method, headers: attempt.headers, redirect: "manual" });
          const body = await response.text();
          expect(response.status, `${route.method} ${target}`).toBeLessThan(500);
          // A dot segment ("..", "%2e") is resolved by the URL parser, so the request is for another path.
          const sentAsBuilt = new URL(target).pathname === path;
          if (attempt.hostileParams.length > 0 && sentAsBuilt && route.method === "GET") {
            expect(response.status, `${route.method} ${target}`).toBeGreaterThanOrEqual(300);
          }
          expect(body).not.toContain(SCRIPT_MARKER);
          expect(response.headers.get("x-injected")).toBeNull();
          const location = response.headers.get("location");
          if (location) expect(location).not.toMatch(/^(javascript|data):/i);
        }),
        { numRuns: fuzzRuns(Object.keys(route.params).length > 0 ? 12 : 6) },
      );
    },
  );

  it("any method on any route: never a 5xx, and nothing but GET/HEAD/POST/OPTIONS is answered 2xx", async () => {
    // Over node:http: fetch refuses TRACE and CONNECT itself, a raw client does not.
    const methods = ["HEAD", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "MKCOL", "POST", "GET"] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FUZZ_ROUTES), fc.constantFrom(...methods), async (route, method) => {
        const values = Object.fromEntries(Object.entries(route.params).map(([name, shape]) => [name, shape.valid[0]!]));
        const status = await rawStatus(`${server.url}${fillPath(route, values)}`, method);
        expect(status, `${method} ${route.path}`).toBeLessThan(500);
        if (!["GET", "HEAD", "POST", "OPTIONS"].includes(method)) expect(status, `${method} ${route.path}`).toBeGreaterThanOrEqual(300);
      }),
      { numRuns: fuzzRuns(40) },
    );
  });

  it("counted only events with values from the content", async () => {
    await server.reach!.flush();
    const rows = await server.db.select().from(reachEvents);
    const locales = new Set<string>(["", ...LOCALES]);
    const details = new Set<string>(["", ...LOCALES, ...HOTLINE_TAP_KINDS, ...SHARE_NETWORKS]);
    for (const row of rows) {
      expect(locales.has(row.locale), `locale ${JSON.stringify(row.locale)}`).toBe(true);
      expect(details.has(row.detail), `detail ${JSON.stringify(row.detail)}`).toBe(true);
      expect(["", "know-before-you-go", "safe-journeys"]).toContain(row.campaign);
      expect(row.hotlineId === "" || row.hotlineId.startsWith("hotline-")).toBe(true);
      expect(row.country).toMatch(/^([A-Z]{2})?$/);
      for (const value of Object.values(row)) if (typeof value === "string") expect(value).not.toMatch(/[\0\u202e<>]/);
    }
  });
});
