/**
 * `npm run jobs`: a process that only runs the scheduled jobs, for PostgreSQL deployments (any
 * number of them, beside web processes started with JOBS=off). SIGTERM/SIGINT stop the schedule,
 * let runs in flight finish (they stop early between batches), then close the database (the
 * bootstrap's shutdown).
 *
 * PGlite is a single-process database: the web process (`npm start`) already runs the jobs
 * in-process, so this entry refuses PGlite outright, whether or not the directory is free.
 */
import { bootstrap } from "~/bootstrap.server";

const PGLITE_REFUSAL = "npm start already runs the jobs in-process; npm run jobs is for PostgreSQL deployments (set DATABASE_URL).";

const context = await bootstrap({ command: "npm run jobs", logName: "protect-campaigns-jobs", refusePglite: PGLITE_REFUSAL });
const { env, logger, content, db, keyring, transport } = context;
// Loaded past the bootstrap's refusals, which are then quick.
const { registerJobs } = await import("./scheduler");
const jobs = registerJobs({ db, dbKind: context.database.kind, content, env, logger, keyring, transport });
context.onShutdown(() => jobs.stop());
logger.info({ database: context.database.kind, content: content.backend, transport: transport.name }, "jobs worker started");
