/**
 * Job `reconcile-unknown-sends`: rows left `sending` with no provider id by a crashed worker are
 * looked up at the provider before any resend (app/outbox/reconcile.server.ts). The dispatcher
 * does this at the start of each tick too; this job makes sure it happens every minute even when
 * no process is dispatching (all paused, or the dispatcher stuck on a long backlog).
 * Not a singleton: stale rows are taken over with SKIP LOCKED, one worker per row.
 */
import { reconcileUnknownSends, type ReconcileDeps, type ReconcileReport } from "~/outbox/reconcile.server";

export type ReconcileUnknownSendsSummary = ReconcileReport;

export async function reconcileUnknownSendsJob(deps: ReconcileDeps): Promise<ReconcileUnknownSendsSummary> {
  return reconcileUnknownSends(deps);
}
