/**
 * Process entry for the web server: configuration, database (created and migrated on start),
 * content source, scheduled jobs, the Remix app, and a graceful shutdown on SIGTERM/SIGINT
 * (requests in flight and job runs in flight finish first).
 */
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { loadEnvOrExit } from "./app/env.server";
import { createLogger } from "./app/lib/logger.server";
import { databaseTargetFromEnv, openDatabase } from "./app/db/client.server";
import { migrateDatabase } from "./app/db/migrate.server";
import { createContentSource } from "./app/content/content-source.server";
import { createApp } from "./server/create-app";
import { phoneKeyringFromEnv } from "./app/audience/phone-keyring.server";
import { createTransport } from "./app/messaging/transports/transports.server";
import { registerJobs } from "./jobs/scheduler";

const SHUTDOWN_GRACE_MS = 10_000;

const env = loadEnvOrExit();
const logger = createLogger({ level: env.LOG_LEVEL });

const target = databaseTargetFromEnv(env);
if (target.kind === "pglite") mkdirSync(target.dataDir, { recursive: true });
const database = await openDatabase(target);
await migrateDatabase(database);
logger.info({ database: database.kind }, "database ready");

const content = createContentSource({ env, logger });

// Jobs (outbox dispatch, reconciliation, retention, hotline checks) run in this process unless
// JOBS=off; with PostgreSQL, more web processes run JOBS=off and `npm run jobs` workers.
const keyring = phoneKeyringFromEnv(env);
const transport = createTransport(env, { db: database.db, keyring, logger });
const jobs = env.JOBS
  ? registerJobs({ db: database.db, dbKind: database.kind, content, env, logger, keyring, transport })
  : null;
logger.info({ jobs: jobs?.names ?? [], transport: env.messagingEnabled ? transport.name : "off" }, "jobs ready");
const build = await import(new URL("./build/server/index.js", import.meta.url).href);
const app = createApp({ build, env, logger, content, db: database.db });

const server = app.listen(env.PORT, env.HOST, () => {
  const { port } = server.address() as AddressInfo;
  logger.info({ port, content: content.backend, env: env.NODE_ENV, baseUrl: env.PUBLIC_BASE_URL }, "listening");
});

let shuttingDown = false;
async function shutdown(signal: string): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  logger.info({ signal }, "shutting down: finishing requests in flight");
  const forceClose = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
  forceClose.unref();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
  await jobs?.stop();
  await database.close();
  logger.info("stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
