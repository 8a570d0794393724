/**
 * Job `dispatch-outbox`: sends due outbox messages (dispatchOnce: reconcile unknown sends, claim
 * with SKIP LOCKED, rate-limit, send, record). Not a singleton: any number of processes may
 * dispatch at once, the claim keeps them off each other's rows. This job under the scheduler is
 * the only dispatch loop there is: `npm start`, `npm run jobs` and the fault suite all run it.
 *
 * One tick drains a backlog: while batches come back full it claims again at once, for up to
 * `budgetMs`, so a 10,000-recipient broadcast does not wait a tick per batch of 50.
 */
import { dispatchOnce, type DispatchDeps, type DispatchReport } from "~/outbox/dispatcher.server";

export interface DispatchOutboxDeps extends DispatchDeps {
  /** Stop claiming new batches once aborted (scheduler shutdown). */
  signal?: AbortSignal;
  /** How long one run may keep draining a backlog (default 10 s). */
  budgetMs?: number;
}

export interface DispatchOutboxSummary extends DispatchReport {
  batches: number;
}

const DEFAULT_BUDGET_MS = 10_000;

export async function dispatchOutbox(deps: DispatchOutboxDeps): Promise<DispatchOutboxSummary> {
  const { signal, budgetMs = DEFAULT_BUDGET_MS, ...dispatchDeps } = deps;
  const summary: DispatchOutboxSummary = {
    batches: 0,
    claimed: 0,
    sent: 0,
    retried: 0,
    failed: 0,
    cancelled: 0,
    reconciled: 0,
    deferred: 0,
  };
  const started = performance.now();
  for (;;) {
    const report = await dispatchOnce(dispatchDeps);
    summary.batches += 1;
    for (const key of Object.keys(report) as Array<keyof DispatchReport>) summary[key] += report[key];
    // A full batch that was not all deferred by the rate limit means more is waiting now.
    const full = report.claimed > 0 && report.claimed + report.cancelled >= deps.env.OUTBOX_BATCH_SIZE && report.deferred < report.claimed;
    if (!full || signal?.aborted || performance.now() - started >= budgetMs) return summary;
  }
}
