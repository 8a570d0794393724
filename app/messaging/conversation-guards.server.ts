/**
 * When not to answer. Two automated senders replying to each other can exchange thousands of
 * paid messages in an hour, and a person under pressure may send STOP many times: both must get
 * silence, not more messages. Counts come from the database (inbound_messages, outbox_messages)
 * by blind index, so they hold across processes and restarts; the per-message checks run in
 * `recordInbound` (conversation-inbound-record.server.ts), in the message's first statement.
 */
import { and, eq, gt, ne } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { inboundMessages } from "~/db/schema";
import type { Env } from "~/env.server";

/** More than this many messages from one number within LOOP_WINDOW_MS get no reply. */
export const LOOP_MAX_MESSAGES = 20;
export const LOOP_WINDOW_MS = 5 * 60_000;
/** A STOP within this long after an earlier STOP gets no second confirmation. */
export const STOP_CONFIRMATION_QUIET_MS = 24 * 60 * 60_000;
/** An inbound text identical to one of our replies to that number this recent is an echo. */
export const ECHO_WINDOW_MS = 60 * 60_000;

/** True when the number sent a STOP (another message than `messageSid`) since `since`. */
export async function stoppedSince(db: Database, phoneIndex: string, messageSid: string, since: Date): Promise<boolean> {
  const rows = await db
    .select({ sid: inboundMessages.messageSid })
    .from(inboundMessages)
    .where(
      and(
        eq(inboundMessages.phoneIndex, phoneIndex),
        eq(inboundMessages.intent, "stop"),
        ne(inboundMessages.messageSid, messageSid),
        gt(inboundMessages.receivedAt, since),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/** Our own sending numbers (TWILIO_SENDERS, TWILIO_WHATSAPP_SENDER), E.164. */
export function ourSenderNumbers(env: Pick<Env, "TWILIO_SENDERS" | "TWILIO_WHATSAPP_SENDER">): Set<string> {
  const numbers = new Set<string>();
  for (const entry of (env.TWILIO_SENDERS ?? "").split(",")) {
    const number = entry.split("=")[1]?.trim();
    if (number) numbers.add(number);
  }
  if (env.TWILIO_WHATSAPP_SENDER) numbers.add(env.TWILIO_WHATSAPP_SENDER);
  return numbers;
}
