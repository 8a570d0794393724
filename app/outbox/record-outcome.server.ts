/**
 * Recording what happens to claimed messages, a group at a time: one statement per group keeps
 * the dispatcher fast on PGlite, where each statement costs about a millisecond whatever it does.
 * Every update names the claim it belongs to (id, leased_by, attempts): a worker that lost its
 * lease can never overwrite what another worker, or the reconciliation, has since decided.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import type { ClaimedMessage } from "./outbox-row.server";
import { runSql } from "~/db/run-sql.server";
import { outboxEventsInsert } from "~/analytics/messaging-events.server";
import { sqlNow } from "~/db/sql-now.server";
import { OUTBOX_STATES } from "./outbox-states";
import { stateSql } from "./outbox-states-sql";
import { RECIPIENT_OPTED_OUT } from "./outbox-row.server";
import { outboxStatusFor } from "./retry-policy";
import type { FailureKind, ProviderStatus } from "./send-outcome";

export type SendVerdict = "send" | "cancelled" | "lost";

/** The claims as a JSON record set: `(id, worker, attempts)` plus any extra fields. */
function claimsJson<T extends object>(items: ReadonlyArray<{ message: ClaimedMessage } & T>): string {
  return JSON.stringify(
    items.map(({ message, ...rest }) => ({ id: message.id, worker: message.leasedBy, attempts: message.attempts, ...rest })),
  );
}

/**
 * Right before the provider calls of a group (they are issued the moment this returns):
 * re-checks each recipient's opt-out (a STOP may have come since the claim) and that the lease
 * still holds. Usually one read-only statement; writes only to cancel an opted-out row, or to
 * renew a lease with less than half its length left (a send times out at half the lease, so a
 * call started with more than that always ends inside it). "lost": this worker must not send
 * (the lease expired and another may be reconciling the row).
 */
export async function guardBeforeSend(
  db: Database,
  messages: readonly ClaimedMessage[],
  options: { leaseSeconds: number; now?: Date },
): Promise<Map<number, SendVerdict>> {
  const verdicts = new Map<number, SendVerdict>(messages.map((message) => [message.id, "lost"]));
  if (messages.length === 0) return verdicts;
  const now = sqlNow(options.now);
  const claims = claimsJson(messages.map((message) => ({ message })));
  const checked = await runSql<{ id: string | number; opted_out: boolean; lease_left_ms: number | string }>(
    db,
    sql`
    select o.id::text as id, ${RECIPIENT_OPTED_OUT} as opted_out,
      (extract(epoch from (o.lease_expires_at - ${now})) * 1000)::float8 as lease_left_ms
    from outbox_messages o
    join jsonb_to_recordset(${claims}::jsonb) as d(id bigint, worker text, attempts int)
      on o.id = d.id and o.leased_by = d.worker and o.attempts = d.attempts
    where o.status = ${stateSql("sending")} and o.lease_expires_at > ${now}`,
  );

  const byId = new Map(messages.map((message) => [message.id, message]));
  const optedOut: ClaimedMessage[] = [];
  const renew: ClaimedMessage[] = [];
  for (const row of checked.rows) {
    const message = byId.get(Number(row.id));
    if (!message) continue;
    if (row.opted_out) optedOut.push(message);
    else if (Number(row.lease_left_ms) < (options.leaseSeconds * 1000) / 2) renew.push(message);
    else verdicts.set(message.id, "send");
  }
  for (const id of await updateClaims(
    db,
    optedOut,
    sql`status = ${stateSql("cancelled")}, error_code = 'opted-out', failure_kind = null, lease_expires_at = null`,
    now,
  )) {
    verdicts.set(id, "cancelled");
  }
  const renewal = sql`lease_expires_at = ${now} + make_interval(secs => ${options.leaseSeconds})`;
  for (const id of await updateClaims(db, renew, renewal, now)) verdicts.set(id, "send");
  return verdicts;
}

/** Applies `assignments` to the rows of these claims that are still `sending` under a live lease. */
async function updateClaims(db: Database, messages: readonly ClaimedMessage[], assignments: SQL, now: SQL): Promise<number[]> {
  if (messages.length === 0) return [];
  const result = await runSql<{ id: string | number }>(
    db,
    sql`
    update outbox_messages o set ${assignments}, updated_at = ${now}
    from jsonb_to_recordset(${claimsJson(messages.map((message) => ({ message })))}::jsonb) as d(id bigint, worker text, attempts int)
    where o.id = d.id and o.leased_by = d.worker and o.attempts = d.attempts
      and o.status = ${stateSql("sending")} and o.lease_expires_at > ${now}
    returning o.id::text as id`,
  );
  return result.rows.map((row) => Number(row.id));
}

/**
 * What became of one send, for `recordOutcomes`: the named kind decides, the diagnostic code is
 * only stored (`error_code`, for staff).
 */
export type AttemptRecord =
  | { message: ClaimedMessage; outcome: "sent"; providerMessageId: string; status: ProviderStatus; segments: number | null }
  | { message: ClaimedMessage; outcome: "retry"; kind: FailureKind; code: string; delayMs: number }
  | { message: ClaimedMessage; outcome: "failed"; kind: FailureKind; code: string };

