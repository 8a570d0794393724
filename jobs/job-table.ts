/**
 * The jobs, in one table: name, when (node-cron, UTC), singleton or not, and how to call the job
 * function with its dependencies. Adding a job = one file in jobs/ plus one entry here; the
 * scheduler and `npm run job` pick it up.
 *
 * Schedules are spread over odd minutes and seconds so jobs of several workers and of the
 * different kinds do not all start at the same instant.
 */
import type { JobDefinition } from "~/jobs/job-run.server";
import { dispatchOutbox, type DispatchOutboxSummary } from "./dispatch-outbox";
import { enrollSequences, type EnrollSequencesSummary } from "./enroll-sequences";
import { flagStaleHotlines, type FlagStaleHotlinesSummary } from "./flag-stale-hotlines";
import { planBroadcasts, type PlanBroadcastsSummary } from "./plan-broadcasts";
import { purgeRetention, type PurgeRetentionSummary } from "./purge-retention";
import { reconcileUnknownSendsJob, type ReconcileUnknownSendsSummary } from "./reconcile-unknown-sends";

/** node-cron's smallest step is a second; a sub-second OUTBOX_DISPATCH_INTERVAL_MS means every second. */
export function dispatchSchedule(intervalMs: number): string {
  const seconds = Math.min(59, Math.max(1, Math.round(intervalMs / 1000)));
  return seconds === 1 ? "* * * * * *" : `*/${seconds} * * * * *`;
}

const dispatchOutboxJob: JobDefinition<DispatchOutboxSummary> = {
  name: "dispatch-outbox",
  schedule: (env) => dispatchSchedule(env.OUTBOX_DISPATCH_INTERVAL_MS),
  singleton: false,
  // In production without Twilio the local transport would "deliver" into the dev phone table.
  enabled: (env) => env.messagingEnabled,
  run: (context) =>
    dispatchOutbox({
      db: context.db,
      transport: context.transport,
      keyring: context.keyring,
      logger: context.logger,
      env: context.env,
      workerId: context.workerId,
      rateLimiter: context.rateLimiter,
      signal: context.signal,
      now: context.now?.(),
    }),
  isIdle: (summary) => summary.claimed + summary.reconciled + summary.cancelled === 0,
};

const reconcileUnknownSendsJobDefinition: JobDefinition<ReconcileUnknownSendsSummary> = {
  name: "reconcile-unknown-sends",
  schedule: "30 * * * * *",
  singleton: false,
  enabled: (env) => env.messagingEnabled,
  run: (context) =>
    reconcileUnknownSendsJob({
      db: context.db,
      transport: context.transport,
      keyring: context.keyring,
      logger: context.logger,
      workerId: context.workerId,
      leaseSeconds: context.env.OUTBOX_LEASE_SECONDS,
      now: context.now?.(),
    }),
  isIdle: (summary) => summary.found + summary.requeued + summary.failed + summary.unknown === 0,
};

const purgeRetentionJob: JobDefinition<PurgeRetentionSummary> = {
  name: "purge-retention",
  schedule: "0 17 3 * * *",
  singleton: true,
  run: (context) => purgeRetention({ db: context.db, env: context.env, now: context.now?.(), signal: context.signal }),
};

const flagStaleHotlinesJob: JobDefinition<FlagStaleHotlinesSummary> = {
  name: "flag-stale-hotlines",
  schedule: "0 7 * * * *",
  // Each process keeps the report /healthz shows in its own memory.
  singleton: false,
  runOnStart: true,
  run: (context) => flagStaleHotlines({ content: context.content, env: context.env, now: context.now?.() }),
};

const planBroadcastsJob: JobDefinition<PlanBroadcastsSummary> = {
  name: "plan-broadcasts",
  // Every 20 s: a Studio pause reaches the outbox within that (and the dispatcher's next claim).
  schedule: "5,25,45 * * * * *",
  singleton: true,
  enabled: (env) => env.messagingEnabled,
  run: (context) =>
    planBroadcasts({
      db: context.db,
      content: context.content,
      transport: context.transport,
      logger: context.logger,
      now: context.now?.(),
      signal: context.signal,
    }),
  isIdle: (summary) => summary.runsCreated + summary.queued + summary.paused + summary.resumed + summary.cancelled === 0,
};

const enrollSequencesJob: JobDefinition<EnrollSequencesSummary> = {
  name: "enroll-sequences",
  schedule: "15 * * * * *",
  singleton: true,
  enabled: (env) => env.messagingEnabled,
  run: (context) =>
    enrollSequences({
      db: context.db,
      content: context.content,
      transport: context.transport,
      logger: context.logger,
      now: context.now?.(),
    }),
  isIdle: (summary) => summary.queued + summary.paused + summary.resumed + summary.cancelled === 0,
};

export const JOB_TABLE: readonly JobDefinition[] = [
  planBroadcastsJob,
  enrollSequencesJob,
  dispatchOutboxJob,
  reconcileUnknownSendsJobDefinition,
  purgeRetentionJob,
  flagStaleHotlinesJob,
];

export function jobNames(table: readonly JobDefinition[] = JOB_TABLE): string[] {
  return table.map((job) => job.name);
}

export function findJob(name: string, table: readonly JobDefinition[] = JOB_TABLE): JobDefinition | undefined {
  return table.find((job) => job.name === name);
}

/** The job's cron expression under this configuration. */
export function scheduleOf(job: JobDefinition, env: Parameters<Exclude<JobDefinition["schedule"], string>>[0]): string {
  return typeof job.schedule === "string" ? job.schedule : job.schedule(env);
}
