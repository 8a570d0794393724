/**
 * The dev phone (/dev/phone): a simulated handset for the local transport. Texts typed on the
 * page go through `handleInbound` exactly as Twilio's webhook would hand them over; replies come
 * back through the outbox and the dispatcher into `dev_phone_messages` (local-transport.server.ts).
 *
 * The page's own inbound texts are recorded here (handleInbound keeps only the MessageSid and an
 * intent, never the text), with the number encrypted and a blind index like every stored number.
 * Nothing here logs a number or a text.
 */
import { randomBytes } from "node:crypto";
import { and, desc, eq, notInArray } from "drizzle-orm";
import { z } from "zod";
import { decryptPhone, encryptPhone, PhoneCryptoError, phoneBlindIndex, type PhoneKeyring } from "~/audience/phone-crypto.server";
import { devPhoneMessages, outboxMessages } from "~/db/schema";
import type { Env } from "~/env.server";
import { orFallback } from "~/http/route-errors";
import { errorFacts } from "~/lib/log-error.server";
import { DEFAULT_LOCALE } from "~/i18n/locales";
import { inboundDeps, type InboundServices } from "~/messaging/conversation/inbound-deps.server";
import { handleInbound, type InboundOutcome } from "~/messaging/inbound.server";
import { storableText } from "~/messaging/inbound-text";
import { displayPhoneNumber, normalizePhoneNumber } from "~/audience/phone-number";
import { SIMULATED_FAILURES } from "~/messaging/transports/local-transport.server";
import type { OutboxStatus } from "~/outbox/outbox-states";
import { outboxBodyColumn } from "~/outbox/outbox-row.server";
import { DEV_PHONE_CHANNELS, type DevPhoneChannel } from "./presets";

/** What the dev phone needs: the conversation's services (the route passes its load context). */
export type DevPhoneServices = InboundServices;

/** Twilio caps a message body at 1,600 characters; the dev phone accepts what Twilio would. */
export const MAX_BODY_CHARS = 1_600;
/** A phone's thread shows the recent past; older messages stay in the table. */
const THREAD_LIMIT = 200;
const RECENT_NUMBERS_LIMIT = 12;

/** Only with the local transport and never in production: anything else is a 404. */
export function devPhoneEnabled(env: Pick<Env, "messagingTransport" | "isProduction">): boolean {
  return env.messagingTransport === "local" && !env.isProduction;
}

/** A typed number → E.164 and its international format, or the reason it is not one (shown next to the field). */
export function parseDevPhoneNumber(input: string): { ok: true; e164: string; display: string } | { ok: false; reason: string } {
  const result = normalizePhoneNumber(input);
  if (!result.ok) return { ok: false, reason: `Not a phone number: ${result.reason}.` };
  // The conversation ignores a number outside every assigned range: say so here, not with a silent thread.
  if (!result.valid) return { ok: false, reason: `Not a valid ${result.isoCountry ?? "phone"} number: no such number range.` };
  return { ok: true, e164: result.e164, display: displayPhoneNumber(result.e164) };
}

export const channelSchema = z.enum(DEV_PHONE_CHANNELS);

/** The send form. The number is checked against the numbering plans after this. */
export const sendFormSchema = z.object({
  number: z.string().trim().min(1, "Choose or type a number first.").max(64, "Not a phone number: too long."),
  channel: channelSchema,
  // As at the Twilio webhook: what the database cannot store (NUL, lone surrogates) goes first.
  body: z
    .string()
    .transform(storableText)
    .pipe(z.string().trim().min(1, "Type a message to send.").max(MAX_BODY_CHARS, `A message has at most ${MAX_BODY_CHARS} characters.`)),
});

/** The simulated Twilio failures of the local transport, for the page's note. */
export function simulatedFailures(): Array<{ suffix: string; code: string }> {
  return Object.entries(SIMULATED_FAILURES).map(([suffix, failure]) => ({
    suffix,
    code: failure.diagnosticCode.replace(/^http-/, "HTTP "),
  }));
}

export interface ThreadMessage {
  key: string;
  direction: "inbound" | "outbound";
  body: string;
  /** ISO 8601. */
  at: string;
  /** received, delivered, queued, failed… and for a failed send the provider's error code. */
  status: string;
  errorCode: string | null;
}

