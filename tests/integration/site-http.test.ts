/**
 * The HTTP surface of the public site: security headers on every kind of response, no cookies,
 * compression, static file caching, language negotiation at `/`, sitemap.xml and robots.txt,
 * production-only behaviour (HSTS, no sample notice), and request logs free of personal data.
 */
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { gunzipSync, brotliDecompressSync } from "node:zlib";
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endonym, LOCALES } from "~/i18n/locales";
import { uiStrings } from "~/i18n/ui-strings";
import { createLogger } from "~/lib/logger.server";
import { SAMPLE_DATASET_DIR } from "../mocks/sanity";
import { TEST_TMP_DIR } from "../setup/paths";
import { startTestServer, type TestServer } from "../setup/test-server";
import { QUICK_EXIT_SCRIPT } from "~/components/quick-exit-script";
import { anchors, elements, get, htmlElement, text, expectOnlyTheQuickExitScript } from "./site-helpers";

const PUBLIC_CACHE = "public, max-age=60, stale-while-revalidate=600, stale-if-error=86400";

function expectSecurityHeaders(headers: Headers): void {
  const csp = headers.get("content-security-policy") ?? "";
  expect(csp).toContain("default-src 'self'");
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(csp).toContain("style-src 'self'");
  expect(csp).toContain("img-src 'self' data: https://cdn.sanity.io");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("base-uri 'none'");
  expect(csp).toContain("form-action 'self'");
  expect(csp).toContain("object-src 'none'");
  expect(headers.get("referrer-policy")).toBe("no-referrer");
  expect(headers.get("x-content-type-options")).toBe("nosniff");
  expect(headers.get("cross-origin-opener-policy")).toBe("same-origin");
  const permissions = headers.get("permissions-policy") ?? "";
  for (const feature of ["camera=()", "microphone=()", "geolocation=()", "interest-cohort=()"]) expect(permissions).toContain(feature);
  expect(headers.get("x-powered-by")).toBeNull();
  expect(headers.get("set-cookie")).toBeNull();
}

/** A raw request (fetch would decompress and hide Content-Encoding). */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

