/**
 * The enroll-sequences job: each step of an active sequence is a long-lived run; every tick
 * queues the step for the campaign's subscribers whose "consent + N days" has arrived since the
 * step existed (looking back at most a week), once each thanks to the (run, subscriber) key.
 * A subscriber still answering the JOIN menus (conversation open) waits until they finish, so
 * the welcome arrives after the region question, not in the middle of it.
 *
 * An inactive sequence pauses its steps' queued messages; a step removed in the Studio is
 * cancelled. As for broadcasts, only sequences the content source returned are acted on.
 * Sample sequences (`isSample`) enroll no one where the sample policy forbids it, and their
 * steps' runs are withdrawn (./sample-runs.server.ts).
 *
 * A sequence enrolls only under a live four-eyes approval of its current content, all steps
 * together (./approvals.server.ts, ./content-hash.ts): without one its step runs hold; with one,
 * step runs of an older version are superseded and each step gets a run of the approved version,
 * which enrolls from when the step first existed and skips whoever an older run already reached.
 */
import { sql } from "drizzle-orm";
import type { ContentSource } from "~/content/content-source";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import type { Logger } from "~/lib/logger.server";
import type { Transport } from "~/messaging/transport";
import { syncRunsWithApproval } from "./approval-runs.server";
import { approvalKey, liveApprovals } from "./approvals.server";
import { sequenceContentHash } from "./content-hash";
import { insertRows } from "./expand.server";
import { regionZones, senderTable } from "./plan.server";
import { RunTextMissingError, sequenceStepRunSpec, type RunSpec } from "./run-spec";
import { controlRuns, ensureRun, listRuns, updateRunSpec } from "./runs.server";
import type { SamplePolicy } from "./sample-policy";
import { withdrawSample } from "./sample-runs.server";
import { SampleSkipLog } from "./sample-skip-log";

export interface EnrollDeps {
  db: Database;
  content: Pick<ContentSource, "sequences" | "regions">;
  transport: Pick<Transport, "senderForCountry">;
  logger: Logger;
  /** Whether sample sequences may enroll anyone here: `samplePolicy(env)`. No default, on purpose. */
  samples: SamplePolicy;
  /** Remembers what was said about skipped samples across ticks; a fresh one says it every call. */
  sampleSkipLog?: SampleSkipLog;
  now?: Date;
}

export interface EnrollSequencesSummary {
  sequences: number;
  steps: number;
  queued: number;
  paused: number;
  resumed: number;
  cancelled: number;
  skipped: number;
  /** Sample sequences left out because samples are not sent here (every tick; logged once). */
  samplesSkipped: number;
  /** Active sequences with no approval of their current content (no one is enrolled). */
  awaitingApproval: number;
  /** Step runs held this tick because their content is no longer approved. */
  held: number;
}

/** How far back a tick looks for steps that fell due (a worker down for days does not flood people). */
export const ENROLL_LOOKBACK_DAYS = 7;

