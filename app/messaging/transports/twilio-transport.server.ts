/**
 * The Twilio transport: SMS and WhatsApp through the Messages API.
 * https://www.twilio.com/docs/messaging/api/message-resource
 *
 * - Sender: WhatsApp uses `whatsapp:<TWILIO_WHATSAPP_SENDER>`; SMS uses the per-country number from
 *   TWILIO_SENDERS (by the ISO country of the recipient's number, so `RU=` serves numbers in
 *   Russia), else its `default`, else the Messaging Service (Twilio then picks from the service's
 *   pool).
 * - Every message carries a status callback URL with our outbox id, so callbacks find their row
 *   even before we recorded Twilio's message SID.
 * - Failures are returned, never thrown: provider answers and network errors map to the outbox's
 *   named outcomes through the code table in twilio-outcomes.ts. Only programmer errors throw.
 * - Nothing here logs or returns a phone number or a body. Twilio's own error messages can quote
 *   the number ("The 'To' number +… is not valid"), so they are dropped, and only codes are kept.
 */
import twilio from "twilio";
import type { MessageInstance } from "twilio/lib/rest/api/v2010/account/message";
import type { Logger } from "~/lib/logger.server";
import { isoCountryOfNumber } from "~/audience/phone-number";
import type { Channel, LookupResult, OutgoingMessage, Transport } from "~/messaging/transport";
import type { ProviderFailure, SendOutcome } from "~/outbox/send-outcome";
import { providerStatus, twilioSendFailure } from "./twilio-outcomes";
import { RedirectedTwilioHttpClient } from "./twilio-http-client.server";

/** senderFor's answer when no sender is configured for a channel; send() turns it into a configuration error. */
export const NO_SENDER = "none";

/**
 * How far before our lease start a provider message may be dated and still be ours: Twilio's
 * `date_created` has one-second precision and the two clocks are not the same clock.
 */
const LOOKUP_CLOCK_MARGIN_MS = 2 * 60_000;

export interface TwilioTransportOptions {
  accountSid: string;
  authToken: string;
  messagingServiceSid?: string;
  /** Parsed TWILIO_SENDERS: ISO country (or "default") → E.164 sender. */
  senders: ReadonlyMap<string, string>;
  whatsappSender?: string;
  /** Our public origin, for the status callback URL. */
  publicBaseUrl: string;
  /** Per-request timeout; kept well under the outbox lease so a send never outlives its lease. */
  timeoutMs: number;
  logger: Logger;
  /** Tests and benchmarks only: a local fake Twilio origin instead of https://api.twilio.com. */
  apiOrigin?: string;
}

/** TWILIO_SENDERS ("KG=+996…,default=+44…", validated by env.server.ts) as a map. */
export function parseSenders(value: string | undefined): Map<string, string> {
  const senders = new Map<string, string>();
  for (const entry of (value ?? "").split(",")) {
    const [country, number] = entry.split("=").map((part) => part.trim());
    if (country && number) senders.set(country, number);
  }
  return senders;
}