/**
 * Records a group of outcomes in one statement:
 * - sent: provider id, sent time, segments. A status callback may have got here first (the row is
 *   already `delivered`): the state is then kept, never moved back to `sent`.
 * - retry: back to the queue with the error code, due after the backoff.
 * - failed: final, with the kind and the provider's code.
 */
export async function recordOutcomes(db: Database, outcomes: readonly AttemptRecord[], now?: Date): Promise<void> {
  if (outcomes.length === 0) return;
  const at = sqlNow(now);
  const sending = stateSql("sending");
  const records = claimsJson(
    outcomes.map((item) => {
      switch (item.outcome) {
        case "sent":
          return {
            message: item.message,
            outcome: "sent",
            state: outboxStatusFor(item.status),
            sid: item.providerMessageId,
            segments: item.segments,
          };
        case "retry":
          return {
            message: item.message,
            outcome: "retry",
            state: OUTBOX_STATES.queued,
            kind: item.kind,
            code: item.code,
            delay_ms: item.delayMs,
          };
        case "failed":
          return { message: item.message, outcome: "failed", state: OUTBOX_STATES.failed, kind: item.kind, code: item.code };
      }
    }),
  );
  // The reach events (broadcast message sent or failed, by failure kind) in the same statement
  // as the state change they record (app/analytics/messaging-events.server.ts).
  await runSql(
    db,
    sql`
    with moved as (
    update outbox_messages o set
      status = case when o.status = ${sending} then d.state else o.status end,
      error_code = case when d.outcome = 'sent' and o.status = ${sending} then null
                        when d.outcome = 'sent' then o.error_code else d.code end,
      failure_kind = case when d.outcome = 'sent' and o.status = ${sending} then null
                          when d.outcome = 'sent' then o.failure_kind else d.kind end,
      provider_message_id = case when d.outcome = 'sent' then coalesce(o.provider_message_id, d.sid) else o.provider_message_id end,
      segments = coalesce(d.segments::smallint, o.segments),
      sent_at = case when d.outcome = 'sent' then coalesce(o.sent_at, ${at}) else o.sent_at end,
      next_attempt_at = case when d.outcome = 'retry' then ${at} + make_interval(secs => d.delay_ms / 1000.0) else o.next_attempt_at end,
      leased_by = case when d.outcome = 'retry' then null else o.leased_by end,
      lease_expires_at = null,
      updated_at = ${at}
    from jsonb_to_recordset(${records}::jsonb)
      as d(id bigint, worker text, attempts int, outcome text, state text, sid text, segments int, kind text, code text, delay_ms int)
    where o.id = d.id and o.leased_by = d.worker and o.attempts = d.attempts
      and (o.status = ${sending} or d.outcome = 'sent')
    returning o.id, o.kind, o.channel, o.subscriber_id,
      case d.outcome when 'sent' then 'message_sent' when 'failed' then 'message_failed' end as event,
      case when d.outcome = 'failed' then d.kind else '' end as detail
    )
    ${outboxEventsInsert("moved", at)}`,
  );
}

/**
 * Puts back messages that were claimed but not tried (their sender had no rate-limit token):
 * the attempt is not counted, and each is due when its sender will have a token.
 */
export async function releaseUntried(
  db: Database,
  deferred: ReadonlyArray<{ message: ClaimedMessage; delayMs: number }>,
  now?: Date,
): Promise<void> {
  if (deferred.length === 0) return;
  const at = sqlNow(now);
  await runSql(
    db,
    sql`
    update outbox_messages o set status = ${stateSql("queued")}, attempts = o.attempts - 1,
      next_attempt_at = ${at} + make_interval(secs => d.delay_ms / 1000.0),
      lease_expires_at = null, leased_by = null, updated_at = ${at}
    from jsonb_to_recordset(${claimsJson(deferred.map(({ message, delayMs }) => ({ message, delay_ms: delayMs })))}::jsonb)
      as d(id bigint, worker text, attempts int, delay_ms int)
    where o.id = d.id and o.leased_by = d.worker and o.attempts = d.attempts and o.status = ${stateSql("sending")}`,
  );
}

/**
 * The transport threw (a bug, not a provider answer): whether the provider got the message is
 * unknown, so the row is not simply re-queued. Its lease is expired at once and the next
 * dispatcher tick reconciles it against the provider (reconcile.server.ts) before any resend.
 * `updated_at` is left alone: it marks when the send began, which the provider lookup starts from.
 */
export async function expireLease(db: Database, message: ClaimedMessage, now?: Date): Promise<void> {
  const at = sqlNow(now);
  await runSql(
    db,
    sql`
    update outbox_messages o set lease_expires_at = ${at} - interval '1 second'
    where o.id = ${message.id} and o.leased_by = ${message.leasedBy} and o.attempts = ${message.attempts}
      and o.status = ${stateSql("sending")} and o.provider_message_id is null`,
  );
}
