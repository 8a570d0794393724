/**
 * What the staff broadcast page shows: every run with its progress (newest first), and every
 * broadcast in the content with its audience today and estimated cost, so staff check a
 * broadcast before scheduling it and watch it while it goes out. Counts and codes only.
 * Sample broadcasts and sequences are marked, with what this site does with them.
 */
import { approvalsOf, approvalStateOf, type ApprovalState } from "~/broadcasts/approvals.server";
import { broadcastContentHash, sequenceContentHash } from "~/broadcasts/content-hash";
import { estimateBroadcast, runProgress, type RunProgress } from "~/broadcasts/progress.server";
import { RunTextMissingError } from "~/broadcasts/run-spec";
import type { CostEstimate } from "~/broadcasts/cost-estimate";
import { loadPriceTable } from "~/broadcasts/price-table.server";
import { listRuns, type RunSummary } from "~/broadcasts/runs.server";
import { sampleDocumentIds } from "~/broadcasts/sample-documents";
import { describeSamplePolicy, samplePolicy, type SamplePolicyEnv } from "~/broadcasts/sample-policy";
import type { ContentSource } from "~/content/content-source";
import type { Database } from "~/db/client.server";
import type { Env } from "~/env.server";
import { errorFacts } from "~/lib/log-error.server";
import type { Logger } from "~/lib/logger.server";

export interface RunRow {
  run: Omit<RunSummary, "createdAt"> & { createdAt: string };
  progress: RunProgress;
  /** The run's broadcast or sequence is marked sample; null when the content could not be read. */
  sample: boolean | null;
}

export interface BroadcastRow {
  id: string;
  title: string;
  status: string;
  isSample: boolean;
  /** Four-eyes approval of the current content (docs/decisions/024-four-eyes-approval.md). */
  approval: ApprovalState;
  estimate: CostEstimate;
}

export interface SequenceRow {
  id: string;
  title: string;
  active: boolean;
  isSample: boolean;
  approval: ApprovalState;
}

export interface BroadcastDashboard {
  runs: RunRow[];
  broadcasts: BroadcastRow[];
  sequences: SequenceRow[];
  /** Why broadcasts and estimates cannot be shown (content unavailable, bad price table). */
  estimatesProblem: string | null;
  /** What this site does with sample content, for the sample rows' note. */
  samplePolicy: string;
}

/** Runs shown at once: the page is for the current campaign season, not an archive. */
const RUN_LIMIT = 50;

/** What the dashboard reads: the database, the content (broadcasts, sample marks), prices and sample settings. */
export interface BroadcastDashboardServices {
  db: Database;
  content: ContentSource;
  env: SamplePolicyEnv & Pick<Env, "PRICE_TABLE_FILE">;
  logger: Logger;
}

export async function loadBroadcastDashboard(context: BroadcastDashboardServices): Promise<BroadcastDashboard> {
  const runs = (await listRuns(context.db)).slice(0, RUN_LIMIT);
  const progress = await Promise.all(runs.map((run) => runProgress(context.db, run.id)));
  const runRows = (samples: ReadonlySet<string> | null): RunRow[] =>
    runs.map((run, index) => ({
      run: { ...run, createdAt: run.createdAt.toISOString() },
      progress: progress[index]!,
      sample: samples ? samples.has(run.documentId) : null,
    }));
  const policy = describeSamplePolicy(samplePolicy(context.env));
  try {
    const documents = await context.content.broadcasts();
    const sequenceDocuments = await context.content.sequences();
    const samples = await sampleDocumentIds(context.content);
    const prices = await loadPriceTable(context.env);
    const broadcastApprovals = await approvalsOf(
      context.db,
      "broadcast",
      documents.map((doc) => doc.id),
    );
    const sequenceApprovals = await approvalsOf(
      context.db,
      "sequence",
      sequenceDocuments.map((doc) => doc.id),
    );
    const broadcasts = await Promise.all(
      documents.map(async (doc) => ({
        id: doc.id,
        title: doc.title,
        status: doc.status,
        isSample: doc.isSample,
        approval: approvalStateOf(
          broadcastApprovals.filter((record) => record.documentId === doc.id),
          hashOrNull(() => broadcastContentHash(doc)),
        ),
        estimate: await estimateBroadcast(context.db, doc, prices),
      })),
    );
    const sequences = sequenceDocuments.map((doc) => ({
      id: doc.id,
      title: doc.title,
      active: doc.active,
      isSample: doc.isSample,
      approval: approvalStateOf(
        sequenceApprovals.filter((record) => record.documentId === doc.id),
        hashOrNull(() => sequenceContentHash(doc)),
      ),
    }));
    return { runs: runRows(samples), broadcasts, sequences, estimatesProblem: null, samplePolicy: policy };
  } catch (error) {
    // The runs (from our database) are still worth showing when the content or prices fail.
    const facts = errorFacts(error);
    context.logger.error({ error: facts }, "staff: broadcast estimates unavailable");
    // Shown to staff: only a message this codebase wrote (a bad price table), never a driver's.
    return { runs: runRows(null), broadcasts: [], sequences: [], estimatesProblem: facts.message ?? "unavailable", samplePolicy: policy };
  }
}

/** A document that cannot be sent (a text missing) has no hash to approve. */
function hashOrNull(hash: () => string): string | null {
  try {
    return hash();
  } catch (error) {
    if (error instanceof RunTextMissingError) return null;
    throw error;
  }
}