export function createTwilioTransport(options: TwilioTransportOptions): Transport {
  const client = twilio(options.accountSid, options.authToken, {
    timeout: options.timeoutMs,
    // Retries are the outbox's job (backoff, attempt limits, reconciliation), never the SDK's.
    autoRetry: false,
    ...(options.apiOrigin ? { httpClient: new RedirectedTwilioHttpClient(options.apiOrigin, { timeoutMs: options.timeoutMs }) } : {}),
  });
  const callbackBase = `${options.publicBaseUrl.replace(/\/+$/, "")}/webhooks/twilio/status`;

  function senderFor(to: string, channel: Channel): string {
    return senderForCountry(isoCountryOfNumber(to), channel);
  }

  function senderForCountry(country: string | null, channel: Channel): string {
    if (channel === "whatsapp") return options.whatsappSender ?? options.messagingServiceSid ?? NO_SENDER;
    return (
      (country ? options.senders.get(country) : undefined) ?? options.senders.get("default") ?? options.messagingServiceSid ?? NO_SENDER
    );
  }

  async function send(message: OutgoingMessage): Promise<SendOutcome> {
    // The row's sender was chosen at enqueue; one the Twilio API cannot use (a row queued while
    // the local transport was configured) is chosen again from the current configuration.
    const origin =
      (message.from ? senderParams(message.from, message.channel) : null) ??
      senderParams(senderFor(message.to, message.channel), message.channel);
    if (!origin) {
      options.logger.warn({ outboxId: message.outboxId, channel: message.channel }, "twilio: no sender configured for the channel");
      return { outcome: "permanent-failure", kind: "configuration", diagnosticCode: "no-sender" };
    }
    const content = message.contentSid
      ? { contentSid: message.contentSid, contentVariables: JSON.stringify(message.contentVariables ?? {}) }
      : { body: message.body ?? "" };
    try {
      const created = await client.messages.create({
        to: address(message.to, message.channel),
        ...origin,
        ...content,
        statusCallback: `${callbackBase}?outbox=${message.outboxId}`,
        // Twilio must send the text we stored: reconciliation after a crash recognises our
        // message by its body, and the segment estimates staff see assume no substitution.
        smartEncoded: false,
      });
      const segments = Number.parseInt(created.numSegments ?? "", 10);
      return {
        outcome: "accepted",
        providerMessageId: created.sid,
        status: providerStatus(created.status),
        // A Messaging Service reports 0 segments until it has picked a sender.
        segments: Number.isFinite(segments) && segments > 0 ? segments : null,
      };
    } catch (error) {
      const failure = sendFailure(error);
      options.logger.warn({ outboxId: message.outboxId, outcome: failure.outcome, code: failure.diagnosticCode }, "twilio send failed");
      return failure;
    }
  }

  async function findSent(query: Parameters<Transport["findSent"]>[0]): Promise<LookupResult> {
    let recent: MessageInstance[];
    try {
      // Not filtered by DateSent: Twilio sets date_sent only once the message has left its
      // queue, so a message still queued at Twilio (the likeliest state right after our
      // crash) would be missed and then sent twice. The newest 20 to this address suffice.
      recent = await client.messages.list({ to: address(query.to, query.channel), limit: 20 });
    } catch (error) {
      const failure = sendFailure(error);
      return { found: "unknown", reason: `${failure.outcome} ${failure.diagnosticCode}` };
    }
    // Twilio's Message resource carries nothing of ours (the status callback URL is not in the
    // list response), so a message is recognised by recipient, exact body and creation time
    // after our lease began. For a WhatsApp template (no body of ours to compare: Twilio shows
    // the rendered text), any outbound message to the number in that window counts.
    const excluded = new Set(query.excludeProviderIds ?? []);
    const notBefore = query.since.getTime() - LOOKUP_CLOCK_MARGIN_MS;
    const match = recent
      .filter((m) => m.direction !== "inbound" && !excluded.has(m.sid))
      .filter((m) => m.dateCreated instanceof Date && m.dateCreated.getTime() >= notBefore)
      .filter((m) => query.body === null || m.body === query.body)
      .sort((a, b) => a.dateCreated.getTime() - b.dateCreated.getTime())[0];
    return match ? { found: true, providerMessageId: match.sid, status: providerStatus(match.status) } : { found: false };
  }

  function senderParams(sender: string, channel: Channel): { from: string } | { messagingServiceSid: string } | null {
    if (sender.startsWith("MG")) return { messagingServiceSid: sender };
    if (sender.startsWith("+")) return { from: address(sender, channel) };
    return null;
  }

  return { name: "twilio", send, findSent, senderFor, senderForCountry };
}

/** Twilio's channel address: WhatsApp numbers are prefixed, SMS numbers are bare E.164. */
function address(e164: string, channel: Channel): string {
  return channel === "whatsapp" ? `whatsapp:${e164}` : e164;
}

/**
 * A Twilio API error (RestException or the RFC 9457 TwilioServiceException: both carry a numeric
 * HTTP `status` and usually a Twilio `code`) or a network failure from axios. Anything else is
 * a programmer error and is rethrown.
 */
function sendFailure(error: unknown): ProviderFailure {
  if (error && typeof error === "object") {
    const candidate = error as { status?: unknown; code?: unknown; isAxiosError?: unknown };
    if (typeof candidate.status === "number" && candidate.isAxiosError !== true) {
      const twilioCode = typeof candidate.code === "number" && candidate.code > 0 ? candidate.code : undefined;
      return twilioSendFailure({ httpStatus: candidate.status, twilioCode });
    }
    if (candidate.isAxiosError === true) return twilioSendFailure({ network: true });
  }
  throw error;
}
