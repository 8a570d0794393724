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
/**
 * Every state, the one list: the drizzle schema's column type, the SQL (through `stateSql` in
 * outbox-states-sql.ts), the staff pages. No imports, so the schema (read by drizzle-kit) and
 * browser bundles can import it.
 * `held`: queued for a broadcast run that is paused; moved back to `queued` on resume.
 */
export const OUTBOX_STATUSES = ["queued", "held", "sending", "sent", "delivered", "read", "undelivered", "failed", "cancelled"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** The states by name, `OUTBOX_STATES.queued`, for TypeScript code. */
export const OUTBOX_STATES = Object.freeze(
  Object.fromEntries(OUTBOX_STATUSES.map((status) => [status, status])) as { readonly [S in OutboxStatus]: S },
);

/** States after which a row is never sent again (a retry after a delivery failure is a new row). */
export const FINISHED_STATES = Object.freeze([
  "sent",
  "delivered",
  "read",
  "undelivered",
  "failed",
  "cancelled",
] as const satisfies readonly OutboxStatus[]);
/** States of a row not yet handed to the provider that a STOP, a cancel or a pause still reaches. */
export const UNSENT_STATES = Object.freeze(["queued", "held"] as const satisfies readonly OutboxStatus[]);

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
