/**
 * Wiring only: registers each job of the table with node-cron 4 and returns a handle that stops
 * them. Used in-process by the web server (`npm start`, when JOBS is on) and by the worker
 * (`npm run jobs`, PostgreSQL deployments).
 *
 * A job never runs twice at once in a process: node-cron's `noOverlap` skips a tick while the
 * previous run is pending, and the same guard covers the start-up run. Across processes,
 * singleton jobs take an advisory lock (jobs/job-lock.ts); the dispatcher does not
 * need one (its claim uses SKIP LOCKED).
 */
import cron, { type Logger as CronLogger, type ScheduledTask } from "node-cron";
import { createJobContext, type JobContextInput } from "./job-context";
import { runJobOnce, type JobDefinition } from "./job-run";
import { errorFacts } from "~/lib/log-error.server";
import type { Logger } from "~/lib/logger.server";
import { JOB_TABLE, scheduleOf } from "./job-table";

export type RegisterJobsOptions = Omit<JobContextInput, "signal"> & {
  /** Another table (tests); defaults to every job of jobs/job-table.ts. */
  table?: readonly JobDefinition[];
};

export interface JobsHandle {
  /** Names of the jobs registered (those enabled under this configuration). */
  readonly names: readonly string[];
  /** Stops every task, asks running jobs to finish early, and waits for them. */
  stop(): Promise<void>;
}

/** How long a run may last before the log hears about it (and again each time this much more passes). */
export const SLOW_RUN_WARNING_MS = 60_000;

/** node-cron's own messages into our structured log; overlaps and misses are logged from events. */
function cronLogger(logger: Logger, job: string): CronLogger {
  return {
    info: (message) => logger.debug({ job }, message),
    // Its only warnings are the overlap and missed-tick notices, logged below at the right level.
    warn: (message) => logger.debug({ job }, message),
    error: (message, error) => logger.error({ job, error: errorFacts(message instanceof Error ? message : error) }, "scheduler error"),
    debug: (message) => logger.debug({ job }, String(message)),
  };
}

export function registerJobs(options: RegisterJobsOptions): JobsHandle {
  const { table = JOB_TABLE, ...input } = options;
  const abort = new AbortController();
  const context = createJobContext({ ...input, signal: abort.signal });
  const logger = context.logger;
  const running = new Map<string, Promise<unknown>>();
  const tasks: ScheduledTask[] = [];

  const start = (job: JobDefinition): Promise<unknown> | undefined => {
    if (abort.signal.aborted || running.has(job.name)) return undefined;
    // A run that never ends blocks every later tick of its job (noOverlap) without a word at the
    // default level: say so while it lasts, so a stalled dispatcher is visible in the log.
    const startedAt = performance.now();
    const watchdog = setInterval(
      () => logger.warn({ job: job.name, runningMs: Math.round(performance.now() - startedAt) }, "job run still going"),
      SLOW_RUN_WARNING_MS,
    );
    watchdog.unref();
    const run = runJobOnce(job, context).finally(() => {
      clearInterval(watchdog);
      running.delete(job.name);
    });
    running.set(job.name, run);
    return run;
  };

  const jobs = table.filter((job) => job.enabled?.(context.env) ?? true);
  for (const job of jobs) {
    // Returning the run's promise is what lets noOverlap see that it is still going.
    const task = cron.schedule(scheduleOf(job, context.env), () => start(job), {
      name: `job:${job.name}`,
      noOverlap: true,
      timezone: "Etc/UTC",
      logger: cronLogger(logger, job.name),
    });
    task.on("execution:overlap", () => logger.debug({ job: job.name }, "job tick skipped: previous run still in flight"));
    task.on("execution:missed", (event) =>
      logger.warn({ job: job.name, at: event.date.toISOString() }, "job tick missed (event loop blocked?)"),
    );
    tasks.push(task);
    if (job.runOnStart) void start(job);
  }
  const names = jobs.map((job) => job.name);
  logger.info({ jobs: names }, "jobs scheduled");

  let stopped: Promise<void> | undefined;
  return {
    names,
    stop() {
      stopped ??= (async () => {
        abort.abort();
        for (const task of tasks) await task.destroy();
        await Promise.allSettled([...running.values()]);
        logger.info({ jobs: names }, "jobs stopped");
      })();
      return stopped;
    },
  };
}
