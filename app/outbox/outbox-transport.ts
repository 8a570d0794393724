/**
 * The transport as the outbox uses it: send one message, and ask the provider whether it has one
 * whose outcome we do not know. Defined here, on the outbox's side, so the outbox depends on no
 * provider: the transports in app/messaging/transports/ implement it (with sender choice on top,
 * app/messaging/transport.ts), and the dependency runs one way, messaging → outbox (decision 020).
 */
import type { ProviderStatus, SendOutcome } from "./send-outcome";

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

/** What the provider knows about a message we may or may not have sent (crash reconciliation). */
export type LookupResult =
  { found: true; providerMessageId: string; status: ProviderStatus } | { found: false } | { found: "unknown"; reason: string };

export interface LookupQuery {
  outboxId: number;
  to: string;
  channel: Channel;
  body: string | null;
  since: Date;
  excludeProviderIds?: readonly string[];
}

export interface OutboxTransport {
  /** Answers with a named outcome; provider failures are returned, never thrown. */
  send(message: OutgoingMessage): Promise<SendOutcome>;
  /**
   * Looks for a message to `to` created at or after `since` (our lease start) that carries our
   * outbox id. Used before resending a row whose outcome is unknown after a crash.
   * `excludeProviderIds`: provider ids already recorded on other outbox rows, which therefore
   * cannot be this row's message (the same text to the same number twice in a minute).
   */
  findSent(query: LookupQuery): Promise<LookupResult>;
}
