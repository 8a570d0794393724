/**
 * What a transport says about one message, in the outbox's own words. Each transport maps its
 * provider's answers (Twilio's error codes and HTTP statuses, the dev phone's simulated failures)
 * to these named outcomes next to its own code (app/messaging/transports/); the outbox decides on
 * the names alone and never reads a provider code (decision 020).
 *
 * A failure still carries the provider's own code as `diagnosticCode`: it is stored in the row's
 * `error_code` for staff to look up in the provider's documentation, and nothing branches on it.
 */

/** What the provider says about a message it has. */
export const PROVIDER_STATUSES = ["accepted", "queued", "sending", "sent", "delivered", "read", "undelivered", "failed"] as const;
export type ProviderStatus = (typeof PROVIDER_STATUSES)[number];

/** Retryable: the provider refused this attempt, created nothing, and a later one may work. */
export const RETRY_REASONS = [
  /** The handset cannot be reached right now (switched off, out of coverage). */
  "unreachable",
  /** The provider asks us to slow down. */
  "throttled",
  /** A carrier error the provider does not explain further: worth a bounded retry. */
  "carrier-error",
] as const;
export type RetryReason = (typeof RETRY_REASONS)[number];

/** Permanent: no retry can help this message. */
export const PERMANENT_FAILURE_KINDS = [
  /** The number exists but cannot receive this (landline, unknown handset, not on WhatsApp). */
  "cannot-receive",
  /** Our configuration is wrong (credentials, sender, region permissions): an operator must act. */
  "configuration",
  /** Refused for a reason the provider does not name more precisely. */
  "rejected",
] as const;
export type PermanentFailureKind = (typeof PERMANENT_FAILURE_KINDS)[number];

/**
 * Failures the outbox records without a provider answer: the number could not be decrypted (a
 * missing key), an unknown outcome could not be settled in time, the number was erased while the
 * message was in flight.
 */
export const OUTBOX_FAILURE_KINDS = ["undecryptable", "unknown-outcome", "erased"] as const;

/**
 * Every kind a failed, undelivered or retried outbox row can carry in `failure_kind`: the one list
 * for staff pages and reach analytics ("messages failed by kind").
 */
export const FAILURE_KINDS = [
  "contact-stopped",
  "whatsapp-window-closed",
  "invalid-number",
  ...RETRY_REASONS,
  "may-have-been-sent",
  ...PERMANENT_FAILURE_KINDS,
  ...OUTBOX_FAILURE_KINDS,
] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

/** A provider's refusal or delivery failure, named. */
export type ProviderFailure =
  /** The recipient replied STOP to their carrier: opt the number out, send nothing more. */
  | { outcome: "contact-stopped"; diagnosticCode: string }
  /** WhatsApp free text outside the 24-hour customer-care window: only a template may go. */
  | { outcome: "whatsapp-window-closed"; diagnosticCode: string }
  /** Not a phone number that can exist. */
  | { outcome: "invalid-number"; diagnosticCode: string }
  /** Refused this time, nothing created; `retryAfterMs` when the provider said how long to wait. */
  | { outcome: "retryable"; reason: RetryReason; retryAfterMs: number | null; diagnosticCode: string }
  /**
   * The request went out and no clear answer came back (timeout, connection reset, provider 5xx):
   * the provider may have created the message. Reconcile with the provider, never resend blindly.
   */
  | { outcome: "may-have-been-sent"; diagnosticCode: string }
  | { outcome: "permanent-failure"; kind: PermanentFailureKind; diagnosticCode: string };

/** The answer to one send. */
export type SendOutcome =
  { outcome: "accepted"; providerMessageId: string; status: ProviderStatus; segments: number | null } | ProviderFailure;

/** The failure kind stored with a row (and counted by analytics) for a provider failure. */
export function failureKindOf(failure: ProviderFailure): FailureKind {
  switch (failure.outcome) {
    case "retryable":
      return failure.reason;
    case "permanent-failure":
      return failure.kind;
    default:
      return failure.outcome;
  }
}

export function isFailureKind(value: string | null | undefined): value is FailureKind {
  return value !== null && value !== undefined && (FAILURE_KINDS as readonly string[]).includes(value);
}
