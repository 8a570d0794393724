/**
 * Inbound webhook bench, through the real app over HTTP (express + the Remix build, on PGlite, the
 * default deployment, and on PostgreSQL when TEST_DATABASE_URL is set): signed Twilio requests
 * with unique MessageSids at a fixed 200 requests/s for 20 s, a mix of HELP, JOIN and unknown
 * text from 3,000 numbers in Kyrgyzstan, Afghanistan and Iraq. Targets: p99 latency under 50 ms,
 * and on PostgreSQL at most 1.5 ms of server CPU per message.
 *
 * Baseline, measured in the same run: a bare Express POST handler that reads the same body and
 * answers the same empty TwiML, under the same load. Its CPU per request is what HTTP alone
 * costs this process on this machine at this rate; the webhook's is printed as a ratio to it.
 *
 * The load generator runs in a process of its own. The load is open-loop: each request is due at its own time whatever happened to the ones
 * before, and its latency is counted from when it was due, so a stall shows up in the figures
 * instead of silently slowing the sender down (coordinated omission).
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { performance } from "node:perf_hooks";
import { cpus, loadavg } from "node:os";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import express from "express";
import { fileURLToPath, pathToFileURL } from "node:url";
import { randomBytes } from "node:crypto";
import type { ServerBuild } from "@remix-run/node";
import { count, sql } from "drizzle-orm";
import { createContentSource } from "~/content/content-source.server";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { outboxMessages } from "~/db/schema";
import { transactionEndingWith } from "~/db/transaction-ending-with.server";
import { createMessagingServices } from "~/app-services.server";
import { parseEnv } from "~/env.server";
import { createLogger } from "~/lib/logger.server";
import { signTwilioRequest } from "~/messaging/twilio-signature.server";
import { createApp } from "../../server/create-app";
import { writeInboundTestDataset } from "../integration/twilio-inbound-dataset";
import { createTestDatabase, DATABASE_KINDS } from "../setup/test-database";
import { judge, sized } from "./bench-mode";

export const name = "inbound webhook latency";

const RATE_PER_SECOND = 200;
const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? sized(20, 3));
const WARMUP_SECONDS = sized(2, 1);
const TARGET_P99_MS = 50;
/** Server CPU per message (user and system time of the server's process). */
const TARGET_CPU_MS = 1.5;
const NUMBERS = sized(3_000, 500);
/** Requests sent one after another first, to show the time the server spends on one. */
const SERIAL_REQUESTS = sized(300, 50);
const AUTH_TOKEN = "bench-twilio-auth-token";
const PUBLIC_BASE_URL = "https://campaigns.example.org";
const PATH = "/webhooks/twilio/inbound";
const OUR_NUMBER = "+996000000900";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SERVER_BUILD = fileURLToPath(new URL("../../build/server/index.js", import.meta.url));

type Kind = "HELP" | "JOIN" | "unknown";
interface Sample {
  kind: Kind;
  latencyMs: number;
  status: number;
}

function benchNumbers(): string[] {
  const prefixes = ["+99655", "+9370", "+964750"];
  return Array.from({ length: NUMBERS }, (_, i) => `${prefixes[i % 3]}${String(1_000_000 + i).slice(-7)}`);
}

function pickBody(i: number): { kind: Kind; body: string } {
  const roll = i % 10;
  if (roll < 5) return { kind: "HELP", body: "HELP" };
  if (roll < 8) return { kind: "JOIN", body: "JOIN" };
  return { kind: "unknown", body: "hello, is this the right number?" };
}

/**
 * The load generator runs in a process of its own, as Twilio runs on other machines: its HTTP
 * client work shares neither the server's event loop nor its heap. Plain JavaScript, so the
 * process needs no loader; the requests and the samples travel over the IPC channel.
 */
const LOAD_GENERATOR = `
const { Agent, request } = require("node:http");
process.once("message", async ({ url, items, intervalMs }) => {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  function post(item) {
    return new Promise((resolve) => {
      const req = request(url, { method: "POST", agent, headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Length": Buffer.byteLength(item.form),
        "X-Twilio-Signature": item.signature,
      } }, (res) => { res.resume(); res.on("end", () => resolve(res.statusCode || 0)); res.on("error", () => resolve(0)); });
      req.on("error", () => resolve(0));
      req.end(item.form);
    });
  }
  let results;
  if (intervalMs === 0) {
    // One request at a time: the server's own time per request, without queueing.
    results = [];
    for (const item of items) {
      const started = performance.now();
      const status = await post(item);
      results.push({ status, latencyMs: performance.now() - started });
    }
  } else {
    const start = performance.now();
    const pending = [];
    for (let i = 0; i < items.length; i += 1) {
      const due = start + i * intervalMs;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      pending.push(post(items[i]).then((status) => ({ status, latencyMs: performance.now() - due })));
    }
    results = await Promise.all(pending);
  }
  agent.destroy();
  process.send(results, () => process.disconnect());
});
`;

