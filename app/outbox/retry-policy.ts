/**
 * What happens to a message after a failed send, read only from the error's class flags
 * (send-errors.ts): retry later with backoff, or stop with the code.
 */
import type { ProviderStatus } from "~/messaging/transport";
import type { OutboxStatus } from "~/db/messaging-schema";
import { retryDelayMs, SEND_ERROR_KINDS, type SendError } from "./send-errors";

export type AfterError = { action: "retry"; delayMs: number } | { action: "fail" };

/** `attempts` counts the attempt that just failed (1 after the first try). */
export function afterSendError(error: SendError, attempts: number, random?: () => number): AfterError {
  const limit = SEND_ERROR_KINDS[error.kind].maxAttempts;
  if (!error.retryable || attempts >= limit) return { action: "fail" };
  return { action: "retry", delayMs: retryDelayMs(attempts, random ? { random } : {}) };
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

/** A row that keeps crashing its dispatcher before an answer is recorded is given up after this. */
export const MAX_UNKNOWN_OUTCOME_ATTEMPTS = SEND_ERROR_KINDS.temporary.maxAttempts;
