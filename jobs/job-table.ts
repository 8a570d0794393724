/**
 * The jobs, in one table: name, when (node-cron, UTC), singleton or not, and how to call the job
 * function with its dependencies. Adding a job = one entry here, calling a domain function
 * directly when one does the whole job (planning, enrolment, reconciliation), or a file in jobs/
 * when the job adds something of its own (draining a backlog, retention); the scheduler and
 * `npm run job` pick it up.
 *
 * Schedules are spread over odd minutes and seconds so jobs of several workers and of the
 * different kinds do not all start at the same instant.
 */
import { deliverToPostHog, postHogSinkConfig, type DeliverToPostHogSummary } from "~/analytics/posthog-sink.server";
import { purgeReachEvents, type PurgeReachEventsSummary } from "~/analytics/purge-reach-events.server";
import { refreshReachRollups, type RefreshReachRollupsSummary } from "~/analytics/reach-rollup.server";
import { enrollSequences, type EnrollSequencesSummary } from "~/broadcasts/enroll.server";
import { planBroadcasts, type PlanBroadcastsSummary } from "~/broadcasts/plan.server";
import { samplePolicy } from "~/broadcasts/sample-policy";
import { reconcileUnknownSends, type ReconcileReport } from "~/outbox/reconcile.server";
import { dispatchOutbox, type DispatchOutboxSummary } from "./dispatch-outbox";
import { flagStaleHotlines, type FlagStaleHotlinesSummary } from "./flag-stale-hotlines";
import type { JobDefinition } from "./job-run";
import { purgeVolunteerData, type PurgeVolunteerDataSummary } from "~/volunteers/purge-volunteer-data.server";
import { purgeRetention, type PurgeRetentionSummary } from "./purge-retention";

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
      signal: context.signal,
      now: context.now?.(),
    }),
  isIdle: (summary) => summary.claimed + summary.reconciled + summary.cancelled === 0,
};

/**
 * Rows left `sending` with no provider id by a crashed worker are looked up at the provider before
 * any resend (app/outbox/reconcile.server.ts). The dispatcher does this at the start of each tick
 * too; this job makes sure it happens every minute even when no process is dispatching (all
 * paused, or the dispatcher stuck on a long backlog). Not a singleton: stale rows are taken over
 * with SKIP LOCKED, one worker per row.
 */
const reconcileUnknownSendsJob: JobDefinition<ReconcileReport> = {
  name: "reconcile-unknown-sends",
  schedule: "30 * * * * *",
  singleton: false,
  enabled: (env) => env.messagingEnabled,
  run: (context) =>
    reconcileUnknownSends({
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

/**
 * Follows each broadcast's Studio status (pause, resume, cancel), plans the run of a delivery that
 * has fallen due, and expands runs into the outbox in set-based batches
 * (app/broadcasts/plan.server.ts). A singleton: one planner per tick across workers, though
 * expansion is idempotent anyway (unique run and subscriber key).
 */
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
      samples: samplePolicy(context.env),
      sampleSkipLog: context.sampleSkipLog,
      batchSize: context.env.BROADCAST_EXPANSION_BATCH_SIZE,
      now: context.now?.(),
      signal: context.signal,
    }),
  isIdle: (summary) => summary.runsCreated + summary.queued + summary.paused + summary.resumed + summary.cancelled === 0,
};

/**
 * Queues each active sequence step for the campaign's subscribers whose "consent + N days" has
 * come (app/broadcasts/enroll.server.ts). A singleton, like the planner.
 */
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
      samples: samplePolicy(context.env),
      sampleSkipLog: context.sampleSkipLog,
      now: context.now?.(),
    }),
  isIdle: (summary) => summary.queued + summary.paused + summary.resumed + summary.cancelled === 0,
};

/** Rollups by a watermark on the event id; readers add the tail above it, so counts are fresh regardless. */
const refreshReachRollupsJob: JobDefinition<RefreshReachRollupsSummary> = {
  name: "refresh-reach-rollups",
  // Every 5 s: the reach dashboard reads the rollups, and an event must show there within 10 s.
  schedule: "*/5 * * * * *",
  singleton: true,
  run: (context) => refreshReachRollups(context.db, { now: context.now?.(), signal: context.signal }),
  isIdle: (summary) => summary.eventsRolledUp === 0,
};

/** Raw reach events past ANALYTICS_RETENTION_DAYS (once rolled up), past days' visitor hashes and salts. */
const purgeReachEventsJob: JobDefinition<PurgeReachEventsSummary & PurgeVolunteerDataSummary> = {
  name: "purge-reach-events",
  schedule: "0 37 3 * * *",
  singleton: true,
  // Volunteer attributions carry the same daily visitor hash: forgotten on the same schedule.
  run: async (context) => ({
    ...(await purgeReachEvents(context.db, {
      retentionDays: context.env.ANALYTICS_RETENTION_DAYS,
      now: context.now?.(),
      signal: context.signal,
    })),
    ...(await purgeVolunteerData(context.db, context.now?.())),
  }),
};

const deliverPostHogJob: JobDefinition<DeliverToPostHogSummary> = {
  name: "deliver-posthog",
  schedule: "3,13,23,33,43,53 * * * * *",
  // One sender at a time keeps batches in order; a batch sent twice would still be one in PostHog (uuid).
  singleton: true,
  enabled: (env) => postHogSinkConfig(env) !== null,
  run: (context) => deliverToPostHog(context.db, postHogSinkConfig(context.env)!, { signal: context.signal }),
  isIdle: (summary) => summary.batches === 0,
};

export const JOB_TABLE: readonly JobDefinition[] = [
  planBroadcastsJob,
  enrollSequencesJob,
  dispatchOutboxJob,
  reconcileUnknownSendsJob,
  purgeRetentionJob,
  flagStaleHotlinesJob,
  refreshReachRollupsJob,
  purgeReachEventsJob,
  deliverPostHogJob,
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
