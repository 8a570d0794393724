/**
 * The local transport: messages are "delivered" into `dev_phone_messages`, where the dev phone
 * page (/dev/phone) shows them as the recipient's phone would. The default when Twilio is not
 * configured, so staff can try every flow without an account. Never used in production.
 *
 * Simulated failures, for trying error flows from the dev phone: a number whose last seven digits
 * are 99 followed by one of these Twilio codes fails with the named outcome the Twilio transport
 * gives that code (the same outcomes, so the outbox treats both transports alike):
 *   …9930003  handset unreachable (retried once, then failed)
 *   …9921610  recipient opted out at the carrier (the number becomes opted out)
 *   …9921211  invalid number (failed at once)
 *   …9930005  unknown handset (failed at once)
 *   …9920429  rate limited (retried with backoff)
 *   …9950003  provider unavailable, HTTP 503 (may have been sent: looked up, then retried)
 * e.g. +996 55 993 0003 (KG). Every other number is delivered at once.
 */
import { randomBytes } from "node:crypto";
import { and, eq, like } from "drizzle-orm";
import { encryptPhone, phoneBlindIndex, type PhoneKeyring } from "~/audience/phone-crypto.server";
import type { Database } from "~/db/client.server";
import { devPhoneMessages } from "~/db/schema";
import type { Channel, LookupResult, OutgoingMessage, Transport } from "~/messaging/transport";
import type { ProviderFailure, SendOutcome } from "~/outbox/send-outcome";

/** Number suffix → the failure it simulates (its diagnostic code is the Twilio code it stands for). */
export const SIMULATED_FAILURES: Readonly<Record<string, ProviderFailure>> = Object.freeze({
  "9930003": { outcome: "retryable", reason: "unreachable", retryAfterMs: null, diagnosticCode: "30003" },
  "9921610": { outcome: "contact-stopped", diagnosticCode: "21610" },
  "9921211": { outcome: "invalid-number", diagnosticCode: "21211" },
  "9930005": { outcome: "permanent-failure", kind: "cannot-receive", diagnosticCode: "30005" },
  "9920429": { outcome: "retryable", reason: "throttled", retryAfterMs: null, diagnosticCode: "20429" },
  "9950003": { outcome: "may-have-been-sent", diagnosticCode: "http-503" },
});

/** `LOCAL-<outboxId>-<random>`: the outbox id inside the provider id is what findSent matches on. */
export function localProviderId(outboxId: number): string {
  return `LOCAL-${outboxId}-${randomBytes(6).toString("hex")}`;
}

export function createLocalTransport(deps: { db: Database; keyring: PhoneKeyring }): Transport {
  async function send(message: OutgoingMessage): Promise<SendOutcome> {
    const simulated = SIMULATED_FAILURES[message.to.slice(-7)];
    if (simulated) return simulated;

    const providerMessageId = localProviderId(message.outboxId);
    await deps.db.insert(devPhoneMessages).values({
      phoneCiphertext: encryptPhone(deps.keyring, message.to),
      phoneIndex: phoneBlindIndex(deps.keyring, message.to),
      direction: "outbound",
      channel: message.channel,
      body: displayedBody(message),
      providerMessageId,
      status: "delivered",
    });
    // Delivered the moment it is stored: there is no carrier in between to wait for.
    return { outcome: "accepted", providerMessageId, status: "delivered", segments: null };
  }

  async function findSent(query: { outboxId: number }): Promise<LookupResult> {
    const rows = await deps.db
      .select({ providerMessageId: devPhoneMessages.providerMessageId })
      .from(devPhoneMessages)
      .where(and(eq(devPhoneMessages.direction, "outbound"), like(devPhoneMessages.providerMessageId, `LOCAL-${query.outboxId}-%`)))
      .limit(1);
    const row = rows[0];
    return row ? { found: true, providerMessageId: row.providerMessageId, status: "delivered" } : { found: false };
  }

  function senderFor(_to: string, channel: Channel): string {
    return `local-${channel}`;
  }

  return { name: "local", send, findSent, senderFor, senderForCountry: (_country, channel) => senderFor("", channel) };
}

/** What the dev phone shows: the text, or for a WhatsApp template its id and variables. */
function displayedBody(message: OutgoingMessage): string {
  if (message.contentSid) {
    return `[template ${message.contentSid}] ${JSON.stringify(message.contentVariables ?? {})}`;
  }
  return message.body ?? "";
}