/**
 * Sends `total` signed requests, one every 1000/rate ms (`sequential`: each after the previous
 * answer), and returns a sample per request.
 */
async function openLoop(url: string, numbers: readonly string[], total: number, offset: number, sequential = false): Promise<Sample[]> {
  const items = Array.from({ length: total }, (_, i) => {
    const { kind, body } = pickBody(i + offset);
    const params = {
      MessageSid: `SM${randomBytes(16).toString("hex")}`,
      From: numbers[(i + offset) % numbers.length]!,
      To: OUR_NUMBER,
      Body: body,
      NumMedia: "0",
    };
    return {
      kind,
      form: new URLSearchParams(params).toString(),
      signature: signTwilioRequest(AUTH_TOKEN, `${PUBLIC_BASE_URL}${PATH}`, params),
    };
  });
  const generator = spawn(process.execPath, ["-e", LOAD_GENERATOR], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const results = await new Promise<Array<{ status: number; latencyMs: number }>>((resolve, reject) => {
    generator.once("message", (message) => resolve(message as Array<{ status: number; latencyMs: number }>));
    generator.once("error", reject);
    generator.once("exit", (code) => reject(new Error(`the load generator exited (${code}) before answering`)));
    generator.send({ url, items, intervalMs: sequential ? 0 : 1000 / RATE_PER_SECOND });
  });
  return results.map((result, i) => ({ kind: items[i]!.kind, ...result }));
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function row(label: string, samples: readonly Sample[]): string {
  const sorted = samples.map((s) => s.latencyMs).sort((a, b) => a - b);
  const cells = [50, 90, 99].map((p) => percentile(sorted, p).toFixed(1).padStart(7));
  return `${label.padEnd(10)} ${String(samples.length).padStart(6)} ${cells.join(" ")} ${(sorted.at(-1) ?? 0).toFixed(1).padStart(7)}`;
}

const LABELS = { pglite: "PGlite", postgres: "PostgreSQL" } as const;

interface Verdict {
  kind: "pglite" | "postgres";
  met: boolean;
  p99: number;
  /** Server CPU per message, ms. */
  cpuMs: number;
  /** Why the run fails besides latency: failed requests, missing replies. */
  problems: string[];
}

/**
 * A baseline: CPU per request of a bare Express POST handler (the body read, the empty TwiML
 * answered) under the same open-loop load: what HTTP alone costs here, at this rate. With
 * `database`, each request also runs a transaction of two trivial statements shaped like the
 * webhook's (the first with its BEGIN, the last with its COMMIT): the floor of the design.
 */
async function baselineCpuMs(label: string, database?: Database): Promise<number> {
  if (database) await runSql(database, sql`create table bench_floor (id bigserial primary key, sid text unique not null, n int not null)`);
  let next = 0;
  const transaction = async () => {
    if (!database) return;
    const sid = `floor-${(next += 1)}`;
    await transactionEndingWith(database, async (tx) => {
      await runSql(tx, sql`insert into bench_floor (sid, n) values (${sid}, ${0}) on conflict (sid) do nothing`);
      return { last: sql`update bench_floor set n = n + ${1} where sid = ${sid} returning id`, read: () => undefined };
    });
  };
  const app = express();
  app.post(PATH, (req, res, fail) => {
    req.resume();
    req.on("end", () => {
      transaction().then(() => {
        res.statusCode = 200;
        res.setHeader("Content-Type", "text/xml; charset=utf-8");
        res.end('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
      }, fail);
    });
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${PATH}`;
  try {
    const numbers = benchNumbers();
    await openLoop(url, numbers, WARMUP_SECONDS * RATE_PER_SECOND, 0);
    const before = process.cpuUsage();
    const samples = await openLoop(url, numbers, DURATION_SECONDS * RATE_PER_SECOND, 0);
    const cpu = process.cpuUsage(before);
    const failed = samples.filter((sample) => sample.status !== 200).length;
    if (failed > 0) throw new Error(`baseline "${label}": ${failed} requests failed`);
    const ms = (cpu.user + cpu.system) / 1000 / samples.length;
    console.log(`baseline, ${label}: server CPU ${ms.toFixed(2)} ms per request`);
    return ms;
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** One run against one database: prints its table and its verdict. */
async function benchAgainst(kind: "pglite" | "postgres", build: ServerBuild, httpMs: number): Promise<Verdict> {
  const datasetDir = writeInboundTestDataset();
  const env = parseEnv({
    NODE_ENV: "test",
    LOG_LEVEL: "info",
    PUBLIC_BASE_URL,
    CONTENT_DATASET_DIR: datasetDir,
    TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_SENDERS: `KG=${OUR_NUMBER},default=+447000000900`,
  });
  // Production logs at info: keep the cost of writing the lines; keep only errors, to show them.
  const errors: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const line = chunk.toString();
      if (/"level":(50|60)/.test(line)) errors.push(line.trim());
      done();
    },
  });
  const logger = createLogger({ level: env.LOG_LEVEL, destination });
  const database = await createTestDatabase(kind);
  const floorMs = await baselineCpuMs(
    `the same handler running a two-statement transaction shaped like the webhook's on ${LABELS[kind]}`,
    database.db,
  );
  const content = createContentSource({ env, logger });
  const server = createServer(
    createApp({ build, env, logger, content, db: database.db, ...createMessagingServices(env, { db: database.db, logger }) }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${PATH}`;
  try {
    const numbers = benchNumbers();
    await openLoop(url, numbers, WARMUP_SECONDS * RATE_PER_SECOND, 0);
    const serial = await openLoop(url, numbers, SERIAL_REQUESTS, WARMUP_SECONDS * RATE_PER_SECOND, true);
    const serialSorted = serial.map((s) => s.latencyMs).sort((a, b) => a - b);
    const [before] = await database.db.select({ n: count() }).from(outboxMessages);
    const started = performance.now();
    // The server runs on this thread (the load generator in its own process): its busy share is the
    // server's cost per request, whatever the latencies (which also count waiting for a CPU).
    const loopBefore = performance.eventLoopUtilization();
    // CPU time of this process (user and system): what the server spent, whatever else ran on
    // the machine. The event loop's busy time also counts the moments it was runnable but had
    // no CPU, which on two shared cores inflates it.
    const cpuBefore = process.cpuUsage();
    const samples = await openLoop(url, numbers, DURATION_SECONDS * RATE_PER_SECOND, WARMUP_SECONDS * RATE_PER_SECOND + SERIAL_REQUESTS);
    const loop = performance.eventLoopUtilization(loopBefore);
    const cpu = process.cpuUsage(cpuBefore);
    const seconds = (performance.now() - started) / 1000;
    const [after] = await database.db.select({ n: count() }).from(outboxMessages);

    const failed = samples.filter((s) => s.status !== 200).length;
    const replies = Number(after?.n ?? 0) - Number(before?.n ?? 0);
    const p99 = percentile(
      samples.map((s) => s.latencyMs).sort((a, b) => a - b),
      99,
    );
    const load = loadavg()[0]!;
    console.log(
      `\n${kind === "pglite" ? "PGlite (in memory, the default deployment)" : "PostgreSQL"}: ${samples.length} signed requests in ${seconds.toFixed(1)} s (${(samples.length / seconds).toFixed(0)}/s, offered ${RATE_PER_SECOND}/s); load average ${load.toFixed(2)} on ${cpus().length} cores`,
    );
    console.log(
      `${"request".padEnd(10)} ${"count".padStart(6)} ${"p50 ms".padStart(7)} ${"p90 ms".padStart(7)} ${"p99 ms".padStart(7)} ${"max ms".padStart(7)}`,
    );
    for (const kindOfRequest of ["HELP", "JOIN", "unknown"] as const)
      console.log(
        row(
          kindOfRequest,
          samples.filter((s) => s.kind === kindOfRequest),
        ),
      );
    console.log(row("all", samples));
    const statuses = [...new Set(samples.filter((s) => s.status !== 200).map((s) => s.status))].join(", ");
    console.log(
      `non-200 answers: ${failed}${failed ? ` (status ${statuses})` : ""}; replies queued: ${replies} (one per request expected)`,
    );
    for (const line of errors.slice(0, 5)) console.log(`  error logged: ${line}`);
    console.log(
      `one request at a time (${SERIAL_REQUESTS}): p50 ${percentile(serialSorted, 50).toFixed(1)} ms, p99 ${percentile(serialSorted, 99).toFixed(1)} ms ` +
        `(≈ ${(1000 / percentile(serialSorted, 50)).toFixed(0)} requests/s of capacity on one event loop)`,
    );
    const cpuPerMessage = (cpu.user + cpu.system) / 1000 / samples.length;
    console.log(
      `server CPU ${cpuPerMessage.toFixed(2)} ms per message (user ${(cpu.user / 1000 / samples.length).toFixed(2)}, system ${(cpu.system / 1000 / samples.length).toFixed(2)}; ` +
        `${(cpuPerMessage / httpMs).toFixed(1)}× the bare HTTP baseline; ${(cpuPerMessage / floorMs).toFixed(1)}× the handler with the two-statement transaction); ` +
        `event loop busy ${(100 * loop.utilization).toFixed(0)}% of the run (${(loop.active / samples.length).toFixed(2)} ms per request)` +
        (load > cpus().length ? `; the machine was busy with other work too: latencies include waiting for a CPU` : ""),
    );
    const problems = [
      ...(failed > 0 ? [`${failed} requests not answered 200`] : []),
      ...(replies !== samples.length ? [`${replies} replies queued for ${samples.length} requests`] : []),
    ];
    const verdict: Verdict = { kind, met: problems.length === 0 && p99 < TARGET_P99_MS, p99, cpuMs: cpuPerMessage, problems };
    console.log(verdictLine(verdict));
    return verdict;
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await database.close();
    rmSync(datasetDir, { recursive: true, force: true });
  }
}

function verdictLine({ kind, met, p99, problems }: Verdict): string {
  const latency = `p99 ${p99.toFixed(1)} ms ${p99 < TARGET_P99_MS ? "<" : "≥"} ${TARGET_P99_MS} ms`;
  return `${met ? "PASS" : "FAIL"}  ${LABELS[kind]}: target ${met ? "met" : "NOT met"} (${[latency, ...problems].join("; ")})`;
}

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set (a throwaway database). */
export async function runInboundBench(): Promise<boolean> {
  if (!existsSync(SERVER_BUILD)) execFileSync("npx", ["remix", "build"], { cwd: ROOT, stdio: "inherit" });
  const build = (await import(pathToFileURL(SERVER_BUILD).href)) as ServerBuild;
  const verdicts: Verdict[] = [];
  console.log("");
  const httpMs = await baselineCpuMs("a bare Express POST handler under the same load");
  for (const kind of DATABASE_KINDS) verdicts.push(await benchAgainst(kind, build, httpMs));
  console.log(
    `\ntarget: p99 < ${TARGET_P99_MS} ms at ${RATE_PER_SECOND} requests/s for ${DURATION_SECONDS} s, every request answered and replied to; ` +
      `server CPU ≤ ${TARGET_CPU_MS} ms per message on PostgreSQL`,
  );
  if (!DATABASE_KINDS.includes("postgres")) console.log("(PostgreSQL not measured: set TEST_DATABASE_URL)");
  return judge(
    verdicts.flatMap((verdict) => [
      {
        ok: verdict.problems.length === 0,
        kind: "guarantee" as const,
        text: `${LABELS[verdict.kind]}: every request answered 200 and replied to once${verdict.problems.length ? ` (${verdict.problems.join("; ")})` : ""}`,
      },
      {
        ok: verdict.p99 < TARGET_P99_MS,
        kind: "target" as const,
        text: `${LABELS[verdict.kind]}: p99 ${verdict.p99.toFixed(1)} ms (target < ${TARGET_P99_MS} ms)`,
      },
      // The CPU target is PostgreSQL's (the deployment for many messages); PGlite's is reported.
      {
        ok: verdict.kind === "postgres" ? verdict.cpuMs <= TARGET_CPU_MS : null,
        kind: "target" as const,
        text: `${LABELS[verdict.kind]}: server CPU ${verdict.cpuMs.toFixed(2)} ms per message${verdict.kind === "postgres" ? ` (target ≤ ${TARGET_CPU_MS} ms)` : ""}`,
      },
    ]),
  );
}

export const runBench = runInboundBench;
