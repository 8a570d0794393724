/**
 * The planner behind the plan-broadcasts job: follows each broadcast's Studio status (pause,
 * resume, cancel its runs), creates the run of a delivery that has fallen due, and expands runs
 * that are not fully expanded yet (a crash or a shutdown leaves a cursor; the next tick goes on).
 *
 * Only broadcasts the content source returned are acted on: a content outage, or a document
 * that fails validation, never cancels or pauses anything.
 */
import { sql } from "drizzle-orm";
import type { ContentSource } from "~/content/content-source";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { COUNTRIES, LOCALES } from "~/i18n/locales";
import type { Logger } from "~/lib/logger.server";
import type { Transport } from "~/messaging/transport";
import type { BroadcastDocument } from "./broadcast-spec";
import { audienceZones, dueOccurrence } from "./due-occurrence";
import { expandRun, type SenderTable } from "./expand.server";
import { broadcastRunSpec, RunTextMissingError, zoneRows, type RegionZone } from "./run-spec";
import { controlRuns, ensureRun, unexpandedRuns } from "./runs.server";

export interface PlanDeps {
  db: Database;
  content: Pick<ContentSource, "broadcasts" | "regions">;
  transport: Pick<Transport, "senderForCountry">;
  logger: Logger;
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
  const summary: PlanBroadcastsSummary = { broadcasts: 0, runsCreated: 0, queued: 0, paused: 0, resumed: 0, cancelled: 0, skipped: 0 };
  const [broadcasts, regions] = await Promise.all([deps.content.broadcasts(), regionZones(deps.content)]);
  summary.broadcasts = broadcasts.length;
  const zones = zoneRows(regions);

  for (const broadcast of broadcasts) {
    const target = { source: "broadcast" as const, documentId: broadcast.id };
    if (broadcast.status === "cancelled") {
      summary.cancelled += (await controlRuns(deps.db, "cancel", target, "studio")).runs;
      continue;
    }
    if (broadcast.status === "paused") {
      summary.paused += (await controlRuns(deps.db, "pause", target, "studio")).runs;
      continue;
    }
    if (broadcast.status !== "scheduled") continue;
    summary.resumed += (await controlRuns(deps.db, "resume", target, "studio")).runs;
    const decision = dueOccurrence(broadcast, audienceZones(broadcast, zones), now);
    if (!decision.due) {
      if (decision.reason === "missed") summary.skipped += 1;
      continue;
    }
    const created = await createRun(deps, broadcast, decision, regions);
    if (created === null) summary.skipped += 1;
    else if (created) summary.runsCreated += 1;
  }

  const senders = senderTable(deps.transport);
  for (const run of await unexpandedRuns(deps.db, "broadcast")) {
    const expanded = await expandRun(deps.db, run.id, { senders, batchSize: deps.batchSize, now, signal: deps.signal });
    summary.queued += expanded.inserted;
    if (expanded.inserted > 0 || expanded.done) {
      deps.logger.info({ runId: run.id, documentId: run.documentId, queued: expanded.inserted, done: expanded.done }, "broadcasts: run expanded");
    }
    // Fresh statistics for the claim query after a large insert. PGlite (single-user PostgreSQL)
    // has no autovacuum: without this the first sends after a 10,000-row expansion ran at half speed.
    if (expanded.done && expanded.inserted > 0) await runSql(deps.db, sql`analyze outbox_messages`);
    if (expanded.stopped === "aborted") break;
  }
  return summary;
}

/** True when a new run was created, false when it existed, null when the broadcast cannot be sent. */
async function createRun(
  deps: PlanDeps,
  broadcast: BroadcastDocument,
  decision: Extract<ReturnType<typeof dueOccurrence>, { due: true }>,
  regions: readonly RegionZone[],
): Promise<boolean | null> {
  let spec;
  try {
    spec = broadcastRunSpec(broadcast, decision.schedule, regions);
  } catch (error) {
    if (!(error instanceof RunTextMissingError)) throw error;
    deps.logger.warn({ documentId: broadcast.id, locale: error.locale }, "broadcasts: no text in the fallback locale, not planned");
    return null;
  }
  const run = await ensureRun(deps.db, { source: "broadcast", documentId: broadcast.id, occurrence: decision.occurrence, title: broadcast.title, spec });
  if (run.created) {
    deps.logger.info({ runId: run.id, documentId: broadcast.id, occurrence: decision.occurrence }, "broadcasts: run planned");
  }
  return run.created;
}