export interface Thread {
  messages: ThreadMessage[];
  /** Replies queued or being sent: the page refreshes itself until they arrive. */
  pending: number;
}

/** Outbox states that end in a `dev_phone_messages` row (the local transport wrote it). */
const ARRIVED = ["sent", "delivered", "read"] as const satisfies readonly OutboxStatus[];
const PENDING = ["queued", "sending"] as const satisfies readonly OutboxStatus[];

/**
 * What the handset shows for one number and channel: the texts it sent, the replies that arrived,
 * and replies that never will (failed, undelivered, cancelled), each with its status.
 */
export async function loadThread(context: DevPhoneServices, e164: string, channel: DevPhoneChannel): Promise<Thread> {
  const keyring = context.keyring;
  const phoneIndex = phoneBlindIndex(keyring, e164);
  const [handset, outbox] = await Promise.all([
    context.db
      .select({
        id: devPhoneMessages.id,
        direction: devPhoneMessages.direction,
        body: devPhoneMessages.body,
        status: devPhoneMessages.status,
        createdAt: devPhoneMessages.createdAt,
      })
      .from(devPhoneMessages)
      .where(and(eq(devPhoneMessages.phoneIndex, phoneIndex), eq(devPhoneMessages.channel, channel)))
      .orderBy(desc(devPhoneMessages.id))
      .limit(THREAD_LIMIT),
    context.db
      .select({
        id: outboxMessages.id,
        body: outboxBodyColumn(),
        contentSid: outboxMessages.contentSid,
        status: outboxMessages.status,
        errorCode: outboxMessages.errorCode,
        createdAt: outboxMessages.createdAt,
      })
      .from(outboxMessages)
      .where(
        and(
          eq(outboxMessages.recipientIndex, phoneIndex),
          eq(outboxMessages.channel, channel),
          notInArray(outboxMessages.status, [...ARRIVED]),
        ),
      )
      .orderBy(desc(outboxMessages.id))
      .limit(THREAD_LIMIT),
  ]);
  const messages: Array<ThreadMessage & { time: number; order: number }> = [
    ...handset.map((row) => ({
      key: `h${row.id}`,
      direction: row.direction,
      body: row.body,
      at: row.createdAt.toISOString(),
      status: row.status,
      errorCode: null,
      time: row.createdAt.getTime(),
      order: row.id,
    })),
    ...outbox
      .filter((row) => !(PENDING as readonly string[]).includes(row.status))
      .map((row) => ({
        key: `o${row.id}`,
        direction: "outbound" as const,
        body: row.body ?? `[template ${row.contentSid ?? "?"}]`,
        at: row.createdAt.toISOString(),
        status: row.status,
        errorCode: row.errorCode,
        time: row.createdAt.getTime(),
        order: row.id,
      })),
  ];
  // Within one millisecond (the clock's precision here), the handset's copy of a text comes before
  // the reply it caused: it is stored first, and ids of the two tables do not compare.
  messages.sort((a, b) => a.time - b.time || source(a.key) - source(b.key) || a.order - b.order);
  return {
    messages: messages.slice(-THREAD_LIMIT).map(({ time: _time, order: _order, ...message }) => message),
    pending: outbox.filter((row) => (PENDING as readonly string[]).includes(row.status)).length,
  };
}

