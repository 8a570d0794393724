/**
 * How a message leaves the system. Two real implementations in an explicit map
 * (`createTransport` in transports.server.ts): `twilio` (SMS and WhatsApp through Twilio's REST
 * API) and `local` (delivered to the database and shown on the dev phone page).
 */
import type { SendError } from "~/outbox/send-errors";

export type Channel = "sms" | "whatsapp";

/** One outbox row, decrypted, ready to send. */
export interface OutgoingMessage {
  /** Our outbox id: carried in the status callback URL so callbacks find their row. */
  outboxId: number;
  channel: Channel;
  /** E.164, without any `whatsapp:` prefix (the transport adds what its provider needs). */
  to: string;
  /** Sender to use (E.164 or a provider id); null lets the transport choose. */
  from: string | null;
  /** Free text; null when a WhatsApp template is used. */
  body: string | null;
  /** WhatsApp approved template (Twilio Content SID) and its variables, used outside the 24-hour window. */
  contentSid: string | null;
  contentVariables: Record<string, string> | null;
}

export type ProviderStatus = "accepted" | "queued" | "sending" | "sent" | "delivered" | "read" | "undelivered" | "failed";

export type SendResult =
  | { ok: true; providerMessageId: string; status: ProviderStatus; segments: number | null }
  | { ok: false; error: SendError };

/** What the provider knows about a message we may or may not have sent (crash reconciliation). */
export type LookupResult =
  | { found: true; providerMessageId: string; status: ProviderStatus }
  | { found: false }
  | { found: "unknown"; reason: string };

export interface Transport {
  readonly name: "twilio" | "local";
  send(message: OutgoingMessage): Promise<SendResult>;
  /**
   * Looks for a message to `to` created at or after `since` (our lease start) that carries our
   * outbox id. Used before resending a row whose outcome is unknown after a crash.
   * `excludeProviderIds`: provider ids already recorded on other outbox rows, which therefore
   * cannot be this row's message (the same text to the same number twice in a minute).
   */
  findSent(query: {
    outboxId: number;
    to: string;
    channel: Channel;
    body: string | null;
    since: Date;
    excludeProviderIds?: readonly string[];
  }): Promise<LookupResult>;
  /** The sender a message to this number should use (per country or messaging service), for rate limiting. */
  senderFor(to: string, channel: Channel): string;
  /**
   * The sender for messages to subscribers of a country (ISO code; null: unknown), for broadcast
   * expansion, which works on encrypted numbers and knows each subscriber's country only.
   */
  senderForCountry(country: string | null, channel: Channel): string;
}
