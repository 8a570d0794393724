/**
 * Claims due messages for one dispatcher: `FOR UPDATE SKIP LOCKED` so concurrent dispatchers
 * (several job workers on PostgreSQL) never take the same row, and a lease so a row whose worker
 * died is found again (reconcile.server.ts) instead of being lost.
 *
 * One statement: pick the due rows (replies first, then oldest), cancel those whose recipient
 * has opted out since they were queued, lease the rest and count the attempt.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { sqlNow } from "~/db/sql-now.server";
import { stateSql } from "./outbox-states-sql";
import { CLAIMED_COLUMNS, RECIPIENT_OPTED_OUT, toClaimedMessage, type ClaimedMessage, type RawClaimedRow } from "./outbox-row.server";

/**
 * WhatsApp's customer-care window is 24 hours from the person's last message; free text is sent
 * only well inside it, so a message that waits in a backlog or a retry does not cross the edge.
 */
export const WHATSAPP_FREE_TEXT_WINDOW = "23 hours";

export interface ClaimOptions {
  workerId: string;
  limit: number;
  leaseSeconds: number;
  now?: Date;
}

export interface ClaimResult {
  /** Leased to this worker, in send order (priority, then due time, then id). */
  messages: ClaimedMessage[];
  /** Due rows cancelled because their recipient opted out. */
  cancelled: number;
  /** Broadcast rows moved to the next send window: their recipient's window had closed. */
  rescheduled: number;
}

export async function claimDueMessages(db: Database, options: ClaimOptions): Promise<ClaimResult> {
  const result = await runSql<RawClaimedRow & { cancelled_count: number; rescheduled_count: number; claimed: boolean }>(
    db,
    claimStatement(options),
  );

  const rows = result.rows;
  const messages = rows
    .filter((row) => row.claimed)
    .map(toClaimedMessage)
    .sort((a, b) => a.priority - b.priority || a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id - b.id);
  return { messages, cancelled: Number(rows[0]?.cancelled_count ?? 0), rescheduled: Number(rows[0]?.rescheduled_count ?? 0) };
}

/**
 * The claim as one statement. Its `status = 'queued'` is a literal (stateSql), so the planner can
 * use the partial index `outbox_due_idx`; tests EXPLAIN this very statement to keep it so.
 */
export function claimStatement(options: ClaimOptions): SQL {
  const now = sqlNow(options.now);
  return sql`
    with due as (
      select o.id, ${RECIPIENT_OPTED_OUT} as opted_out,
        (o.window_closes_at is not null and o.window_closes_at <= ${now}) as after_window
      from outbox_messages o
      where o.status = ${stateSql("queued")} and o.next_attempt_at <= ${now}
      order by o.priority, o.next_attempt_at, o.id
      limit ${options.limit}
      for update of o skip locked
    ),
    cancelled as (
      update outbox_messages o
      set status = ${stateSql("cancelled")}, error_code = 'opted-out', lease_expires_at = null, leased_by = null, updated_at = ${now}
      from due where o.id = due.id and due.opted_out
      returning o.id
    ),
    -- Quiet hours: a broadcast row whose send window has closed (a backlog, a pause) waits for
    -- the next day's window start on the recipient's clock (these zones keep no daylight saving).
    rescheduled as (
      update outbox_messages o
      set next_attempt_at = o.window_closes_at + make_interval(secs => 86400 - o.window_seconds),
          window_closes_at = o.window_closes_at + interval '1 day', updated_at = ${now}
      from due where o.id = due.id and due.after_window and not due.opted_out
      returning o.id
    ),
    claimed as (
      update outbox_messages o
      set status = ${stateSql("sending")}, leased_by = ${options.workerId}, attempts = o.attempts + 1,
          lease_expires_at = ${now} + make_interval(secs => ${options.leaseSeconds}), updated_at = ${now}
      from due where o.id = due.id and not due.opted_out and not due.after_window
      returning ${CLAIMED_COLUMNS},
        case when o.channel = 'whatsapp' and o.kind = 'broadcast' then coalesce(
          (select s.last_inbound_at > ${now} - ${WHATSAPP_FREE_TEXT_WINDOW}::interval from subscribers s where s.id = o.subscriber_id), false)
        end as window_open
    )
    select (select count(*) from cancelled)::int as cancelled_count, (select count(*) from rescheduled)::int as rescheduled_count,
      (claimed.id is not null) as claimed, claimed.*
    from (select 1) as one left join claimed on true`;
}
