/**
 * What happens to a message after a failed send, read only from the named outcome
 * (send-outcome.ts): retry later with backoff, or stop. Provider codes never reach this file.
 */
import type { OutboxStatus } from "./outbox-states";
import type { FailureKind, ProviderFailure, ProviderStatus, RetryReason } from "./send-outcome";

/** Attempts (the first included) before a failure that may be retried becomes final. */
export const MAX_ATTEMPTS: Readonly<Record<RetryReason | "may-have-been-sent", number>> = Object.freeze({
  // A handset off now is often off for days: one more try, not a siege.
  unreachable: 2,
  throttled: 8,
  "carrier-error": 6,
  "may-have-been-sent": 6,
});

/** A row that keeps crashing its dispatcher before an answer is recorded is given up after this. */
export const MAX_UNKNOWN_OUTCOME_ATTEMPTS = MAX_ATTEMPTS["may-have-been-sent"];

export type AfterFailure = { action: "retry"; delayMs: number } | { action: "fail" };

/** `attempts` counts the attempt that just failed (1 after the first try). */
export function afterFailure(failure: ProviderFailure, attempts: number, random?: () => number): AfterFailure {
  let limit: number;
  let notBeforeMs = 0;
  switch (failure.outcome) {
    case "retryable":
      limit = MAX_ATTEMPTS[failure.reason];
      notBeforeMs = failure.retryAfterMs ?? 0;
      break;
    case "may-have-been-sent":
      // Retried, but the retry asks the provider first (mustLookUpFirst) and never resends blindly.
      limit = MAX_ATTEMPTS["may-have-been-sent"];
      break;
    default:
      return { action: "fail" };
  }
  if (attempts >= limit) return { action: "fail" };
  return { action: "retry", delayMs: Math.max(notBeforeMs, retryDelayMs(attempts, random ? { random } : {})) };
}

/** True when the previous attempt may have created the message: the provider is asked before any resend. */
export function mustLookUpFirst(previousFailureKind: FailureKind | null): boolean {
  return previousFailureKind === "may-have-been-sent";
}

/**
 * Exponential backoff with full jitter: base × 2^(attempt−1), capped, randomised so a burst of
 * failures does not retry in lockstep.
 */
export function retryDelayMs(attempt: number, options: { baseMs?: number; capMs?: number; random?: () => number } = {}): number {
  const base = options.baseMs ?? 5_000;
  const cap = options.capMs ?? 30 * 60_000;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  const random = options.random ?? Math.random;
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Our row state for what the provider says about a message it has: at least `sent`. */
export function outboxStatusFor(status: ProviderStatus): Extract<OutboxStatus, "sent" | "delivered" | "read" | "undelivered" | "failed"> {
  switch (status) {
    case "delivered":
    case "read":
    case "undelivered":
    case "failed":
      return status;
    default:
      return "sent";
  }
}
