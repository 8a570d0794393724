/**
 * The enroll-sequences job: each step of an active sequence is a long-lived run; every tick
 * queues the step for the campaign's subscribers whose "consent + N days" has arrived since the
 * step existed (looking back at most a week), once each thanks to the (run, subscriber) key.
 * A subscriber still answering the JOIN menus (conversation open) waits until they finish, so
 * the welcome arrives after the region question, not in the middle of it.
 *
 * An inactive sequence pauses its steps' queued messages; a step removed in the Studio is
 * cancelled. As for broadcasts, only sequences the content source returned are acted on.
 */
import { sql } from "drizzle-orm";
import type { ContentSource } from "~/content/content-source";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import type { Logger } from "~/lib/logger.server";
import type { Transport } from "~/messaging/transport";
import { insertRows } from "./expand.server";
import { regionZones, senderTable } from "./plan.server";
import { RunTextMissingError, sequenceStepRunSpec, type RunSpec } from "./run-spec";
import { controlRuns, ensureRun, listRuns, updateRunSpec } from "./runs.server";

export interface EnrollDeps {
  db: Database;
  content: Pick<ContentSource, "sequences" | "regions">;
  transport: Pick<Transport, "senderForCountry">;
  logger: Logger;
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
}

/** How far back a tick looks for steps that fell due (a worker down for days does not flood people). */
export const ENROLL_LOOKBACK_DAYS = 7;

export async function enrollSequences(deps: EnrollDeps): Promise<EnrollSequencesSummary> {
  const now = deps.now ?? new Date();
  const summary: EnrollSequencesSummary = { sequences: 0, steps: 0, queued: 0, paused: 0, resumed: 0, cancelled: 0, skipped: 0 };
  const [sequences, regions] = await Promise.all([deps.content.sequences(), regionZones(deps.content)]);
  summary.sequences = sequences.length;
  const senders = senderTable(deps.transport);

  for (const sequence of sequences) {
    const target = { source: "sequence-step" as const, documentId: sequence.id };
    if (!sequence.active) {
      summary.paused += (await controlRuns(deps.db, "pause", target, "studio")).runs;
      continue;
    }
    summary.resumed += (await controlRuns(deps.db, "resume", target, "studio")).runs;
    const keys = new Set(sequence.steps.map((step) => step.key));
    for (const run of await listRuns(deps.db, target)) {
      if (!keys.has(run.occurrence)) summary.cancelled += (await controlRuns(deps.db, "cancel", { runId: run.id }, "studio")).runs;
    }

    for (const step of sequence.steps) {
      let spec: RunSpec;
      try {
        spec = sequenceStepRunSpec(sequence, step, regions);
      } catch (error) {
        if (!(error instanceof RunTextMissingError)) throw error;
        deps.logger.warn({ documentId: sequence.id, step: step.key, locale: error.locale }, "sequences: no text in the fallback locale, step skipped");
        summary.skipped += 1;
        continue;
      }
      const run = await ensureRun(deps.db, { ...target, occurrence: step.key, title: `${sequence.title} · day ${step.dayOffset}`, spec, createdAt: now });
      if (!run.created) await updateRunSpec(deps.db, run.id, spec);
      if (run.status !== "active") continue;
      summary.steps += 1;
      const nowSql = sql`${now.toISOString()}::timestamptz`;
      const since = new Date(Math.max(run.createdAt.getTime(), now.getTime() - ENROLL_LOOKBACK_DAYS * 86_400_000));
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
      });
      if (queued > 0) await runSql(deps.db, sql`update broadcast_runs set recipients = recipients + ${queued}, updated_at = now() where id = ${run.id}`);
      summary.queued += queued;
    }
  }
  return summary;
}