describe("in development and test", () => {
  let server: TestServer;
  const logLines: Array<Record<string, unknown>> = [];
  let landingPath: string;
  beforeAll(async () => {
    const logger = createLogger({
      level: "info",
      destination: { write: (line: string) => void logLines.push(JSON.parse(line) as Record<string, unknown>) },
    });
    server = await startTestServer({ logger });
    const entries = await server.content.sitemap(new Date().toISOString().slice(0, 10));
    landingPath = `/en/${entries.find((entry) => !entry.page && entry.locales.includes("en"))!.campaign}`;
  });
  afterAll(async () => {
    await server?.close();
  });

  it("sends the security headers on pages, 404s, redirects, health checks, robots and static files", async () => {
    const page = await get(`${server.url}${landingPath}`);
    const stylesheet = elements(page.html, "link").find((link) => link.rel === "stylesheet")!.href!;
    for (const pagePath of [
      landingPath,
      "/en/hotlines",
      "/xx",
      "/en/no-such-campaign",
      "/healthz",
      "/robots.txt",
      "/sitemap.xml",
      stylesheet,
    ]) {
      const response = await fetch(`${server.url}${pagePath}`, { redirect: "manual" });
      expectSecurityHeaders(response.headers);
      await response.arrayBuffer();
    }
    const redirect = await fetch(`${server.url}/`, { headers: { "Accept-Language": "ru" }, redirect: "manual" });
    expectSecurityHeaders(redirect.headers);
    expect(redirect.headers.get("strict-transport-security")).toBeNull();
  });

  it("uses a fresh nonce per request", async () => {
    const nonce = async () =>
      /'nonce-([^']+)'/.exec((await fetch(`${server.url}/healthz`)).headers.get("content-security-policy") ?? "")?.[1];
    const [first, second] = [await nonce(), await nonce()];
    expect(first).toBeTruthy();
    expect(first).not.toBe(second);
  });

  it("links one small, fingerprinted stylesheet cached for a year", async () => {
    const page = await get(`${server.url}${landingPath}`);
    const stylesheets = elements(page.html, "link").filter((link) => link.rel === "stylesheet");
    expect(stylesheets).toHaveLength(1);
    expect(stylesheets[0]!.href).toMatch(/^\/build\/_assets\/site-[A-Z0-9]+\.css$/);
    const css = await fetch(`${server.url}${stylesheets[0]!.href}`);
    expect(css.status).toBe(200);
    expect(css.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(css.headers.get("content-type")).toMatch(/^text\/css/);
    const body = await css.text();
    expect(body.length).toBeLessThan(12_000);
    // Logical properties only, so dir="rtl" mirrors the layout by itself.
    expect(body).not.toMatch(
      /(margin|padding|border)-(left|right)\b|(^|[;{\s])(left|right)\s*:|text-align:\s*(left|right)|float:\s*(left|right)/,
    );
  });

  it("loads one small script, the quick exit's, fingerprinted, deferred and cached for a year", async () => {
    const page = await get(`${server.url}${landingPath}`);
    expectOnlyTheQuickExitScript(page.html);
    const [script] = elements(page.html, "script");
    expect(script).toHaveProperty("defer");
    const file = await fetch(`${server.url}${script!.src}`);
    expect(file.status).toBe(200);
    expect(file.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(file.headers.get("content-type")).toMatch(/^text\/javascript/);
    const body = await file.text();
    expect(body).toBe(QUICK_EXIT_SCRIPT);
    expect(Buffer.byteLength(body)).toBeLessThan(1_500);
  });

  it.each([
    ["gzip", (body: Buffer) => gunzipSync(body)],
    ["br", (body: Buffer) => brotliDecompressSync(body)],
  ] as const)("compresses pages with %s", async (encoding, decompress) => {
    const response = await rawGet(`${server.url}${landingPath}`, { "Accept-Encoding": encoding });
    expect(response.status).toBe(200);
    expect(response.headers["content-encoding"]).toBe(encoding);
    expect(decompress(response.body).toString("utf8")).toMatch(/^<!DOCTYPE html>/);
  });

  it("logs method, path, status and duration, but never the query string or the client address", async () => {
    logLines.length = 0;
    await (await fetch(`${server.url}/en/hotlines?phone=%2B996000000101`, { headers: { "X-Forwarded-For": "203.0.113.9" } })).text();
    const entry = logLines.find((line) => line.msg === "request" && line.path === "/en/hotlines");
    expect(entry).toMatchObject({ method: "GET", status: 200, durationMs: expect.any(Number) });
    const everything = JSON.stringify(logLines);
    expect(everything).not.toContain("996000000101");
    expect(everything).not.toContain("203.0.113.9");
    expect(everything).not.toContain("127.0.0.1");

    logLines.length = 0;
    await (await fetch(`${server.url}/en/%2B996%20000%20000%20101`)).text();
    await (await fetch(`${server.url}/en/call-996000000101`)).text();
    const paths = logLines.filter((line) => line.msg === "request").map((line) => line.path);
    expect(paths).toEqual(["/en/[number]", "/en/call-[number]"]);
  });

  describe("/ and the Accept-Language header", () => {
    it.each([
      ["ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7", "/ru"],
      ["en-GB,en;q=0.9", "/en"],
      ["ky", "/ky"],
      ["de;q=1, kk;q=0.8, ru;q=0.5", "/kk"],
      ["ru;q=0.4, uz;q=0.6", "/uz"],
      ["ru;q=0.5, tg;q=0.5", "/ru"],
      ["fa-AF,fa;q=0.9", "/fa-AF"],
      ["fa-IR", "/fa-AF"],
      ["prs", "/fa-AF"],
      ["ps-AF,ps;q=0.9,en;q=0.5", "/ps"],
      ["pbt", "/ps"],
      ["ckb", "/ckb"],
      ["ckb-IQ;q=0.9, ar;q=0.8", "/ckb"],
      ["ku-Arab-IQ, ar;q=0.5", "/ckb"],
      ["ku, ar;q=0.5", "/ar"],
      ["ar-IQ", "/ar"],
      ["ur-PK", "/ur"],
      ["en;q=0, ru;q=0.1", "/ru"],
      ["*, ru;q=0.5", "/ru"],
    ])("%s → %s (302, Vary: Accept-Language)", async (header, location) => {
      const response = await fetch(`${server.url}/`, { headers: { "Accept-Language": header }, redirect: "manual" });
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe(location);
      expect(response.headers.get("vary")).toMatch(/Accept-Language/i);
      expect(response.headers.get("cache-control")).toMatch(/private/);
    });

    it.each([[""], ["de-DE,de;q=0.9"], ["*"], ["ku"], ["en;q=0"], ["ru;q=bad"]])(
      "'%s' (nothing usable) → the language chooser in English",
      async (header) => {
        const page = await get(`${server.url}/`, header ? { "Accept-Language": header } : {});
        expect(page.status).toBe(200);
        expect(page.headers.get("vary")).toMatch(/Accept-Language/i);
        expect(htmlElement(page.html)).toMatchObject({ lang: "en", dir: "ltr" });
        expect(text(page.html)).toContain(uiStrings("en").languageChooserTitle);
        for (const locale of LOCALES) {
          expect(anchors(page.html)).toContainEqual(
            expect.objectContaining({ href: `/${locale}`, hreflang: locale, lang: locale, text: endonym(locale) }),
          );
        }
        expectOnlyTheQuickExitScript(page.html);
      },
    );

    it("/languages always shows the chooser, whatever the header says", async () => {
      const page = await get(`${server.url}/languages`, { "Accept-Language": "ru" });
      expect(page.status).toBe(200);
      expect(anchors(page.html).filter((link) => link.hreflang)).toHaveLength(LOCALES.length);
      expect(page.headers.get("cache-control")).toBe(PUBLIC_CACHE);
    });
  });

  it("robots.txt allows everything but operational paths and names the sitemap", async () => {
    const response = await fetch(`${server.url}/robots.txt`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    const body = await response.text();
    expect(body).toMatch(/^User-agent: \*$/m);
    expect(body).toMatch(/^Allow: \/$/m);
    for (const path of ["/webhooks/", "/dev/", "/healthz"]) expect(body).toContain(`Disallow: ${path}\n`);
    expect(body).toContain(`Sitemap: ${server.env.PUBLIC_BASE_URL}/sitemap.xml`);
  });

  it("sitemap.xml lists every locale's home and hotlines, and every campaign and page in each of its locales, with alternates", async () => {
    const response = await fetch(`${server.url}/sitemap.xml`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/xml/);
    const xml = await response.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(xml).toContain('xmlns:xhtml="http://www.w3.org/1999/xhtml"');
    const urls = [...xml.matchAll(/<url>([\s\S]*?)<\/url>/g)].map((match) => ({
      loc: /<loc>([^<]+)<\/loc>/.exec(match[1]!)![1]!,
      alternates: [...match[1]!.matchAll(/<xhtml:link rel="alternate" hreflang="([^"]+)" href="([^"]+)"\/>/g)].map((link) => link[1]!),
    }));
    const base = server.env.PUBLIC_BASE_URL;
    const locs = new Set(urls.map((url) => url.loc));
    const entries = await server.content.sitemap(new Date().toISOString().slice(0, 10));
    const expected = [
      ...LOCALES.flatMap((locale) => [`${base}/${locale}`, `${base}/${locale}/hotlines`]),
      ...entries.flatMap((entry) =>
        entry.locales.map((locale) => `${base}/${locale}/${entry.campaign}${entry.page ? `/${entry.page}` : ""}`),
      ),
    ];
    expect(entries.some((entry) => entry.page)).toBe(true);
    for (const loc of expected) expect(locs, loc).toContain(loc);
    expect(urls).toHaveLength(expected.length);
    for (const url of urls) expect(url.alternates).toContain("x-default");
    const home = urls.find((url) => url.loc === `${base}/en`)!;
    expect(home.alternates).toEqual([...LOCALES, "x-default"]);
  });
});

describe("the page cache", () => {
  let server: TestServer;
  let dir: string;
  // The server's one clock: the page cache ages on it like the content cache does.
  let nowMs = Date.parse("2026-03-02T10:00:00Z");
  beforeAll(async () => {
    await mkdir(TEST_TMP_DIR, { recursive: true });
    dir = await mkdtemp(path.join(TEST_TMP_DIR, "page-cache-dataset-"));
    await cp(SAMPLE_DATASET_DIR, dir, { recursive: true });
    server = await startTestServer({ env: { CONTENT_DATASET_DIR: dir }, now: () => new Date(nowMs) });
  });
  afterAll(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("serves a public page from memory for a few seconds of the app's clock, but never to a request carrying credentials", async () => {
    const [hotline] = await server.content.hotlines("en");
    expect(hotline).toBeDefined();
    const before = await get(`${server.url}/en/hotlines`);
    expect(text(before.html)).toContain(hotline!.organization);

    // Rename the hotline in the dataset and drop the content cache (not the page cache).
    const renamed = "Renamed hotline for the page-cache test";
    for (const name of (await readdir(dir)).filter((file) => file.endsWith(".ndjson"))) {
      const file = path.join(dir, name);
      const lines = (await readFile(file, "utf8")).split("\n").map((line) => {
        if (!line.trim()) return line;
        const document = JSON.parse(line) as { _id: string; organization?: Record<string, string> };
        return document._id === hotline!._id
          ? JSON.stringify({ ...document, organization: { ...document.organization, en: renamed } })
          : line;
      });
      await writeFile(file, lines.join("\n"));
    }
    server.content.invalidate();

    const cached = await get(`${server.url}/en/hotlines`);
    expect(cached.status).toBe(200);
    expect(text(cached.html)).toContain(hotline!.organization);
    expect(text(cached.html)).not.toContain(renamed);
    expectSecurityHeaders(cached.headers);
    expect(cached.headers.get("cache-control")).toBe(PUBLIC_CACHE);

    const withCookie = await get(`${server.url}/en/hotlines`, { Cookie: "staff=1" });
    expect(text(withCookie.html)).toContain(renamed);

    // Five seconds later on the app's clock (not the wall clock), the page is rendered afresh.
    nowMs += 5_001;
    const expired = await get(`${server.url}/en/hotlines`);
    expect(text(expired.html)).toContain(renamed);
  });
});

describe("in production", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      env: {
        NODE_ENV: "production",
        PUBLIC_BASE_URL: "https://campaigns.example.org",
        SESSION_SECRET: "a-production-session-secret-of-at-least-32-characters",
      },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("sends HSTS and canonical URLs on the public origin", async () => {
    const page = await get(`${server.url}/en/hotlines`);
    expect(page.status).toBe(200);
    expect(page.headers.get("strict-transport-security")).toMatch(/max-age=\d{8,}/);
    expect(elements(page.html, "link").find((link) => link.rel === "canonical")?.href).toBe("https://campaigns.example.org/en/hotlines");
  });

  it("serves no sample hotlines, so pages show no sample notice", async () => {
    const strings = uiStrings("en");
    for (const pagePath of ["/en", "/en/hotlines"]) {
      const page = await get(`${server.url}${pagePath}`);
      expect(page.status).toBe(200);
      expect(text(page.html)).not.toContain(strings.sampleNotice);
      expect(page.html).not.toContain('data-notice="sample-content"');
    }
  });
});
