/**
 * The closed set of ways a send can fail, each declaring whether it may be retried. One function
 * maps a provider answer to it; the outbox reads only these flags.
 * Twilio error codes: https://www.twilio.com/docs/api/errors
 */

export const SEND_ERROR_KINDS = Object.freeze({
  /** The number can never receive this (invalid, landline, unknown handset). */
  permanent: { retryable: false, maxAttempts: 1 },
  /** The recipient has opted out at the provider (21610): mark the subscriber opted out. */
  contactStopped: { retryable: false, maxAttempts: 1 },
  /** Handset unreachable right now (30003): one more try later. */
  unreachable: { retryable: true, maxAttempts: 2 },
  /** The provider asks us to slow down (HTTP 429, 20429). */
  throttled: { retryable: true, maxAttempts: 8 },
  /** Provider 5xx, network error or timeout: the outcome may be unknown, retry with backoff. */
  temporary: { retryable: true, maxAttempts: 6 },
  /** WhatsApp free text outside the 24-hour window (63016): resend only as an approved template. */
  whatsappWindowClosed: { retryable: false, maxAttempts: 1 },
  /** Our configuration is wrong (auth, sender): retrying cannot help until an operator fixes it. */
  configuration: { retryable: false, maxAttempts: 1 },
});

export type SendErrorKind = keyof typeof SEND_ERROR_KINDS;

export interface SendError {
  kind: SendErrorKind;
  retryable: boolean;
  /** Provider error code (e.g. "21610") or HTTP status ("http-503") or "network". */
  code: string;
  /** Short description without message bodies or phone numbers. */
  message: string;
}

const PERMANENT_CODES = new Set([21211, 21612, 21614, 21408, 30005, 30006, 30007, 30032, 63003, 63024]);
const CONFIGURATION_CODES = new Set([20003, 20404, 21606, 21659, 21660, 21703, 21704, 21705, 63007]);

/** Maps a provider answer (HTTP status, Twilio error code, or a network failure) to a SendError. */
export function classifySendError(failure: {
  httpStatus?: number;
  providerCode?: number;
  network?: boolean;
  message?: string;
}): SendError {
  const { httpStatus, providerCode } = failure;
  const code = providerCode !== undefined ? String(providerCode) : failure.network ? "network" : `http-${httpStatus ?? "unknown"}`;
  const make = (kind: SendErrorKind, message: string): SendError => ({
    kind,
    retryable: SEND_ERROR_KINDS[kind].retryable,
    code,
    message: failure.message ? `${message}: ${failure.message}` : message,
  });

  if (failure.network) return make("temporary", "network error");
  if (providerCode === 21610) return make("contactStopped", "recipient has opted out");
  if (providerCode === 30003) return make("unreachable", "handset unreachable");
  if (providerCode === 63016) return make("whatsappWindowClosed", "outside the WhatsApp 24-hour window");
  if (providerCode === 20429 || httpStatus === 429) return make("throttled", "rate limited");
  if (providerCode !== undefined && PERMANENT_CODES.has(providerCode)) return make("permanent", "recipient cannot receive");
  if (providerCode !== undefined && CONFIGURATION_CODES.has(providerCode)) return make("configuration", "provider configuration");
  if (httpStatus === 401 || httpStatus === 403) return make("configuration", "provider rejected our credentials");
  if (httpStatus !== undefined && httpStatus >= 500) return make("temporary", "provider error");
  if (providerCode !== undefined && providerCode >= 30000 && providerCode < 31000) {
    // Delivery-time carrier errors not listed above (e.g. 30008 unknown): worth a bounded retry.
    return make("temporary", "carrier error");
  }
  return make("permanent", "rejected by provider");
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

/**
 * True when an attempt that failed with this code may still have created the message: the
 * provider answered 5xx or the connection broke after the request left. A 429 or a 4xx is a
 * definite refusal. Before such a message is sent again, the provider is asked whether it has it.
 */
export function outcomeMayBeUnknown(code: string | null): boolean {
  if (code === null) return false;
  return code === "network" || /^http-5\d\d$/.test(code) || code === "20500" || code === "20503";
}