export async function enrollSequences(deps: EnrollDeps): Promise<EnrollSequencesSummary> {
  const now = deps.now ?? new Date();
  const summary: EnrollSequencesSummary = {
    sequences: 0,
    steps: 0,
    queued: 0,
    paused: 0,
    resumed: 0,
    cancelled: 0,
    skipped: 0,
    samplesSkipped: 0,
    awaitingApproval: 0,
    held: 0,
  };
  const [sequences, regions, approvals] = await Promise.all([
    deps.content.sequences(),
    regionZones(deps.content),
    liveApprovals(deps.db, "sequence"),
  ]);
  summary.sequences = sequences.length;
  const senders = senderTable(deps.transport);
  const skippedSamples: string[] = [];

  for (const sequence of sequences) {
    const target = { source: "sequence-step" as const, documentId: sequence.id };
    if (sequence.isSample && !deps.samples.send) {
      skippedSamples.push(sequence.id);
      const withdrawn = await withdrawSample(
        { db: deps.db, logger: deps.logger, because: deps.samples.because },
        target,
        now,
        "sequences: steps of a sample sequence paused, their queued messages cancelled",
      );
      summary.paused += withdrawn.runs;
      continue;
    }
    if (!sequence.active) {
      summary.paused += (await controlRuns(deps.db, "pause", target, "studio")).runs;
      continue;
    }
    const hash = sequenceContentHash(sequence);
    // A sample the policy lets through needs no approval: it reaches only the dev phone.
    const approved = sequence.isSample || approvals.has(approvalKey(sequence.id, hash));
    // The approval before the Studio's resume, as in the planner: unapproved rows are never queued.
    const sync = await syncRunsWithApproval(deps.db, target, { hash, approved }, now);
    summary.held += sync.held;
    summary.resumed += sync.resumed;
    summary.cancelled += sync.superseded;
    if (!approved) {
      summary.awaitingApproval += 1;
      continue;
    }
    summary.resumed += (await controlRuns(deps.db, "resume", target, "studio")).runs;
    const keys = new Set(sequence.steps.map((step) => step.key));
    const stepRuns = await listRuns(deps.db, target);
    for (const run of stepRuns) {
      if (!keys.has(run.occurrence)) summary.cancelled += (await controlRuns(deps.db, "cancel", { runId: run.id }, "studio")).runs;
    }

    for (const step of sequence.steps) {
      let spec: RunSpec;
      try {
        spec = sequenceStepRunSpec(sequence, step, regions);
      } catch (error) {
        if (!(error instanceof RunTextMissingError)) throw error;
        deps.logger.warn(
          { documentId: sequence.id, step: step.key, locale: error.locale },
          "sequences: no text in the fallback locale, step skipped",
        );
        summary.skipped += 1;
        continue;
      }
      const run = await ensureRun(deps.db, {
        ...target,
        occurrence: step.key,
        contentHash: hash,
        title: `${sequence.title} · day ${step.dayOffset}`,
        spec,
        createdAt: now,
      });
      if (!run.created) await updateRunSpec(deps.db, run.id, spec);
      if (run.status !== "active") continue;
      summary.steps += 1;
      // Runs of earlier approved versions of this step: the step existed since the first of them,
      // and whoever one of them reached is not enrolled again.
      const earlier = stepRuns.filter((other) => other.occurrence === step.key && other.id !== run.id);
      const stepSince = Math.min(run.createdAt.getTime(), ...earlier.map((other) => other.createdAt.getTime()));
      const nowSql = sql`${now.toISOString()}::timestamptz`;
      const since = new Date(Math.max(stepSince, now.getTime() - ENROLL_LOOKBACK_DAYS * 86_400_000));
      const offset = sql`make_interval(days => ${step.dayOffset})`;
      const queued = await insertRows(deps.db, run.id, spec, {
        // The index on (campaign, consent_at) serves this range directly.
        range: sql`s.campaign = ${sequence.campaignSlug}
          and s.consent_at > ${since.toISOString()}::timestamptz - ${offset} and s.consent_at <= ${nowSql} - ${offset}
          and s.conversation is null`,
        // Enrollment windows overlap from tick to tick, and no run lock is held: the key decides.
        skipExisting: "unlocked",
        limit: null,
        senders,
        now,
        excludeReachedBy: earlier.map((other) => other.id),
      });
      if (queued > 0)
        await runSql(
          deps.db,
          sql`update broadcast_runs set recipients = recipients + ${queued}, updated_at = ${nowSql} where id = ${run.id}`,
        );
      summary.queued += queued;
    }
  }
  summary.samplesSkipped = skippedSamples.length;
  if (!deps.samples.send) (deps.sampleSkipLog ?? new SampleSkipLog()).note(deps.logger, "sequences", skippedSamples, deps.samples.because);
  return summary;
}
