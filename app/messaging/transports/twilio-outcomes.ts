/**
 * Twilio's error codes, HTTP statuses and message statuses, and the named outcome each means to
 * the outbox (app/outbox/send-outcome.ts). The one place in the system that reads a Twilio code:
 * the transport maps send answers here, the status webhook maps callbacks here, and the outbox
 * sees only the names (decision 020). https://www.twilio.com/docs/api/errors
 *
 * The code itself travels on as `diagnosticCode` ("21610", "http-503", "network") for staff.
 */
import type { ProviderFailure, ProviderStatus } from "~/outbox/send-outcome";

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A named failure before the code that produced it is attached. */
export type NamedFailure = DistributiveOmit<ProviderFailure, "diagnosticCode">;

const stopped: NamedFailure = { outcome: "contact-stopped" };
const windowClosed: NamedFailure = { outcome: "whatsapp-window-closed" };
const invalidNumber: NamedFailure = { outcome: "invalid-number" };
const retry = (reason: "unreachable" | "throttled" | "carrier-error"): NamedFailure => ({
  outcome: "retryable",
  reason,
  retryAfterMs: null,
});
const permanent = (kind: "cannot-receive" | "configuration" | "rejected"): NamedFailure => ({ outcome: "permanent-failure", kind });
const mayHaveBeenSent: NamedFailure = { outcome: "may-have-been-sent" };

/** Every Twilio error code we name, with what Twilio means by it. */
export const TWILIO_ERROR_CODES: Readonly<Record<number, { means: string; failure: NamedFailure }>> = Object.freeze({
  20003: { means: "authentication failed", failure: permanent("configuration") },
  20404: { means: "resource not found (account, service)", failure: permanent("configuration") },
  20429: { means: "too many requests", failure: retry("throttled") },
  20500: { means: "internal server error", failure: mayHaveBeenSent },
  20503: { means: "service unavailable", failure: mayHaveBeenSent },
  21211: { means: "invalid 'To' phone number", failure: invalidNumber },
  21408: { means: "permission to send to this region not enabled", failure: permanent("configuration") },
  21606: { means: "the 'From' number is not a valid sender for this account", failure: permanent("configuration") },
  21610: { means: "the recipient replied STOP to the carrier", failure: stopped },
  21612: { means: "the 'To' number cannot be reached from the 'From' number", failure: permanent("cannot-receive") },
  21614: { means: "the 'To' number is not a valid mobile number", failure: invalidNumber },
  21659: { means: "the 'From' number is not a Twilio number", failure: permanent("configuration") },
  21660: { means: "the 'From' number does not belong to the account", failure: permanent("configuration") },
  21703: { means: "the Messaging Service has no phone numbers", failure: permanent("configuration") },
  21704: { means: "the Messaging Service has no sender for this channel", failure: permanent("configuration") },
  21705: { means: "invalid Messaging Service", failure: permanent("configuration") },
  30003: { means: "unreachable destination handset", failure: retry("unreachable") },
  30005: { means: "unknown destination handset", failure: permanent("cannot-receive") },
  30006: { means: "landline or unreachable carrier", failure: permanent("cannot-receive") },
  30007: { means: "filtered by the carrier", failure: permanent("cannot-receive") },
  30032: { means: "toll-free number not verified", failure: permanent("configuration") },
  63003: { means: "WhatsApp: the number is not on WhatsApp", failure: permanent("cannot-receive") },
  63007: { means: "WhatsApp: no sender for this channel", failure: permanent("configuration") },
  63016: { means: "WhatsApp: free text outside the 24-hour window", failure: windowClosed },
  63024: { means: "WhatsApp: invalid message recipient", failure: permanent("cannot-receive") },
});

/** What Twilio answered to a create request, or that no answer came. */
export type TwilioSendAnswer = { httpStatus: number; twilioCode?: number } | { network: true };

/** The named outcome of a failed create request. */
export function twilioSendFailure(answer: TwilioSendAnswer): ProviderFailure {
  if ("network" in answer) {
    // The request may have reached Twilio before the connection broke or timed out.
    return { ...mayHaveBeenSent, diagnosticCode: "network" };
  }
  const { httpStatus, twilioCode } = answer;
  const diagnosticCode = twilioCode !== undefined ? String(twilioCode) : `http-${httpStatus}`;
  return { ...namedSendFailure(httpStatus, twilioCode), diagnosticCode };
}

function namedSendFailure(httpStatus: number, twilioCode: number | undefined): NamedFailure {
  const known = twilioCode !== undefined ? TWILIO_ERROR_CODES[twilioCode] : undefined;
  if (known) return known.failure;
  if (httpStatus === 429) return retry("throttled");
  if (httpStatus === 401 || httpStatus === 403) return permanent("configuration");
  // A 5xx: Twilio may have created the message before failing to answer.
  if (httpStatus >= 500) return mayHaveBeenSent;
  return unlistedCodeFailure(twilioCode);
}

/**
 * The named failure of a status callback's ErrorCode (a message Twilio accepted, then could not
 * deliver); null when the callback carries no code.
 */
export function twilioDeliveryFailure(errorCode: number | null): ProviderFailure | null {
  if (errorCode === null) return null;
  const named = TWILIO_ERROR_CODES[errorCode]?.failure ?? unlistedCodeFailure(errorCode);
  return { ...named, diagnosticCode: String(errorCode) };
}

function unlistedCodeFailure(twilioCode: number | undefined): NamedFailure {
  // Delivery-time carrier errors not listed (e.g. 30008 unknown error): worth a bounded retry.
  if (twilioCode !== undefined && twilioCode >= 30000 && twilioCode < 31000) return retry("carrier-error");
  return permanent("rejected");
}

/** Every MessageStatus Twilio documents, on a message resource or in a callback. */
export const TWILIO_MESSAGE_STATUSES = [
  "accepted",
  "scheduled",
  "queued",
  "sending",
  "sent",
  "delivered",
  "partially_delivered",
  "read",
  "undelivered",
  "failed",
  "canceled",
  "receiving",
  "received",
] as const;
export type TwilioMessageStatus = (typeof TWILIO_MESSAGE_STATUSES)[number];

/** Our name for each Twilio status; null for the inbound-only ones, which never apply to a send. */
const PROVIDER_STATUS: Readonly<Record<TwilioMessageStatus, ProviderStatus | null>> = Object.freeze({
  accepted: "accepted",
  scheduled: "queued",
  queued: "queued",
  sending: "sending",
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

/** A Twilio status as ours: anything unknown (a status added later) counts as still queued. */
export function providerStatus(status: string): ProviderStatus {
  return PROVIDER_STATUS[status as TwilioMessageStatus] ?? "queued";
}

/** A callback's status as ours; null for inbound-only statuses. */
export function callbackStatus(status: TwilioMessageStatus): ProviderStatus | null {
  return PROVIDER_STATUS[status];
}

/** A Twilio status callback's fields in the outbox's words (StatusCallback in app/outbox/status-updates.server.ts). */
export function twilioStatusCallback(fields: {
  messageSid: string;
  messageStatus: TwilioMessageStatus;
  errorCode: number | null;
  outboxId: number | null;
}): { providerMessageId: string; status: ProviderStatus | null; failure: ProviderFailure | null; outboxId: number | null } {
  return {
    providerMessageId: fields.messageSid,
    status: callbackStatus(fields.messageStatus),
    failure: twilioDeliveryFailure(fields.errorCode),
    outboxId: fields.outboxId,
  };
}
