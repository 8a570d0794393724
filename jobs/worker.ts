/**
 * `npm run jobs`: a process that only runs the scheduled jobs, for PostgreSQL deployments (any
 * number of them, beside web processes started with JOBS=off). SIGTERM/SIGINT stop the schedule,
 * let runs in flight finish (they stop early between batches), then close the database.
 *
 * PGlite is a single-process database: the web process (`npm start`) already runs the jobs
 * in-process, and a second process opening the same data directory would corrupt it, so this
 * entry refuses to start without DATABASE_URL.
 */
import { loadEnvOrExit } from "~/env.server";

const PGLITE_REFUSAL =
  "npm start already runs the jobs in-process; npm run jobs is for PostgreSQL deployments (set DATABASE_URL).";

const env = loadEnvOrExit();
if (env.databaseKind === "pglite") {
  process.stderr.write(`${PGLITE_REFUSAL}\n`);
  process.exit(1);
}

// Loaded only past the checks above, so a refusal is instant and needs nothing else to load.
const { createLogger } = await import("~/lib/logger.server");
const { openJobResources } = await import("./open-job-resources");
const { registerJobs } = await import("./scheduler");

const logger = createLogger({ level: env.LOG_LEVEL, name: "protect-campaigns-jobs" });
const { database, input } = await openJobResources(env, logger);
const jobs = registerJobs(input);
logger.info({ database: database.kind, content: input.content.backend, transport: input.transport.name }, "jobs worker started");

let shuttingDown = false;
async function shutdown(signal: string): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  logger.info({ signal }, "jobs worker stopping: waiting for runs in flight");
  await jobs.stop();
  await database.close();
  logger.info("jobs worker stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
