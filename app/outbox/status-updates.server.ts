/**
 * Status callbacks: what happened to a message after the provider accepted it. The provider's
 * webhook (app/routes/webhooks.twilio.status.ts, with the code table in
 * app/messaging/transports/twilio-outcomes.ts) hands them over in our words: a status and a named
 * failure.
 *
 * Callbacks arrive late, twice, and out of order (a `sent` after `delivered`); a row only moves
 * forward along OUTBOX_TRANSITIONS, anything else is ignored. The row is found by the provider's
 * message id, or (before the dispatcher has recorded it) by the outbox id in the callback URL,
 * which the signature covers.
 */
import { sql, type SQL } from "drizzle-orm";
import { optOutByIndex } from "~/audience/opt-out.server";
import type { Database } from "~/db/client.server";
import type { Logger } from "~/lib/logger.server";
import { scrubEraseConfirmations } from "./erase-confirmations.server";
import { statesThatMayMoveTo } from "./outbox-states";
import { OUTBOX_BODY } from "./outbox-row.server";
import { stateSql, statesSql } from "./outbox-states-sql";
import { outboxEventsInsert } from "~/analytics/messaging-events.server";
import { runSql } from "~/db/run-sql.server";
import { sqlNow } from "~/db/sql-now.server";
import { afterFailure, outboxStatusFor } from "./retry-policy";
import { failureKindOf, type ProviderFailure, type ProviderStatus } from "./send-outcome";

/** A status callback, already in our words (the provider's webhook maps its fields). */
export interface StatusCallback {
  providerMessageId: string;
  /** The provider's status as ours; null for statuses that never apply to a send (inbound-only). */
  status: ProviderStatus | null;
  /** The named failure the callback reports (undelivered, failed), if any. */
  failure: ProviderFailure | null;
  /** From the signed callback URL (`?outbox=`), when present. */
  outboxId: number | null;
}

export type StatusUpdateOutcome = "updated" | "ignored" | "unknown-message";

export interface StatusUpdateResult {
  outcome: StatusUpdateOutcome;
  optedOut: boolean;
  /** A new outbox row queued to try again (e.g. a handset unreachable, tried once more). */
  retryOutboxId: number | null;
}

interface TargetRow {
  id: string | number;
  recipient_index: string;
  recipient_ciphertext: string;
  opt_out_exempt: string | null;
  attempts: number;
}

function stoppedAtCarrier(callback: StatusCallback): boolean {
  return callback.failure?.outcome === "contact-stopped";
}

/** The outbox row a callback is about: by the provider's id, else by the (signed) outbox id. */
async function findTarget(db: Database, callback: Pick<StatusCallback, "providerMessageId" | "outboxId">): Promise<TargetRow | undefined> {
  const found = await runSql<TargetRow>(
    db,
    sql`
    select id::text as id, recipient_index, recipient_ciphertext, opt_out_exempt, attempts::int as attempts from outbox_messages
    where provider_message_id = ${callback.providerMessageId}
       or (provider_message_id is null and id = ${callback.outboxId ?? -1})
    order by (provider_message_id = ${callback.providerMessageId}) desc nulls last
    limit 1`,
  );
  return found.rows[0];
}

/**
 * A contact-stopped failure in a callback: the carrier tells us the person replied STOP to it. The number is opted
 * out whatever the row's state, in a transaction of its own that the caller commits BEFORE
 * recording anything else of the callback, so no later failure (the receipt, the status move)
 * can undo it. Returns whether a number was opted out: not for an unknown message, nor for a row
 * whose recipient is already gone (erased or past retention: its blind index is a placeholder,
 * and the erased number is tombstoned anyway).
 */
export async function applyCarrierStop(db: Database, callback: StatusCallback, now?: Date): Promise<boolean> {
  if (!stoppedAtCarrier(callback)) return false;
  const row = await findTarget(db, callback);
  if (!row || !hasRecipient(row)) return false;
  await optOutByIndex(db, row.recipient_index, "carrier-stop", now);
  return true;
}

/** A row that still holds its recipient (not erased, not purged by retention). */
function hasRecipient(row: TargetRow): boolean {
  return row.recipient_ciphertext.startsWith("v1.");
}

/**
 * Moves the row forward. A carrier STOP is reported (`optedOut`) but not applied here: applyCarrierStop
 * does that first, on its own (see the status webhook route).
 */
