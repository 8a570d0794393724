/**
 * What the approval state does to a document's runs (docs/decisions/024-four-eyes-approval.md).
 * Every run carries the approved content hash it was planned under (broadcast_runs.content_hash)
 * and, once the approval has acted on it, why (`hold_reason`).
 *
 * - No live approval of the current content (edited in the Studio since, or the approval was
 *   revoked): the runs hold. Active ones are paused by "approval" and their queued rows move to
 *   `held` in the same transaction, so the dispatcher's next claim skips them and expansion stops;
 *   every run gets the reason (`hold_reason`), which also keeps the Studio and operators from
 *   resuming it. Holding rather than cancelling keeps an accidental edit cheap to undo: put the
 *   content back and the approved version goes on.
 * - The current content approved: runs planned under another hash are superseded. Their unsent
 *   rows carry the old text and are cancelled (`content-changed`), never released: the approved
 *   version is the new one. The planner then plans the new version's run, which skips everyone an
 *   earlier run of the same delivery already reached. Runs of the approved hash lose their hold
 *   reason, and those the approval paused resume.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { sqlNow } from "~/db/sql-now.server";
import { UNSENT_STATES } from "~/outbox/outbox-states";
import { stateSql, statesSql } from "~/outbox/outbox-states-sql";
import type { RunSource } from "./runs.server";

/**
 * Why the approval holds a run, shown on the staff page. `superseded`: a run of an older version
 * that had nothing left to send when a newer one was approved; it is never acted on again.
 */
export const HOLD_REASONS = ["content-changed", "approval-revoked", "not-approved", "superseded"] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

/** The error code of outbox rows cancelled because a newer version was approved. */
export const CONTENT_CHANGED_CODE = "content-changed";

export interface ApprovalSync {
  /** Runs newly held by the approval. */
  held: number;
  /** Runs the approval had paused that go on. */
  resumed: number;
  /** Runs of an older version ended because a newer one was approved. */
  superseded: number;
  /** Outbox rows moved (held, released or cancelled). */
  messages: number;
}

type Target = { source: RunSource; documentId: string };

interface LockedRun {
  id: string | number;
  status: "active" | "paused";
  paused_by: string | null;
  content_hash: string;
  hold_reason: string | null;
  /** Not fully expanded, or rows not yet handed to the provider. */
  pending: boolean;
}

/** The hold reason a run gets while the current content (`hash`) has no live approval. */
function holdReasonSql(hash: string): SQL {
  return sql`(case when r.content_hash = '' then 'not-approved' when r.content_hash = ${hash} then 'approval-revoked' else 'content-changed' end)`;
}

/**
 * Locks the target's runs that are not cancelled, not superseded and match `which`. Every tick
 * asks this, so `which` must leave out the runs already in line (then nothing reads the outbox);
 * whether a run has work left is read only for the few that are not.
 */
async function lockRuns(db: Database, target: Target, which: SQL): Promise<LockedRun[]> {
  const result = await runSql<LockedRun>(
    db,
    sql`
    select r.id::text as id, r.status, r.paused_by, r.content_hash, r.hold_reason,
      (r.expanded_at is null
        or exists (select 1 from outbox_messages o where o.broadcast_run_id = r.id and o.status in ${statesSql(UNSENT_STATES)})) as pending
    from broadcast_runs r
    where r.source = ${target.source} and r.document_id = ${target.documentId} and r.status in ('active', 'paused')
      and r.hold_reason is distinct from 'superseded' and ${which}
    order by r.id for update of r`,
  );
  return result.rows;
}

function idList(runs: readonly LockedRun[]): SQL {
  return sql.join(
    runs.map((run) => sql`${Number(run.id)}`),
    sql`, `,
  );
}

