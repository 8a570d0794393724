/**
 * The real job processes, as production runs them, for the fault suite: on PostgreSQL the worker
 * of `npm run jobs` (jobs/worker.ts), on PGlite the web process of `npm start` (server.ts), which
 * runs the jobs in-process because PGlite is single-process. Both dispatch through the one loop,
 * the `dispatch-outbox` job (decision 013).
 *
 * A child is configured only through documented variables (README, "Configuration"): the fake
 * Twilio account's credentials in the real format, and TWILIO_API_BASE_URL pointing the Twilio
 * transport at the fake server. It is started as `node --import tsx <entry>`, which is what
 * `npm run jobs` and `npm start` run, without npm or the tsx CLI in between: those add a parent
 * process, and a SIGKILL must hit the process that dispatches.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { FAKE_ACCOUNT_SID, FAKE_AUTH_TOKEN } from "../fixtures/fake-twilio-server";
import { DEFAULT_SENDER, KG_SENDER, PUBLIC_BASE_URL, WHATSAPP_SENDER } from "../db/outbox-kit";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SERVER_BUILD = fileURLToPath(new URL("../../build/server/index.js", import.meta.url));

export type WorkerDatabase = { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string };

export interface WorkerOptions {
  database: WorkerDatabase;
  /** The fake Twilio server's origin (TWILIO_API_BASE_URL). */
  twilioOrigin: string;
  /** More documented variables: OUTBOX_*, CONTENT_DATASET_DIR, LOG_LEVEL … */
  env?: Record<string, string>;
}

/** One line of the child's log (pino JSON on stdout). */
export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface WorkerProcess {
  child: ChildProcess;
  /** Prefix of the worker ids (rows' `leased_by`) of this process: `<host>:<pid>:`. */
  pid: number;
  /** Resolves once the scheduler has registered the jobs. */
  ready: Promise<void>;
  /** Resolves when the process has exited (with its code or the signal that killed it). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The log lines so far. */
  logs(): LogLine[];
  /** Calls `listener` with each log line from now on, as soon as it is read. */
  onLog(listener: (line: LogLine) => void): void;
  /** Everything it printed that is not a log line (a crash's stack), and the last log lines. */
  tail(): string;
}

/** Why the PGlite worker (server.ts) cannot start here, or null: it serves the Remix build. */
export function missingServerBuild(): string | null {
  return existsSync(SERVER_BUILD) ? null : `${SERVER_BUILD} is missing (npm run build, or vitest without SKIP_REMIX_BUILD=1)`;
}

/** The documented configuration of a worker that sends through the fake Twilio. */
export function workerEnv(options: WorkerOptions): Record<string, string> {
  const database: Record<string, string> =
    options.database.kind === "postgres"
      ? { DATABASE_URL: options.database.url }
      : { PGLITE_DATA_DIR: options.database.dataDir, PORT: "0", HOST: "127.0.0.1" };
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    NODE_ENV: "test",
    LOG_LEVEL: "info",
    PUBLIC_BASE_URL,
    TWILIO_ACCOUNT_SID: FAKE_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: FAKE_AUTH_TOKEN,
    TWILIO_SENDERS: `KG=${KG_SENDER},default=${DEFAULT_SENDER}`,
    TWILIO_WHATSAPP_SENDER: WHATSAPP_SENDER,
    TWILIO_API_BASE_URL: options.twilioOrigin,
    OUTBOX_RATE_PER_SENDER: "0",
    ...database,
    ...options.env,
  };
}

export function startWorker(options: WorkerOptions): WorkerProcess {
  const entry = options.database.kind === "postgres" ? "jobs/worker.ts" : "server.ts";
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    // @remix-run/node's globals declare NODE_ENV as required in ProcessEnv; it is set above.
    env: workerEnv(options) as unknown as NodeJS.ProcessEnv,
  });
  const lines: LogLine[] = [];
  let other = "";
  let partial = "";
  const readyListeners: Array<() => void> = [];
  const logListeners: Array<(line: LogLine) => void> = [];
  child.stdout!.on("data", (chunk: Buffer) => {
    const text = partial + chunk.toString("utf8");
    const complete = text.split("\n");
    partial = complete.pop() ?? "";
    for (const line of complete) {
      if (!line.startsWith("{")) {
        other += `${line}\n`;
        continue;
      }
      const parsed = JSON.parse(line) as LogLine;
      lines.push(parsed);
      for (const listener of logListeners) listener(parsed);
      if (parsed.msg === "jobs scheduled") for (const listener of readyListeners) listener();
    }
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    other += chunk.toString("utf8");
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal }));
  });
  const tail = () =>
    `${other.slice(-4_000)}\n${lines
      .slice(-30)
      .map((line) => JSON.stringify(line))
      .join("\n")}`;
  const ready = new Promise<void>((resolve, reject) => {
    readyListeners.push(resolve);
    void exited.then(({ code, signal }) => reject(new Error(`${entry} exited (${code ?? signal}) before it was ready:\n${tail()}`)));
  });
  ready.catch(() => undefined);
  return { child, pid: child.pid!, ready, exited, logs: () => lines, onLog: (listener) => void logListeners.push(listener), tail };
}

/** Waits for a worker to exit, killing it (and failing) after `timeoutMs`. */
export async function waitForExit(
  worker: WorkerProcess,
  timeoutMs: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      worker.child.kill("SIGKILL");
      reject(new Error(`worker did not finish within ${timeoutMs} ms:\n${worker.tail()}`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([worker.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** SIGTERM, as an orchestrator stops a worker: runs in flight finish, then it exits 0. */
export async function stopWorker(
  worker: WorkerProcess,
  timeoutMs = 60_000,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  worker.child.kill("SIGTERM");
  return waitForExit(worker, timeoutMs);
}

/** Rows per worker process (by the pid in their `leased_by`), for workers given by name. */
export function byProcess(rowsByLeaseHolder: Record<string, number>, workers: Record<string, WorkerProcess>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [holder, rows] of Object.entries(rowsByLeaseHolder)) {
    const name = Object.entries(workers).find(([, worker]) => holder.includes(`:${worker.pid}:`))?.[0] ?? holder;
    counts[name] = (counts[name] ?? 0) + rows;
  }
  return counts;
}
