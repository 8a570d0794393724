/**
 * Landing-page bench, through the real app over HTTP:
 * 1. Bytes on the wire of every live campaign's landing page in every locale it publishes: HTML
 *    plus its one stylesheet, as the server sends them with gzip and with brotli. Target: under
 *    14 KB (the first round trip of a new connection, ten TCP segments), as linked files. The
 *    same page with the CSS inlined is measured alongside, to show the choice of a linked file.
 * 2. Requests per second of one landing page through the real app, against a bare node:http
 *    server sending the same bytes, measured in the same run with the same load loop (rounds
 *    alternate between the servers and the median counts, since the machine may be shared).
 *    Target: ≥ 0.25 for the app as deployed (public pages rendered at most once per few seconds);
 *    the app rendering every request is measured alongside and reported for information.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { Agent, createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath, pathToFileURL } from "node:url";
import { brotliCompressSync, constants as zlibConstants, gzipSync } from "node:zlib";
import type { ServerBuild } from "@remix-run/node";
import { createContentSource } from "~/content/content-source.server";
import { openDatabase } from "~/db/client.server";
import { createMessagingServices } from "~/app-services.server";
import { parseEnv } from "~/env.server";
import { createLogger } from "~/lib/logger.server";
import { createApp } from "../../server/create-app";
import { judge, sized } from "./bench-mode";

export const name = "landing pages: size and throughput";

const BUDGET_BYTES = 14 * 1024;
const MIN_THROUGHPUT_RATIO = 0.25;
const REQUESTS = sized(1_000, 200);
const ROUNDS = sized(3, 1);
const WARMUP_REQUESTS = sized(200, 50);
const CONCURRENCY = 16;

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SERVER_BUILD = fileURLToPath(new URL("../../build/server/index.js", import.meta.url));

interface WireResponse {
  status: number;
  encoding: string | undefined;
  body: Buffer;
}

function fetchRaw(url: string, acceptEncoding: string, agent?: Agent): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { "Accept-Encoding": acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const encoding = res.headers["content-encoding"];
        resolve({
          status: res.statusCode ?? 0,
          encoding: typeof encoding === "string" ? encoding : undefined,
          body: Buffer.concat(chunks),
        });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

async function wireBytes(url: string, encoding: "gzip" | "br"): Promise<number> {
  const response = await fetchRaw(url, encoding);
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  // Below the compression middleware's 1 kB threshold a file goes as it is (the quick-exit script).
  const tooSmallToCompress = !response.encoding && response.body.length < 1024;
  if (response.encoding !== encoding && !tooSmallToCompress) {
    throw new Error(`${url} was not sent with ${encoding} (got ${response.encoding ?? "identity"})`);
  }
  return response.body.length;
}

/** The compression middleware's settings: zlib's default level for gzip, quality 4 for brotli. */
function compressed(text: string, encoding: "gzip" | "br"): number {
  return encoding === "gzip"
    ? gzipSync(text).length
    : brotliCompressSync(text, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } }).length;
}

