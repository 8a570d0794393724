/**
 * One way to start a process. Every entry point (server.ts, jobs/worker.ts, jobs/run-job.ts,
 * scripts/broadcast.ts, scripts/keys-rotate.ts; the fault suite starts the first two as they are)
 * calls `bootstrap` and gets the same set-up, in the same order, so none can miss a step:
 *   1. configuration (app/env.server.ts): a bad variable stops start-up here, named;
 *   2. the logger;
 *   3. on PGlite, the data directory for this process alone (app/db/pglite-lock.server.ts), or a
 *      refusal naming the command that holds it;
 *   4. the database, opened and migrated;
 *   5. the application context: phone keyring, content source (its snapshot in the database),
 *      transport.
 * And one way to stop: `exit(code)`, also on SIGTERM and SIGINT, aborts `stopping`, runs the steps
 * the entry registered with `onShutdown` (newest first: stop listening before stopping the jobs),
 * stops the content source, closes the database, gives the PGlite directory back, and exits.
 * See docs/decisions/019-one-bootstrap.md.
 */
import type { AppServices } from "~/context.server";
import type { DatabaseHandle } from "~/db/client.server";
import { lockPgliteDirectory, PgliteDirectoryHeldError, type PgliteLock } from "~/db/pglite-lock.server";
import { loadEnvOrExit } from "~/env.server";
import { errorFacts } from "~/lib/log-error.server";
import { createLogger } from "~/lib/logger.server";

export interface BootstrapOptions {
  /** How operators start this process ("npm start", "npm run job"): named in logs and when it holds a PGlite directory. */
  command: string;
  /** The logger's `name` field (default "protect-campaigns"). */
  logName?: string;
  /** "stderr" when stdout carries the command's own output (a JSON report). Default stdout. */
  logTo?: "stdout" | "stderr";
  /** Refuse PGlite altogether, with this message (the jobs worker: `npm start` runs the jobs there). */
  refusePglite?: string;
}

/** The application context plus the process's life: what every entry point gets from `bootstrap`. */
export interface ProcessContext extends AppServices {
  database: DatabaseHandle;
  /** Aborted when the process starts stopping: long work ends between batches instead of being cut off. */
  stopping: AbortSignal;
  /** Something to stop before the database closes (stop listening, stop the jobs, finish a run). */
  onShutdown(step: () => Promise<unknown> | void): void;
  /**
   * Stops everything, then exits. The first non-zero code asked for wins, so a signal arriving
   * while a failed run is being reported does not turn the failure into success.
   */
  exit(code?: number): Promise<never>;
}

function refuse(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

export async function bootstrap(options: BootstrapOptions): Promise<ProcessContext> {
  const env = loadEnvOrExit();
  if (options.refusePglite && env.databaseKind === "pglite") refuse(options.refusePglite);
  const logger = createLogger({
    level: env.LOG_LEVEL,
    name: options.logName,
    destination: options.logTo === "stderr" ? process.stderr : undefined,
  });

  let lock: PgliteLock | null = null;
  if (env.databaseKind === "pglite" && env.PGLITE_DATA_DIR !== "memory") {
    try {
      lock = lockPgliteDirectory(env.PGLITE_DATA_DIR, options.command);
    } catch (error) {
      if (error instanceof PgliteDirectoryHeldError) refuse(error.message);
      throw error;
    }
  }

  // Loaded past the refusals above, so a refusal is quick and loads nothing it does not use.
  const [{ databaseTargetFromEnv, openDatabase }, { migrateDatabase }, { createAppServices }] = await Promise.all([
    import("~/db/client.server"),
    import("~/db/migrate.server"),
    import("~/app-services.server"),
  ]);
  const target = databaseTargetFromEnv(env);
  let database: DatabaseHandle | undefined;
  try {
    database = await openDatabase(target);
    await migrateDatabase(database);
  } catch (error) {
    // Through errorFacts: a failed migration's error quotes its SQL and parameters.
    logger.fatal({ error: errorFacts(error, { frames: true }), database: target.kind }, "start-up failed: database");
    await database?.close().catch(() => undefined);
    lock?.release();
    process.exit(1);
  }
  logger.info({ database: database.kind, command: options.command }, "database ready");

  const services = createAppServices(env, { db: database.db, logger });

  const opened = database;
  const abort = new AbortController();
  const steps: Array<() => Promise<unknown> | void> = [];
  let exitCode = 0;
  let stopped: Promise<never> | undefined;
  const exit = (code = 0): Promise<never> => {
    if (exitCode === 0) exitCode = code;
    stopped ??= (async () => {
      abort.abort();
      for (const step of steps.reverse()) {
        try {
          await step();
        } catch (error) {
          logger.error({ error: errorFacts(error, { frames: true }) }, "shutdown step failed");
          if (exitCode === 0) exitCode = 1;
        }
      }
      await services.content.stop();
      await opened.close();
      lock?.release();
      logger.info({ command: options.command }, "stopped");
      process.exit(exitCode);
    })();
    return stopped;
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (!abort.signal.aborted) logger.info({ signal }, "stopping: finishing work in flight");
      void exit(0);
    });
  }

  return {
    ...services,
    database: opened,
    stopping: abort.signal,
    onShutdown: (step) => void steps.push(step),
    exit,
  };
}
