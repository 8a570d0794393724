/**
 * What the staff broadcast page shows: every run with its progress (newest first), and every
 * broadcast in the content with its audience today and estimated cost, so staff check a
 * broadcast before scheduling it and watch it while it goes out. Counts and codes only.
 */
import { estimateBroadcast, runProgress, type RunProgress } from "~/broadcasts/progress.server";
import type { CostEstimate } from "~/broadcasts/cost-estimate";
import { loadPriceTable } from "~/broadcasts/price-table.server";
import { listRuns, type RunSummary } from "~/broadcasts/runs.server";
import type { AppContext } from "~/context.server";

export interface RunRow {
  run: Omit<RunSummary, "createdAt"> & { createdAt: string };
  progress: RunProgress;
}

export interface BroadcastRow {
  id: string;
  title: string;
  status: string;
  estimate: CostEstimate;
}

export interface BroadcastDashboard {
  runs: RunRow[];
  broadcasts: BroadcastRow[];
  /** Why broadcasts and estimates cannot be shown (content unavailable, bad price table). */
  estimatesProblem: string | null;
}

/** Runs shown at once: the page is for the current campaign season, not an archive. */
const RUN_LIMIT = 50;

export async function loadBroadcastDashboard(context: Pick<AppContext, "db" | "content" | "env" | "logger">): Promise<BroadcastDashboard> {
  const runs = (await listRuns(context.db)).slice(0, RUN_LIMIT);
  const runRows = await Promise.all(
    runs.map(async (run) => ({ run: { ...run, createdAt: run.createdAt.toISOString() }, progress: await runProgress(context.db, run.id) })),
  );
  try {
    const documents = await context.content.broadcasts();
    const prices = await loadPriceTable(context.env);
    const broadcasts = await Promise.all(
      documents.map(async (doc) => ({ id: doc.id, title: doc.title, status: doc.status, estimate: await estimateBroadcast(context.db, doc, prices) })),
    );
    return { runs: runRows, broadcasts, estimatesProblem: null };
  } catch (error) {
    // The runs (from our database) are still worth showing when the content or prices fail.
    context.logger.error({ error: error instanceof Error ? error.name : "unknown" }, "staff: broadcast estimates unavailable");
    return { runs: runRows, broadcasts: [], estimatesProblem: error instanceof Error ? error.message : "unavailable" };
  }
}
