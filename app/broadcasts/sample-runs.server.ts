/**
 * What was planned from a document that is sample content where samples may not be sent: a run
 * planned before the document was marked, or under the local transport on a database that now
 * sends through Twilio. Its queued and held rows are cancelled (`sample-content`), never held:
 * the run froze the sample's text, so releasing them later would send that text, late, even
 * after staff rewrote the document.
 * - A broadcast run is one delivery: it is cancelled, like a Studio "Cancelled".
 * - A sequence step run is the step's channel for everyone who joins later: it is paused by the
 *   Studio, like an inactive sequence, so that unmarking the sequence resumes enrollment from
 *   then on (with the current text) instead of silencing the step for good.
 * Decision record: docs/decisions/015-sample-content-never-reaches-real-phones.md.
 */
import { sql } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import type { Logger } from "~/lib/logger.server";
import { runSql } from "~/db/run-sql.server";
import { sqlNow } from "~/db/sql-now.server";
import type { ControlResult, RunSource } from "./runs.server";
import type { SampleBlock } from "./sample-policy";
import { UNSENT_STATES } from "~/outbox/outbox-states";
import { stateSql, statesSql } from "~/outbox/outbox-states-sql";

/** The error code of outbox rows cancelled because they came from sample content. */
export const SAMPLE_CANCEL_CODE = "sample-content";

/**
 * Withdraws every run of the document (see above). Returns the runs whose status changed and the
 * rows cancelled: zero on every later tick, so callers log only what this tick did.
 */
export async function withdrawSampleRuns(
  db: Database,
  target: { source: RunSource; documentId: string },
  now?: Date,
): Promise<ControlResult> {
  const at = sqlNow(now);
  return db.transaction(async (tx) => {
    // Locking the runs first orders this after any expansion batch in flight (it holds the run row).
    const locked = await runSql<{ id: string | number; status: string }>(
      tx,
      sql`
      select id::text as id, status from broadcast_runs
      where source = ${target.source} and document_id = ${target.documentId} and status in ('active', 'paused')
      order by id for update`,
    );
    if (locked.rows.length === 0) return { runs: 0, messages: 0 };
    const idList = sql.join(
      locked.rows.map((row) => sql`${Number(row.id)}`),
      sql`, `,
    );
    const changed =
      target.source === "broadcast"
        ? await runSql(
            tx,
            sql`
            update broadcast_runs set status = 'cancelled', paused_by = null, updated_at = ${at} where id in (${idList})`,
          )
        : // An operator's pause, or the Studio's (inactive), stays as it is.
          await runSql(
            tx,
            sql`
            update broadcast_runs set status = 'paused', paused_by = 'studio', updated_at = ${at}
            where id in (${idList}) and status = 'active'`,
          );
    const cancelled = await runSql(
      tx,
      sql`
      update outbox_messages set status = ${stateSql("cancelled")}, error_code = ${SAMPLE_CANCEL_CODE}, updated_at = ${at}
      where broadcast_run_id in (${idList}) and status in ${statesSql(UNSENT_STATES)}`,
    );
    return { runs: changed.rowCount, messages: cancelled.rowCount };
  });
}

/**
 * `withdrawSampleRuns` for the planner and the enroller alike: withdraws, and logs (at warn, with
 * why samples are not sent here) only on the tick that changed something.
 */
export async function withdrawSample(
  deps: { db: Database; logger: Logger; because: SampleBlock },
  target: { source: RunSource; documentId: string },
  now: Date,
  message: string,
): Promise<ControlResult> {
  const withdrawn = await withdrawSampleRuns(deps.db, target, now);
  if (withdrawn.runs > 0 || withdrawn.messages > 0) {
    deps.logger.warn({ documentId: target.documentId, runs: withdrawn.runs, messages: withdrawn.messages, because: deps.because }, message);
  }
  return withdrawn;
}