export async function applyStatusCallback(
  db: Database,
  callback: StatusCallback,
  deps: { logger: Logger; now?: Date },
): Promise<StatusUpdateResult> {
  const now = sqlNow(deps.now);
  const row = await findTarget(db, callback);
  if (!row) return { outcome: "unknown-message", optedOut: false, retryOutboxId: null };
  const id = Number(row.id);
  const optedOut = stoppedAtCarrier(callback);

  if (!callback.status) return { outcome: "ignored", optedOut, retryOutboxId: null };
  const target = outboxStatusFor(callback.status);
  const failure = target === "undelivered" || target === "failed" ? callback.failure : null;
  // Delivered, or failed by its failure kind: the reach event in the same statement as the move
  // (app/analytics/messaging-events.server.ts). "read" and "sent" are not reach events.
  const event = target === "delivered" ? "message_delivered" : target === "undelivered" || target === "failed" ? "message_failed" : null;
  const detail = event === "message_failed" && failure ? failureKindOf(failure) : "";
  const updated = await runSql<{ moved: number }>(
    db,
    sql`
    with moved as (
    update outbox_messages set status = ${stateSql(target)},
      provider_message_id = coalesce(provider_message_id, ${callback.providerMessageId}),
      error_code = coalesce(${callback.failure?.diagnosticCode ?? null}, error_code),
      failure_kind = coalesce(${failure ? failureKindOf(failure) : null}, failure_kind),
      sent_at = coalesce(sent_at, ${now}), updated_at = ${now}
    where id = ${id} and (provider_message_id is null or provider_message_id = ${callback.providerMessageId})
      and status in ${statesSql(statesThatMayMoveTo(target))}
    returning id, kind, channel, subscriber_id, ${event}::text as event, ${detail}::text as detail
    ), counted as (
    ${outboxEventsInsert("moved", now)}
    )
    select count(*)::int as moved from moved`,
  );
  if (Number(updated.rows[0]?.moved ?? 0) === 0) {
    deps.logger.debug({ outboxId: id, status: callback.status }, "status callback ignored (not a forward move)");
    return { outcome: "ignored", optedOut, retryOutboxId: null };
  }

  let retryOutboxId: number | null = null;
  // A row without its recipient (erased, purged) has nobody left to try again.
  if (failure && !optedOut && hasRecipient(row)) {
    retryOutboxId = await retryIfWorthIt(db, id, row.attempts, failure, now);
  }
  // A DELETE confirmation the callback finished before the dispatcher recorded it.
  if (row.opt_out_exempt === "erase-confirmation") await scrubEraseConfirmations(db, { ids: [id], now: deps.now });
  deps.logger.info(
    {
      outboxId: id,
      status: target,
      failure: failure ? failureKindOf(failure) : null,
      errorCode: callback.failure?.diagnosticCode ?? null,
      retryOutboxId,
    },
    "status callback recorded",
  );
  return { outcome: "updated", optedOut, retryOutboxId };
}

/**
 * A delivery failure the provider reports after accepting the message (handset unreachable, a
 * carrier error) is retried like a send failure of the same name, as a new row: the failed one
 * keeps its provider id and final state, and the copy carries the attempt count so the limit
 * still holds.
 */
async function retryIfWorthIt(db: Database, id: number, attempts: number, failure: ProviderFailure, now: SQL): Promise<number | null> {
  const next = afterFailure(failure, attempts);
  if (next.action !== "retry") return null;
  const copy = await runSql<{ id: string | number }>(
    db,
    sql`
    insert into outbox_messages
      (subscriber_id, recipient_ciphertext, recipient_index, channel, sender, body, content_sid, content_variables,
       kind, priority, opt_out_exempt, segments, attempts, next_attempt_at, created_at, updated_at)
    select subscriber_id, recipient_ciphertext, recipient_index, channel, sender, ${OUTBOX_BODY}, content_sid, content_variables,
       kind, priority, opt_out_exempt, segments, attempts, ${now} + make_interval(secs => ${next.delayMs / 1000}), ${now}, ${now}
    from outbox_messages o where id = ${id}
    returning id::text as id`,
  );
  const created = copy.rows[0];
  return created ? Number(created.id) : null;
}
