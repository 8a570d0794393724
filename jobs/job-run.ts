/**
 * What a scheduled job is, and how one run of it happens: under the advisory lock when it is a
 * singleton, timed, and logged as ONE structured line `{ job, durationMs, ...summary }`. The
 * scheduler and `npm run job` both go through `runJobOnce`, so a run looks the same in the logs
 * whoever started it. Summaries carry counts and ids, never a phone number or a message body.
 */
import { errorFacts, type ErrorFacts } from "~/lib/log-error.server";
import type { Logger } from "~/lib/logger.server";
import type { JobContext } from "./job-context";
import { withJobLock } from "./job-lock";

/** One job of the table in jobs/job-table.ts. */
export interface JobDefinition<Summary extends object = object> {
  /** Kebab-case, as typed in `npm run job <name>`. */
  name: string;
  /** node-cron expression (6 fields = with seconds), read in UTC. */
  schedule: string | ((env: JobContext["env"]) => string);
  /** Once per tick across all processes (advisory lock), or in every process that runs jobs. */
  singleton: boolean;
  /** Also run once when the scheduler starts (for state kept in memory, like the stale-hotline report). */
  runOnStart?: boolean;
  /** False to leave the job out under this configuration (e.g. sending when messaging is off). */
  enabled?(env: JobContext["env"]): boolean;
  run(context: JobContext): Promise<Summary>;
  /** An idle run is logged at debug, so a job ticking every second does not flood the log. */
  isIdle?(summary: Summary): boolean;
}

/** How a run ended. `failed` carries what is safe to log of the error (see errorFacts). */
export type JobRunReport =
  | { job: string; status: "done"; durationMs: number; summary: object }
  | { job: string; status: "skipped"; durationMs: number; reason: "locked" }
  | { job: string; status: "failed"; durationMs: number; error: ErrorFacts };

/** Runs a job once and logs its one line. Never throws: the outcome is in the report. */
export async function runJobOnce(job: JobDefinition, context: JobContext, logger: Logger = context.logger): Promise<JobRunReport> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const outcome = job.singleton
      ? await withJobLock(context.db, context.dbKind, job.name, () => job.run(context))
      : { ran: true as const, result: await job.run(context) };
    if (!outcome.ran) {
      const report = { job: job.name, status: "skipped", durationMs: elapsed(), reason: "locked" } as const;
      logger.info(report, "job skipped: another process holds its lock");
      return report;
    }
    const durationMs = elapsed();
    const line = { job: job.name, durationMs, ...outcome.result };
    if (job.isIdle?.(outcome.result)) logger.debug(line, "job run");
    else logger.info(line, "job run");
    return { job: job.name, status: "done", durationMs, summary: outcome.result };
  } catch (error) {
    const report = { job: job.name, status: "failed", durationMs: elapsed(), error: errorFacts(error, { frames: true }) } as const;
    logger.error({ job: job.name, durationMs: report.durationMs, error: report.error }, "job failed");
    return report;
  }
}
