/**
 * Claims due messages for one dispatcher: `FOR UPDATE SKIP LOCKED` so concurrent dispatchers
 * (several job workers on PostgreSQL) never take the same row, and a lease so a row whose worker
 * died is found again (reconcile.server.ts) instead of being lost.
 *
 * One statement: pick the due rows (replies first, then oldest), cancel those whose recipient
 * has opted out since they were queued, lease the rest and count the attempt.
 */
import { sql } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import {
  CLAIMED_COLUMNS, RECIPIENT_OPTED_OUT, sqlNow, toClaimedMessage, type ClaimedMessage, type RawClaimedRow,
} from "./outbox-row.server";

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
}

export async function claimDueMessages(db: Database, options: ClaimOptions): Promise<ClaimResult> {
  const now = sqlNow(options.now);
  const result = await runSql<RawClaimedRow & { cancelled_count: number; claimed: boolean }>(db, sql`
    with due as (
      select o.id, ${RECIPIENT_OPTED_OUT} as opted_out
      from outbox_messages o
      where o.status = 'queued' and o.next_attempt_at <= ${now}
      order by o.priority, o.next_attempt_at, o.id
      limit ${options.limit}
      for update of o skip locked
    ),
    cancelled as (
      update outbox_messages o
      set status = 'cancelled', error_code = 'opted-out', lease_expires_at = null, leased_by = null, updated_at = ${now}
      from due where o.id = due.id and due.opted_out
      returning o.id
    ),
    claimed as (
      update outbox_messages o
      set status = 'sending', leased_by = ${options.workerId}, attempts = o.attempts + 1,
          lease_expires_at = ${now} + make_interval(secs => ${options.leaseSeconds}), updated_at = ${now}
      from due where o.id = due.id and not due.opted_out
      returning ${CLAIMED_COLUMNS}
    )
    select (select count(*) from cancelled)::int as cancelled_count, (claimed.id is not null) as claimed, claimed.*
    from (select 1) as one left join claimed on true`);

  const rows = result.rows;
  const messages = rows
    .filter((row) => row.claimed)
    .map(toClaimedMessage)
    .sort((a, b) => a.priority - b.priority || a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id - b.id);
  return { messages, cancelled: Number(rows[0]?.cancelled_count ?? 0) };
}