/** Numbers this dev phone has used lately (decrypted, and formatted for display), newest first. */
export async function recentNumbers(
  context: DevPhoneServices,
): Promise<Array<{ number: string; display: string; channel: DevPhoneChannel }>> {
  const keyring = context.keyring;
  const rows = await context.db
    .select({ ciphertext: devPhoneMessages.phoneCiphertext, phoneIndex: devPhoneMessages.phoneIndex, channel: devPhoneMessages.channel })
    .from(devPhoneMessages)
    .where(eq(devPhoneMessages.direction, "inbound"))
    .orderBy(desc(devPhoneMessages.id))
    .limit(RECENT_NUMBERS_LIMIT * 20);
  const seen = new Set<string>();
  const numbers: Array<{ number: string; display: string; channel: DevPhoneChannel }> = [];
  for (const row of rows) {
    const key = `${row.phoneIndex}|${row.channel}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const number = decryptOrNull(keyring, row.ciphertext);
    if (number) numbers.push({ number, display: displayPhoneNumber(number), channel: row.channel });
    if (numbers.length === RECENT_NUMBERS_LIMIT) break;
  }
  return numbers;
}

/** A row written under a development key that is no longer configured is skipped, not fatal. */
function decryptOrNull(keyring: PhoneKeyring, ciphertext: string): string | null {
  try {
    return decryptPhone(keyring, ciphertext);
  } catch (error) {
    if (error instanceof PhoneCryptoError) return null;
    throw error;
  }
}

/**
 * The campaign number the simulated handset texts: the site's SMS number, else a configured
 * sender. Content is only a nicety here: whatever it throws, the text is still handed over.
 */
async function campaignAddress(context: DevPhoneServices, channel: DevPhoneChannel): Promise<string> {
  const settings = await orFallback(context.content.siteSettings(DEFAULT_LOCALE), null).catch(() => null);
  const defaultSender = /(?:^|,)default=(\+\d+)/.exec(context.env.TWILIO_SENDERS ?? "")?.[1];
  const number =
    (channel === "whatsapp" ? context.env.TWILIO_WHATSAPP_SENDER : undefined) ?? settings?.smsNumber ?? defaultSender ?? `local-${channel}`;
  return channel === "whatsapp" && number.startsWith("+") ? `whatsapp:${number}` : number;
}

/** Twilio's MessageSid shape: "SM" and 32 hex digits. */
function newMessageSid(): string {
  return `SM${randomBytes(16).toString("hex")}`;
}

/** How the handset labels a text it sent, from what handling it led to. */
/** Handset rows (`h…`) before outbox rows (`o…`). */
function source(key: string): number {
  return key.startsWith("h") ? 0 : 1;
}

function inboundStatus(outcome: InboundOutcome): string {
  if (outcome.duplicate) return "duplicate";
  if (outcome.replyIds.length > 0) return "received";
  return `received, no reply (${outcome.suppressed ?? outcome.intent})`;
}

/**
 * Hands a text from the simulated handset to the conversation, as the inbound webhook would.
 * The handset's copy is stored first, so it sorts before any reply it causes (and a DELETE
 * erases it with the rest). The copy and its status label are the page's own bookkeeping: if
 * either cannot be stored, that is logged and the text is still handled, so a STOP typed here
 * takes effect whatever happens to the copy.
 */
export async function receiveDevPhoneText(
  context: DevPhoneServices,
  message: { e164: string; channel: DevPhoneChannel; body: string },
): Promise<InboundOutcome> {
  const keyring: PhoneKeyring = context.keyring;
  const messageSid = newMessageSid();
  const log = context.logger.child({ module: "dev-phone", messageSid });
  const copyId = await context.db
    .insert(devPhoneMessages)
    .values({
      phoneCiphertext: encryptPhone(keyring, message.e164),
      phoneIndex: phoneBlindIndex(keyring, message.e164),
      direction: "inbound",
      channel: message.channel,
      body: message.body,
      providerMessageId: messageSid,
      status: "sending",
    })
    .returning({ id: devPhoneMessages.id })
    .then(
      ([row]) => row?.id ?? null,
      (error: unknown) => {
        log.warn({ error: errorFacts(error) }, "dev phone: the handset's copy could not be stored");
        return null;
      },
    );
  const setStatus = async (status: string) => {
    if (copyId === null) return;
    try {
      await context.db.update(devPhoneMessages).set({ status }).where(eq(devPhoneMessages.id, copyId));
    } catch (error) {
      log.warn({ error: errorFacts(error) }, "dev phone: the handset's copy could not be labelled");
    }
  };
  let outcome: InboundOutcome;
  try {
    outcome = await handleInbound(inboundDeps(context), {
      messageSid,
      from: message.channel === "whatsapp" ? `whatsapp:${message.e164}` : message.e164,
      to: await campaignAddress(context, message.channel),
      body: message.body,
      receivedAt: new Date(),
      via: "dev-phone",
    });
  } catch (error) {
    await setStatus("failed");
    throw error;
  }
  await setStatus(inboundStatus(outcome));
  return outcome;
}
