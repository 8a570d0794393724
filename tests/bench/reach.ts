/**
 * Reach counting benches (issue 13):
 * - page throughput with counting on ÷ off, same run, same page cache (target ≥ 0.8): a burst on
 *   a landing page, as an SMS broadcast causes, rounds alternating so drift hits both alike;
 * - event ingestion on PGlite through the real path (validated record → buffer → batched
 *   INSERT), target ≥ 5,000 events/s, and as a ratio to a bare loop of the same multi-row
 *   INSERTs into a table without indexes or defaults;
 * - rollup refresh after 100,000 new events (target < 2 s).
 */
import { createMessagingServices } from "~/app-services.server";
import { createServer, Agent, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { sql } from "drizzle-orm";
import pg from "pg";
import { createReachEventBuffer } from "~/analytics/reach-event-buffer.server";
import { reachEventRecord, type ReachEventRecord } from "~/analytics/reach-event-record";
import { refreshReachRollups } from "~/analytics/reach-rollup.server";
import { insertReachEvents } from "~/analytics/record-reach-events.server";
import { createSiteReach } from "~/analytics/site-reach.server";
import { createContentSource } from "~/content/content-source.server";
import { openDatabase } from "~/db/client.server";
import { migrateDatabase } from "~/db/migrate.server";
import { runSql } from "~/db/run-sql.server";
import { parseEnv } from "~/env.server";
import { createLogger } from "~/lib/logger.server";
import { createApp } from "../../server/create-app";
import { judge, sized, type BenchCheck } from "./bench-mode";

export const name = "reach: counting cost, ingestion, rollup refresh";

const SERVER_BUILD = fileURLToPath(new URL("../../build/server/index.js", import.meta.url));
const PHONE_UA = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Requests per second for `total` GETs, `concurrency` at a time, distinct client addresses by header. */
async function requestsPerSecond(url: string, total: number, concurrency: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let sent = 0;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const n = sent++;
      const req = request(
        url,
        { agent, headers: { "user-agent": PHONE_UA, "x-forwarded-for": `95.46.${n % 250}.${(n >> 8) % 250}`, "accept-encoding": "gzip" } },
        (res) => {
          res.resume();
          res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
        },
      );
      req.on("error", reject);
      req.end();
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (sent < total) await one();
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return total / seconds;
}

/** One clock for the run: the events are dated a day or two before it, whatever the date. */
const RUN_NOW = new Date();
const DAY_MS = 86_400_000;

function sampleEvents(count: number, at: Date): ReachEventRecord[] {
  const countries = ["KG", "TJ", "UZ", "KZ", "AF", "PK", "IQ", "RU", "TR"];
  return Array.from({ length: count }, (_, index) =>
    reachEventRecord({
      occurredAt: new Date(at.getTime() + (index % 3_600) * 1_000),
      event: index % 7 === 0 ? "hotline_tap" : "page_view",
      channel: "web",
      campaign: index % 2 === 0 ? "safe-work" : "know-your-rights",
      country: countries[index % countries.length]!,
      locale: index % 3 === 0 ? "ru" : "ky",
      page: "campaign",
      detail: index % 7 === 0 ? "tel" : "",
      visitorHash: index % 7 === 0 ? null : (index % 5_000).toString(16).padStart(64, "0"),
    }),
  );
}

export async function runBench(): Promise<boolean> {
  const checks: BenchCheck[] = [];
  const env = parseEnv({
    NODE_ENV: "test",
    CONTENT_DATASET_DIR: fileURLToPath(new URL("../../campaigns", import.meta.url)),
    LOG_LEVEL: "silent",
    TRUST_PROXY: "true",
  });
  const logger = createLogger({ level: "silent" });
  const content = createContentSource({ env, logger });
  const database = await openDatabase({ kind: "pglite", dataDir: "memory" });
  await migrateDatabase(database);
  const build = (await import(pathToFileURL(SERVER_BUILD).href)) as ServerBuild;
  const reach = createSiteReach({ db: database.db, env, logger, content });
  const messaging = createMessagingServices(env, { db: database.db, logger });
  const countingServer = createServer(createApp({ build, env, logger, content, db: database.db, ...messaging, reach }));
  const plainServer = createServer(createApp({ build, env, logger, content, db: database.db, ...messaging }));
  try {
    // 1. Page throughput, counting on ÷ off.
    const onUrl = await listen(countingServer);
    const offUrl = await listen(plainServer);
    const today = RUN_NOW.toISOString().slice(0, 10);
    const landing = (await content.sitemap(today)).find((entry) => !entry.page && entry.locales.includes("en"));
    if (!landing) throw new Error("no live English campaign in the dataset");
    const path = `/en/${landing.campaign}`;
    const total = sized(4_000, 400);
    await requestsPerSecond(`${offUrl}${path}`, 200, 8);
    await requestsPerSecond(`${onUrl}${path}`, 200, 8);
    let off = 0;
    let on = 0;
    for (let round = 0; round < 3; round += 1) {
      off = Math.max(off, await requestsPerSecond(`${offUrl}${path}`, total, 16));
      on = Math.max(on, await requestsPerSecond(`${onUrl}${path}`, total, 16));
    }
    await reach.flush();
    const { rows: counted } = await runSql<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from reach_events where event = 'page_view'`,
    );
    const ratio = on / off;
    console.log(
      `\nLanding page ${path}, page cache on, 16 concurrent: off ${off.toFixed(0)} req/s, on ${on.toFixed(0)} req/s, page views counted ${counted[0]!.n}`,
    );
    checks.push({ kind: "target", ok: ratio >= 0.8, text: `page throughput counting on ÷ off: ${ratio.toFixed(2)} (target ≥ 0.8)` });
    checks.push({
      kind: "guarantee",
      ok: Number(counted[0]!.n) === 3 * total + 200,
      text: `every page view counted: ${counted[0]!.n} of ${3 * total + 200}`,
    });
    await close(countingServer);
    await close(plainServer);
    await reach.stop();

    // 2. Ingestion: validated records through the buffer, against a bare INSERT loop of the same rows.
    const count = sized(100_000, 10_000);
    const at = new Date(RUN_NOW.getTime() - 2 * DAY_MS);
    const inputs = sampleEvents(count, at);
    const buffer = createReachEventBuffer({ db: database.db, logger, maxEvents: 500 });
    const ingestStarted = performance.now();
    for (const event of inputs) buffer.push(reachEventRecord(event));
    await buffer.stop();
    const ingestSeconds = (performance.now() - ingestStarted) / 1000;
    await runSql(
      database.db,
      sql`create table bench_bare (occurred_at timestamptz, campaign text, country text, region text,
      locale text, channel text, event text, detail text, page text, hotline_id text, visitor_hash text)`,
    );
    const bareStarted = performance.now();
    for (let start = 0; start < inputs.length; start += 500) {
      const chunk = inputs.slice(start, start + 500);
      await runSql(
        database.db,
        sql`insert into bench_bare values ${sql.join(
          chunk.map(
            (e) => sql`(${e.occurredAt.toISOString()}::timestamptz, ${e.campaign}, ${e.country}, ${e.region}, ${e.locale},
          ${e.channel}, ${e.event}, ${e.detail}, ${e.page}, ${e.hotlineId}, ${e.visitorHash})`,
          ),
          sql`, `,
        )}`,
      );
    }
    const bareSeconds = (performance.now() - bareStarted) / 1000;
    const ingestRate = count / ingestSeconds;
    const bareRate = count / bareSeconds;
    console.log(
      `\nIngestion on PGlite, ${count} events in batches of 500: ${ingestRate.toFixed(0)} events/s; bare INSERT loop ${bareRate.toFixed(0)} rows/s`,
    );
    checks.push({ kind: "target", ok: ingestRate >= 5_000, text: `event ingestion: ${ingestRate.toFixed(0)} events/s (target ≥ 5,000)` });
    checks.push({ kind: "target", ok: null, text: `ingestion ÷ bare insert loop: ${(ingestRate / bareRate).toFixed(2)}` });

    // 3. Rollup refresh after 100,000 new events (the ones above, plus more to reach the size).
    await refreshReachRollups(database.db, { now: RUN_NOW });
    const fresh = sized(100_000, 10_000);
    await insertReachEvents(database.db, sampleEvents(fresh, new Date(RUN_NOW.getTime() - DAY_MS)));
    const refreshStarted = performance.now();
    const refreshed = await refreshReachRollups(database.db, { now: RUN_NOW });
    const refreshMs = performance.now() - refreshStarted;
    console.log(`\nRollup refresh: ${refreshed.eventsRolledUp} new events in ${refreshMs.toFixed(0)} ms`);
    checks.push({
      kind: "guarantee",
      ok: refreshed.eventsRolledUp === fresh,
      text: `refresh rolled up every new event: ${refreshed.eventsRolledUp}`,
    });
    checks.push({
      kind: "target",
      ok: refreshMs < 2_000,
      text: `rollup refresh after ${fresh} new events: ${refreshMs.toFixed(0)} ms (target < 2,000 ms)`,
    });

    // 4. The same refresh on PostgreSQL, when one is configured (a throwaway database).
    const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
    if (pgUrl) {
      const dbName = `pc_bench_reach_${Date.now()}`;
      const admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${dbName}`);
      const url = new URL(pgUrl);
      url.pathname = `/${dbName}`;
      const postgres = await openDatabase({ kind: "postgres", url: url.toString() });
      try {
        await migrateDatabase(postgres);
        await insertReachEvents(postgres.db, sampleEvents(fresh, new Date(RUN_NOW.getTime() - DAY_MS)));
        const started = performance.now();
        const done = await refreshReachRollups(postgres.db, { now: RUN_NOW });
        const ms = performance.now() - started;
        console.log(`Rollup refresh on PostgreSQL: ${done.eventsRolledUp} new events in ${ms.toFixed(0)} ms`);
        checks.push({
          kind: "target",
          ok: ms < 2_000,
          text: `rollup refresh on PostgreSQL after ${fresh} new events: ${ms.toFixed(0)} ms (target < 2,000 ms)`,
        });
      } finally {
        await postgres.close();
        await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
        await admin.end();
      }
    }
  } finally {
    if (countingServer.listening) await close(countingServer);
    if (plainServer.listening) await close(plainServer);
    await content.stop();
    await database.close();
  }
  return judge(checks);
}
