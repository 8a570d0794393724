/**
 * Twilio status callbacks: what happened to a message after Twilio accepted it.
 * https://www.twilio.com/docs/messaging/guides/track-outbound-message-status
 *
 * Callbacks arrive late, twice, and out of order (a `sent` after `delivered`); a row only moves
 * forward along OUTBOX_TRANSITIONS, anything else is ignored. The row is found by Twilio's SID,
 * or (before the dispatcher has recorded the SID) by the outbox id in the callback URL, which
 * the signature covers.
 */
import { sql } from "drizzle-orm";
import { optOutByIndex } from "~/audience/opt-out.server";
import type { Database } from "~/db/client.server";
import type { OutboxStatus } from "~/db/messaging-schema";
import type { Logger } from "~/lib/logger.server";
import { statesThatMayMoveTo } from "./outbox-states";
import { runSql } from "~/db/run-sql.server";
import { afterSendError } from "./retry-policy";
import { classifySendError } from "./send-errors";

/** Every MessageStatus Twilio documents for a callback. */
export const TWILIO_MESSAGE_STATUSES = [
  "accepted", "scheduled", "queued", "sending", "sent", "delivered", "partially_delivered", "read",
  "undelivered", "failed", "canceled", "receiving", "received",
] as const;
export type TwilioMessageStatus = (typeof TWILIO_MESSAGE_STATUSES)[number];

/** Our row state for each Twilio status; null for inbound-only statuses, which never apply. */
const TARGET_STATE: Readonly<Record<TwilioMessageStatus, OutboxStatus | null>> = Object.freeze({
  accepted: "sent",
  scheduled: "sent",
  queued: "sent",
  sending: "sent",
  sent: "sent",
  delivered: "delivered",
  partially_delivered: "delivered",
  read: "read",
  undelivered: "undelivered",
  failed: "failed",
  canceled: "failed",
  receiving: null,
  received: null,
});

export interface StatusCallback {
  messageSid: string;
  messageStatus: TwilioMessageStatus;
  errorCode: number | null;
  /** From the signed callback URL (`?outbox=`), when present. */
  outboxId: number | null;
}

export type StatusUpdateOutcome = "updated" | "ignored" | "unknown-message";

export interface StatusUpdateResult {
  outcome: StatusUpdateOutcome;
  optedOut: boolean;
  /** A new outbox row queued to try again (e.g. 30003 handset unreachable, tried once more). */
  retryOutboxId: number | null;
}

interface TargetRow {
  id: string | number;
  recipient_index: string;
  attempts: number;
}

export async function applyStatusCallback(db: Database, callback: StatusCallback, deps: { logger: Logger }): Promise<StatusUpdateResult> {
  const found = await runSql<TargetRow>(db, sql`
    select id::text as id, recipient_index, attempts::int as attempts from outbox_messages
    where provider_message_id = ${callback.messageSid}
       or (provider_message_id is null and id = ${callback.outboxId ?? -1})
    order by (provider_message_id = ${callback.messageSid}) desc nulls last
    limit 1`);
  const row = found.rows[0];
  if (!row) return { outcome: "unknown-message", optedOut: false, retryOutboxId: null };
  const id = Number(row.id);

  // The carrier tells us the person replied STOP to it: opted out whatever our row's state.
  const optedOut = callback.errorCode === 21610;
  if (optedOut) await optOutByIndex(db, row.recipient_index, "provider-21610");

  const target = TARGET_STATE[callback.messageStatus];
  if (!target) return { outcome: "ignored", optedOut, retryOutboxId: null };
  const updated = await runSql(db, sql`
    update outbox_messages set status = ${target},
      provider_message_id = coalesce(provider_message_id, ${callback.messageSid}),
      error_code = coalesce(${callback.errorCode === null ? null : String(callback.errorCode)}, error_code),
      sent_at = coalesce(sent_at, now()), updated_at = now()
    where id = ${id} and (provider_message_id is null or provider_message_id = ${callback.messageSid})
      and status in (${sql.join(statesThatMayMoveTo(target).map((state) => sql`${state}`), sql`, `)})`);
  if (updated.rowCount === 0) {
    deps.logger.debug({ outboxId: id, status: callback.messageStatus }, "twilio status: callback ignored (not a forward move)");
    return { outcome: "ignored", optedOut, retryOutboxId: null };
  }

  let retryOutboxId: number | null = null;
  if ((target === "undelivered" || target === "failed") && callback.errorCode !== null && !optedOut) {
    retryOutboxId = await retryIfWorthIt(db, id, row.attempts, callback.errorCode);
  }
  deps.logger.info({ outboxId: id, status: target, errorCode: callback.errorCode, retryOutboxId }, "twilio status: recorded");
  return { outcome: "updated", optedOut, retryOutboxId };
}

/**
 * A delivery failure Twilio reports after accepting the message (30003 unreachable, 30008 …)
 * is retried like a send error of the same class, as a new row: the failed one keeps its SID
 * and final state, and the copy carries the attempt count so the class's limit still holds.
 */
async function retryIfWorthIt(db: Database, id: number, attempts: number, errorCode: number): Promise<number | null> {
  const next = afterSendError(classifySendError({ providerCode: errorCode }), attempts);
  if (next.action !== "retry") return null;
  const copy = await runSql<{ id: string | number }>(db, sql`
    insert into outbox_messages
      (subscriber_id, recipient_ciphertext, recipient_index, channel, sender, body, content_sid, content_variables,
       kind, priority, opt_out_exempt, segments, attempts, next_attempt_at)
    select subscriber_id, recipient_ciphertext, recipient_index, channel, sender, body, content_sid, content_variables,
       kind, priority, opt_out_exempt, segments, attempts, now() + make_interval(secs => ${next.delayMs / 1000})
    from outbox_messages where id = ${id}
    returning id::text as id`);
  const created = copy.rows[0];
  return created ? Number(created.id) : null;
}