/** Requests per second of `total` GETs with `concurrency` keep-alive connections. */
async function requestsPerSecond(url: string, total: number, concurrency: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    let issued = 0;
    const worker = async () => {
      while (issued < total) {
        issued++;
        const response = await fetchRaw(url, "identity", agent);
        if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    return total / ((performance.now() - started) / 1000);
  } finally {
    agent.destroy();
  }
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join("  ");
  return [line(headers), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(line)].join("\n");
}

/** Runs the bench, prints its tables and returns whether every target was met. */
export async function runBench(): Promise<boolean> {
  if (process.env.SKIP_REMIX_BUILD !== "1" || !existsSync(SERVER_BUILD)) {
    execFileSync("npx", ["remix", "build"], { cwd: ROOT, stdio: "ignore", env: { ...process.env, NODE_ENV: "production" } });
  }
  const env = parseEnv({
    NODE_ENV: "test",
    CONTENT_DATASET_DIR: fileURLToPath(new URL("../../campaigns", import.meta.url)),
    LOG_LEVEL: "silent",
  });
  const logger = createLogger({ level: "silent" });
  const content = createContentSource({ env, logger });
  // Landing pages never touch the database; an empty in-memory PGlite satisfies the app's contract.
  const database = await openDatabase({ kind: "pglite", dataDir: "memory" });
  const build = (await import(pathToFileURL(SERVER_BUILD).href)) as ServerBuild;
  const services = { env, logger, content, db: database.db, ...createMessagingServices(env, { db: database.db, logger }) };
  const appServer = createServer(createApp({ build, ...services }));
  const renderingServer = createServer(createApp({ build, ...services, pageCache: false }));
  let bareServer: Server | undefined;
  try {
    const appUrl = await listen(appServer);
    const renderingUrl = await listen(renderingServer);
    const today = new Date().toISOString().slice(0, 10);
    const landings = (await content.sitemap(today))
      .filter((entry) => !entry.page)
      .flatMap((entry) => entry.locales.map((locale) => ({ campaign: entry.campaign, locale, path: `/${locale}/${entry.campaign}` })));
    if (landings.length === 0) throw new Error("no live campaign in the dataset");

    // 1. Size.
    const rows: string[][] = [];
    let sizeOk = true;
    for (const landing of landings) {
      const html = (await fetchRaw(`${appUrl}${landing.path}`, "identity")).body.toString("utf8");
      const stylesheets = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((match) => match[1]!);
      const css = (
        await Promise.all(stylesheets.map(async (href) => (await fetchRaw(`${appUrl}${href}`, "identity")).body.toString("utf8")))
      ).join("\n");
      let gzipLinked = await wireBytes(`${appUrl}${landing.path}`, "gzip");
      let brLinked = await wireBytes(`${appUrl}${landing.path}`, "br");
      // The quick exit's script is fetched by every page too (decision 028): it counts against the budget.
      const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((match) => match[1]!);
      for (const href of [...stylesheets, ...scripts]) {
        gzipLinked += await wireBytes(`${appUrl}${href}`, "gzip");
        brLinked += await wireBytes(`${appUrl}${href}`, "br");
      }
      const inlined = html.replace(/<link rel="stylesheet" href="[^"]+"\/>/g, "").replace("</head>", `<style>${css}</style></head>`);
      const pass = gzipLinked < BUDGET_BYTES && brLinked < BUDGET_BYTES;
      sizeOk &&= pass;
      rows.push([
        landing.campaign,
        landing.locale,
        kb(Buffer.byteLength(html)),
        kb(Buffer.byteLength(css)),
        kb(gzipLinked),
        kb(brLinked),
        kb(compressed(inlined, "gzip")),
        kb(compressed(inlined, "br")),
        pass ? "PASS" : "FAIL",
      ]);
    }
    console.log(`\nLanding page HTML + CSS + the quick-exit script on the wire (target < ${kb(BUDGET_BYTES)}, linked files as served)\n`);
    console.log(
      table(["campaign", "locale", "html raw", "css raw", "gzip linked", "br linked", "gzip inline", "br inline", "result"], rows),
    );

    // 2. Throughput, against a bare server sending the same bytes.
    const sample = landings.find((landing) => landing.locale === "en") ?? landings[0]!;
    const pageUrl = `${appUrl}${sample.path}`;
    const bytes = (await fetchRaw(pageUrl, "identity")).body;
    bareServer = createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": bytes.length });
      res.end(bytes);
    });
    const bareUrl = await listen(bareServer);
    const targets = { app: pageUrl, rendering: `${renderingUrl}${sample.path}`, bare: `${bareUrl}/` };
    for (const url of Object.values(targets)) await requestsPerSecond(url, WARMUP_REQUESTS, CONCURRENCY);
    const rates = { app: [] as number[], rendering: [] as number[], bare: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const [server, url] of Object.entries(targets) as Array<[keyof typeof targets, string]>) {
        rates[server].push(await requestsPerSecond(url, REQUESTS, CONCURRENCY));
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const bareRate = median(rates.bare);
    const appRatio = median(rates.app) / bareRate;
    const renderingRatio = median(rates.rendering) / bareRate;
    const throughputOk = appRatio >= MIN_THROUGHPUT_RATIO;
    console.log(
      `\nThroughput of ${sample.path} (median of ${ROUNDS} alternating rounds of ${REQUESTS} requests, ${CONCURRENCY} keep-alive connections, same process)\n`,
    );
    console.log(
      table(
        ["server", "requests/s", "ratio", "target", "result"],
        [
          [
            "app as deployed (5 s page cache)",
            median(rates.app).toFixed(0),
            appRatio.toFixed(2),
            `≥ ${MIN_THROUGHPUT_RATIO}`,
            throughputOk ? "PASS" : "FAIL",
          ],
          ["app rendering every request", median(rates.rendering).toFixed(0), renderingRatio.toFixed(2), "(info)", ""],
          ["bare node:http, same bytes", bareRate.toFixed(0), "1.00", "", ""],
        ],
      ),
    );
    return judge([
      { ok: sizeOk, kind: "guarantee", text: `all ${landings.length} landing pages under ${kb(BUDGET_BYTES)} with gzip and with brotli` },
      {
        ok: throughputOk,
        kind: "target",
        text: `app as deployed ${appRatio.toFixed(2)}× a bare server sending the same bytes (target ≥ ${MIN_THROUGHPUT_RATIO})`,
      },
    ]);
  } finally {
    await close(appServer);
    await close(renderingServer);
    if (bareServer) await close(bareServer);
    await database.close();
  }
}
