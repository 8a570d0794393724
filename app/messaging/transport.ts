/**
 * How a message leaves the system. Two real implementations in an explicit map
 * (`createTransport` in transports.server.ts): `twilio` (SMS and WhatsApp through Twilio's REST
 * API) and `local` (delivered to the database and shown on the dev phone page).
 *
 * A transport is the outbox's port (app/outbox/outbox-transport.ts: send, look up) plus the
 * choice of sender, which enqueueing and broadcast expansion need. Each transport maps its
 * provider's answers to the outbox's named outcomes (app/outbox/send-outcome.ts) itself.
 */
import type { Channel, OutboxTransport } from "~/outbox/outbox-transport";

export type { Channel, LookupResult, OutgoingMessage } from "~/outbox/outbox-transport";

export interface Transport extends OutboxTransport {
  readonly name: "twilio" | "local";
  /** The sender a message to this number should use (per country or messaging service), for rate limiting. */
  senderFor(to: string, channel: Channel): string;
  /**
   * The sender for messages to subscribers of a country (ISO code; null: unknown), for broadcast
   * expansion, which works on encrypted numbers and knows each subscriber's country only.
   */
  senderForCountry(country: string | null, channel: Channel): string;
}