/** Brings the target's runs in line with whether its current content (`hash`) is approved. */
export async function syncRunsWithApproval(
  db: Database,
  target: Target,
  current: { hash: string; approved: boolean },
  now?: Date,
): Promise<ApprovalSync> {
  return db.transaction(async (tx) => {
    const sync: ApprovalSync = { held: 0, resumed: 0, superseded: 0, messages: 0 };
    if (!current.approved) {
      const runs = await lockRuns(tx, target, sql`r.hold_reason is distinct from ${holdReasonSql(current.hash)}`);
      for (const reason of HOLD_REASONS) {
        const moved = await hold(
          tx,
          runs.filter((run) => holdReasonFor(run, current.hash) === reason),
          reason,
          now,
        );
        sync.held += moved.runs;
        sync.messages += moved.messages;
      }
      return sync;
    }
    const runs = await lockRuns(tx, target, sql`(r.content_hash <> ${current.hash} or r.hold_reason is not null)`);
    const at = sqlNow(now);
    const older = runs.filter((run) => run.content_hash !== current.hash);
    const cancelled = older.filter((run) => run.pending);
    const finished = older.filter((run) => !run.pending);
    if (finished.length > 0) {
      await runSql(tx, sql`update broadcast_runs set hold_reason = 'superseded', updated_at = ${at} where id in (${idList(finished)})`);
    }
    if (cancelled.length > 0) {
      await runSql(
        tx,
        sql`update broadcast_runs set status = 'cancelled', paused_by = null, hold_reason = ${CONTENT_CHANGED_CODE}, updated_at = ${at}
            where id in (${idList(cancelled)})`,
      );
      const rows = await runSql(
        tx,
        sql`
        update outbox_messages set status = ${stateSql("cancelled")}, error_code = ${CONTENT_CHANGED_CODE}, updated_at = ${at}
        where broadcast_run_id in (${idList(cancelled)}) and status in ${statesSql(UNSENT_STATES)}`,
      );
      sync.superseded = cancelled.length;
      sync.messages += rows.rowCount;
    }
    const approved = runs.filter((run) => run.content_hash === current.hash);
    if (approved.length > 0) {
      await runSql(tx, sql`update broadcast_runs set hold_reason = null, updated_at = ${at} where id in (${idList(approved)})`);
      const resumed = approved.filter((run) => run.status === "paused" && run.paused_by === "approval");
      if (resumed.length > 0) {
        await runSql(
          tx,
          sql`update broadcast_runs set status = 'active', paused_by = null, updated_at = ${at} where id in (${idList(resumed)})`,
        );
        const released = await runSql(
          tx,
          sql`update outbox_messages set status = ${stateSql("queued")}, updated_at = ${at}
              where broadcast_run_id in (${idList(resumed)}) and status = ${stateSql("held")}`,
        );
        sync.resumed = resumed.length;
        sync.messages += released.rowCount;
      }
    }
    return sync;
  });
}

/** Runs planned before approvals existed have no hash: they wait for an approval like the rest. */
function holdReasonFor(run: LockedRun, currentHash: string): HoldReason {
  if (run.content_hash === "") return "not-approved";
  return run.content_hash === currentHash ? "approval-revoked" : "content-changed";
}

/**
 * Holds the runs: each gets the reason; active ones with work left are paused by the approval and
 * their queued rows held. A run an operator or the Studio paused keeps its pauser (and stays
 * paused after a new approval until they resume it); a run with nothing left to send keeps its
 * status. The caller holds the runs' row locks.
 */
async function hold(db: Database, runs: readonly LockedRun[], reason: HoldReason, now?: Date): Promise<{ runs: number; messages: number }> {
  if (runs.length === 0) return { runs: 0, messages: 0 };
  const at = sqlNow(now);
  await runSql(db, sql`update broadcast_runs set hold_reason = ${reason}, updated_at = ${at} where id in (${idList(runs)})`);
  const active = runs.filter((run) => run.status === "active" && run.pending);
  if (active.length === 0) return { runs: 0, messages: 0 };
  await runSql(
    db,
    sql`update broadcast_runs set status = 'paused', paused_by = 'approval', updated_at = ${at} where id in (${idList(active)})`,
  );
  const moved = await runSql(
    db,
    sql`update outbox_messages set status = ${stateSql("held")}, updated_at = ${at}
        where broadcast_run_id in (${idList(active)}) and status = ${stateSql("queued")}`,
  );
  return { runs: active.length, messages: moved.rowCount };
}

/** Holds the runs planned under one hash (its approval was revoked). Runs in the caller's transaction. */
export async function holdRunsOfHash(
  db: Database,
  target: Target,
  hash: string,
  reason: HoldReason,
  now?: Date,
): Promise<{ runs: number; messages: number }> {
  const runs = await lockRuns(db, target, sql`r.content_hash = ${hash}`);
  return hold(db, runs, reason, now);
}
