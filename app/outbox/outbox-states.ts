/**
 * The outbox state machine. A row only ever moves along these edges; webhook callbacks that
 * arrive late or out of order are ignored rather than moving a row backwards.
 *
 *   queued ──claim──> sending ──provider accepted──> sent ──> delivered ──> read
 *     ^  │                │  └─error, retryable──> queued (next_attempt_at later)
 *     │  └─opted out──> cancelled        └─error, final──> failed
 *     └──────────────── sending (crash, reconciled: provider never got it)
 *   sent ──> undelivered | failed | read        (status callbacks)
 *   queued <──resume── held <──pause── queued     (broadcast runs; held ──cancel/STOP──> cancelled)
 */
import { OUTBOX_STATUSES, type OutboxStatus } from "~/db/messaging-schema";

export const OUTBOX_STATES = Object.freeze(
  Object.fromEntries(OUTBOX_STATUSES.map((status) => [status, status])) as { readonly [S in OutboxStatus]: S },
);

/** Allowed forward moves from each state. Terminal states have none. */
export const OUTBOX_TRANSITIONS: Readonly<Record<OutboxStatus, readonly OutboxStatus[]>> = Object.freeze({
  // A provider callback may find a row still `queued` after an error answer for a message Twilio
  // in fact accepted (HTTP 5xx): that proves it left, so it moves to sent and beyond, never resent.
  queued: Object.freeze(["held", "sending", "cancelled", "sent", "delivered", "read", "undelivered", "failed"] as const),
  held: Object.freeze(["queued", "cancelled"] as const),
  sending: Object.freeze(["queued", "sent", "delivered", "read", "undelivered", "failed", "cancelled"] as const),
  sent: Object.freeze(["delivered", "read", "undelivered", "failed"] as const),
  // WhatsApp reports `read` after `delivered`; nothing else follows a delivery.
  delivered: Object.freeze(["read"] as const),
  read: Object.freeze([] as const),
  undelivered: Object.freeze([] as const),
  failed: Object.freeze([] as const),
  cancelled: Object.freeze([] as const),
});

export function canTransition(from: OutboxStatus, to: OutboxStatus): boolean {
  return OUTBOX_TRANSITIONS[from].includes(to);
}

/** The states a row may be in for a move to `to` to be allowed (for SQL `status in (…)` guards). */
export function statesThatMayMoveTo(to: OutboxStatus): OutboxStatus[] {
  return OUTBOX_STATUSES.filter((from) => canTransition(from, to));
}
