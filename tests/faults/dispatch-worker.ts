/**
 * A dispatcher process for the fault-tolerance tests: the production loop (`startDispatcher`),
 * the real Twilio transport and SDK, pointed at the fake Twilio server the parent test runs.
 * The parent may SIGKILL it at any moment; that is the point.
 *
 * Run as `node --import tsx tests/faults/dispatch-worker.ts`, configured by environment:
 *   FAULT_DATABASE      "postgres:<url>" or "pglite:<data directory>" (this process owns it)
 *   FAULT_TWILIO_ORIGIN the fake's origin (http://127.0.0.1:<port>)
 *   FAULT_WORKER_ID     the dispatcher's worker id (rows keep it in leased_by)
 *   FAULT_MODE          "run": dispatch until killed or SIGTERM;
 *                       "drain": exit 0 once no row is queued or sending
 *   FAULT_CONCURRENCY   sends in flight per tick (default 16)
 *   OUTBOX_*            as in production (batch size, lease, interval, rate)
 * It prints one line, `ready`, once the database is open, and `drained` before a drain exit.
 * Logs (no numbers, no bodies: the app's logger) go to stderr at FAULT_LOG_LEVEL (default warn).
 */
import { sql } from "drizzle-orm";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { openDatabase, type DatabaseTarget } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { createLogger } from "~/lib/logger.server";
import { createTransport } from "~/messaging/transports/transports.server";
import { startDispatcher } from "~/outbox/dispatcher.server";
import { testEnv } from "../db/outbox-kit";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

function databaseTarget(value: string): DatabaseTarget {
  if (value.startsWith("postgres:")) return { kind: "postgres", url: value.slice("postgres:".length), maxConnections: 4 };
  if (value.startsWith("pglite:")) return { kind: "pglite", dataDir: value.slice("pglite:".length) };
  throw new Error("FAULT_DATABASE must start with postgres: or pglite:");
}

const outboxOverrides = Object.fromEntries(
  Object.entries(process.env).filter((entry): entry is [string, string] => entry[0].startsWith("OUTBOX_") && entry[1] !== undefined),
);
const env = testEnv(outboxOverrides);
const logger = createLogger({ level: process.env.FAULT_LOG_LEVEL ?? "warn", name: "fault-worker", destination: process.stderr });
const keyring = phoneKeyringFromEnv(env);
const mode = process.env.FAULT_MODE === "drain" ? "drain" : "run";

const database = await openDatabase(databaseTarget(required("FAULT_DATABASE")));
const transport = createTransport(env, { db: database.db, keyring, logger, twilioApiOrigin: required("FAULT_TWILIO_ORIGIN") });
process.stdout.write("ready\n");

const dispatcher = startDispatcher({
  db: database.db, transport, keyring, logger, env,
  workerId: required("FAULT_WORKER_ID"),
  concurrency: Number(process.env.FAULT_CONCURRENCY ?? 16),
});

async function finish(code: number): Promise<never> {
  await dispatcher.stop();
  await database.close();
  process.exit(code);
}

process.on("SIGTERM", () => void finish(0));

if (mode === "drain") {
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    try {
      const open = await runSql<{ open: number }>(database.db, sql`
        select count(*)::int as open from outbox_messages where status in ('queued', 'sending')`);
      if (Number(open.rows[0]?.open ?? 1) === 0) break;
    } catch (error) {
      // The database may be restarting under us (a test does that): ask again.
      logger.warn({ error: error instanceof Error ? error.name : "unknown" }, "fault worker: progress query failed");
    }
  }
  process.stdout.write("drained\n");
  await finish(0);
}
