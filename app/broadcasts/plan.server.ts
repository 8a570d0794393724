/**
 * The planner behind the plan-broadcasts job: follows each broadcast's Studio status (pause,
 * resume, cancel its runs), creates the run of a delivery that has fallen due, and expands runs
 * that are not fully expanded yet (a crash or a shutdown leaves a cursor; the next tick goes on).
 *
 * Only broadcasts the content source returned are acted on: a content outage, or a document
 * that fails validation, never cancels or pauses anything.
 *
 * Sample broadcasts (`isSample`) are planned only where the sample policy allows it (the local
 * transport outside production); elsewhere they are left out, said once in the log, and any run
 * already planned from one is withdrawn (./sample-runs.server.ts).
 *
 * Every other broadcast is planned only under a live four-eyes approval of its current content
 * (./approvals.server.ts): without one, its runs hold and nothing new is planned; with one, runs
 * of an older version are superseded (./approval-runs.server.ts). Samples the policy lets through
 * need no approval: they reach only the dev phone.
 */
import { sql } from "drizzle-orm";
import type { ContentSource } from "~/content/content-source";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { COUNTRIES, LOCALES } from "~/i18n/locales";
import type { Logger } from "~/lib/logger.server";
import type { Transport } from "~/messaging/transport";
import { syncRunsWithApproval } from "./approval-runs.server";
import { approvalKey, liveApprovals, type ApprovalRecord } from "./approvals.server";
import type { BroadcastDocument } from "./broadcast-spec";
import { broadcastContentHash } from "./content-hash";
import { audienceZones, dueOccurrence } from "./due-occurrence";
import { expandRun, type SenderTable } from "./expand.server";
import { broadcastRunSpec, RunTextMissingError, zoneRows, type RegionZone } from "./run-spec";
import { controlRuns, ensureRun, unexpandedRuns } from "./runs.server";
import type { SamplePolicy } from "./sample-policy";
import { withdrawSample } from "./sample-runs.server";
import { SampleSkipLog } from "./sample-skip-log";

export interface PlanDeps {
  db: Database;
  content: Pick<ContentSource, "broadcasts" | "regions">;
  transport: Pick<Transport, "senderForCountry">;
  logger: Logger;
  /** Whether sample broadcasts may be sent here: `samplePolicy(env)`. No default, on purpose. */
  samples: SamplePolicy;
  /** Remembers what was said about skipped samples across ticks; a fresh one says it every call. */
  sampleSkipLog?: SampleSkipLog;
  now?: Date;
  batchSize?: number;
  signal?: AbortSignal;
}

export interface PlanBroadcastsSummary {
  broadcasts: number;
  runsCreated: number;
  /** Outbox rows created by expansion in this tick. */
  queued: number;
  paused: number;
  resumed: number;
  cancelled: number;
  /** Due deliveries not planned: text missing in the fallback locale, or long past (missed). */
  skipped: number;
  /** Sample broadcasts left out because samples are not sent here (every tick; logged once). */
  samplesSkipped: number;
  /** Scheduled broadcasts with no approval of their current content (nothing of them is sent). */
  awaitingApproval: number;
  /** Runs held this tick because their content is no longer approved. */
  held: number;
}

/** The transport's sender for each country and channel, and a default for unknown countries. */
export function senderTable(transport: Pick<Transport, "senderForCountry">): SenderTable {
  const countries: Array<string | null> = [...COUNTRIES, null];
  return countries.flatMap((country) =>
    (["sms", "whatsapp"] as const).map((channel) => ({ country, channel, sender: transport.senderForCountry(country, channel) })),
  );
}

/** Every region's zone, read once per tick (regions carry their IANA zone). */
export async function regionZones(content: Pick<ContentSource, "regions">): Promise<RegionZone[]> {
  return (await content.regions(LOCALES[0])).map((region) => ({ code: region.code, country: region.country, timezone: region.timezone }));
}

export async function planBroadcasts(deps: PlanDeps): Promise<PlanBroadcastsSummary> {
  const now = deps.now ?? new Date();
  const summary: PlanBroadcastsSummary = {
    broadcasts: 0,
    runsCreated: 0,
    queued: 0,
    paused: 0,
    resumed: 0,
    cancelled: 0,
    skipped: 0,
    samplesSkipped: 0,
    awaitingApproval: 0,
    held: 0,
  };
  const [broadcasts, regions, approvals] = await Promise.all([
    deps.content.broadcasts(),
    regionZones(deps.content),
    liveApprovals(deps.db, "broadcast"),
  ]);
  summary.broadcasts = broadcasts.length;
  const zones = zoneRows(regions);
  const skippedSamples: string[] = [];

  for (const broadcast of broadcasts) {
    const target = { source: "broadcast" as const, documentId: broadcast.id };
    if (broadcast.isSample && !deps.samples.send) {
      // Whatever its status: a sample is not sent here, and nothing planned from it goes out.
      skippedSamples.push(broadcast.id);
      const withdrawn = await withdrawSample(
        { db: deps.db, logger: deps.logger, because: deps.samples.because },
        target,
        now,
        "broadcasts: runs planned from a sample broadcast cancelled",
      );
      summary.cancelled += withdrawn.runs;
      continue;
    }
    if (broadcast.status === "cancelled") {
      summary.cancelled += (await controlRuns(deps.db, "cancel", target, "studio")).runs;
      continue;
    }
    if (broadcast.status === "paused") {
      summary.paused += (await controlRuns(deps.db, "pause", target, "studio")).runs;
      continue;
    }
    if (broadcast.status !== "scheduled") continue;
    let hash: string;
    try {
      hash = broadcastContentHash(broadcast);
    } catch (error) {
      if (!(error instanceof RunTextMissingError)) throw error;
      deps.logger.warn({ documentId: broadcast.id, locale: error.locale }, "broadcasts: no text in the fallback locale, not planned");
      summary.skipped += 1;
      continue;
    }
    // A sample the policy lets through is approved by that policy alone (dev phone only).
    const approval = broadcast.isSample ? SAMPLE_APPROVAL : (approvals.get(approvalKey(broadcast.id, hash)) ?? null);
    // First the approval, then the Studio's resume: a run whose content is not approved never
    // has its rows queued, not even between two statements of this tick.
    const sync = await syncRunsWithApproval(deps.db, target, { hash, approved: approval !== null }, now);
    summary.held += sync.held;
    summary.resumed += sync.resumed;
    summary.cancelled += sync.superseded;
    if (sync.held > 0 || sync.superseded > 0) {
      deps.logger.info({ documentId: broadcast.id, held: sync.held, superseded: sync.superseded }, "broadcasts: runs follow the approval");
    }
    if (approval === null) {
      summary.awaitingApproval += 1;
      continue;
    }
    summary.resumed += (await controlRuns(deps.db, "resume", target, "studio")).runs;
    const decision = dueOccurrence(broadcast, audienceZones(broadcast, zones), now, true);
    if (!decision.due) {
      if (decision.reason === "missed") summary.skipped += 1;
      continue;
    }
    const created = await createRun(deps, broadcast, decision, regions, { hash, cap: approval.recipientCap });
    if (created === null) summary.skipped += 1;
    else if (created) summary.runsCreated += 1;
  }
  summary.samplesSkipped = skippedSamples.length;
  if (!deps.samples.send) (deps.sampleSkipLog ?? new SampleSkipLog()).note(deps.logger, "broadcasts", skippedSamples, deps.samples.because);

  const senders = senderTable(deps.transport);
  for (const run of await unexpandedRuns(deps.db, "broadcast")) {
    const expanded = await expandRun(deps.db, run.id, {
      senders,
      batchSize: deps.batchSize,
      now,
      signal: deps.signal,
      onBatch: (batch) => deps.logger.debug(batch, "broadcasts: expansion batch committed"),
    });
    summary.queued += expanded.inserted;
    if (expanded.inserted > 0 || expanded.done) {
      deps.logger.info(
        { runId: run.id, documentId: run.documentId, queued: expanded.inserted, done: expanded.done },
        "broadcasts: run expanded",
      );
    }
    // Fresh statistics for the claim query after a large insert. PGlite (single-user PostgreSQL)
    // has no autovacuum: without this the first sends after a 10,000-row expansion ran at half speed.
    if (expanded.done && expanded.inserted > 0) await runSql(deps.db, sql`analyze outbox_messages`);
    if (expanded.stopped === "aborted") break;
  }
  return summary;
}

/** What a sample the policy lets through is planned under: no approval row, no cap. */
const SAMPLE_APPROVAL: Pick<ApprovalRecord, "recipientCap"> = { recipientCap: null };

/** A self-approval's cap lowers the broadcast's own limit, never raises it. */
function cappedLimit(limit: number | null, cap: number | null): number | null {
  if (cap === null) return limit;
  return limit === null ? cap : Math.min(limit, cap);
}

/** True when a new run was created, false when it existed, null when the broadcast cannot be sent. */
async function createRun(
  deps: PlanDeps,
  broadcast: BroadcastDocument,
  decision: Extract<ReturnType<typeof dueOccurrence>, { due: true }>,
  regions: readonly RegionZone[],
  approved: { hash: string; cap: number | null },
): Promise<boolean | null> {
  let spec;
  try {
    spec = broadcastRunSpec(broadcast, decision.schedule, regions);
    spec.maxRecipients = cappedLimit(spec.maxRecipients, approved.cap);
  } catch (error) {
    if (!(error instanceof RunTextMissingError)) throw error;
    deps.logger.warn({ documentId: broadcast.id, locale: error.locale }, "broadcasts: no text in the fallback locale, not planned");
    return null;
  }
  const run = await ensureRun(deps.db, {
    source: "broadcast",
    documentId: broadcast.id,
    occurrence: decision.occurrence,
    contentHash: approved.hash,
    title: broadcast.title,
    spec,
  });
  if (run.created) {
    deps.logger.info({ runId: run.id, documentId: broadcast.id, occurrence: decision.occurrence }, "broadcasts: run planned");
  }
  return run.created;
}
