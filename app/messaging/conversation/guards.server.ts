/**
 * When not to answer. Two automated senders replying to each other can exchange thousands of
 * paid messages in an hour, and a person under pressure may send STOP many times: both must get
 * silence, not more messages. Counts come from the database (inbound_messages, outbox_messages)
 * by blind index, so they hold across processes and restarts. For most messages the checks run in
 * `recordInbound` (inbound-record.server.ts), in the message's first statement; for
 * STOP and DELETE in `confirmationSilence`, before and apart from the opt-out itself.
 */
import { sql } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import type { Env } from "~/env.server";

/** More than this many messages from one number within LOOP_WINDOW_MS get no reply. */
export const LOOP_MAX_MESSAGES = 20;
export const LOOP_WINDOW_MS = 5 * 60_000;
/** A STOP within this long after an earlier STOP gets no second confirmation. */
export const STOP_CONFIRMATION_QUIET_MS = 24 * 60 * 60_000;
/** An inbound text identical to one of our replies to that number this recent is an echo. */
export const ECHO_WINDOW_MS = 60 * 60_000;

/** Why a STOP or DELETE gets no confirmation, if it gets none. */
export type ConfirmationSilence = "loop-guard" | "automated-sender" | "repeated-stop";

/**
 * Whether an opt-out's confirmation must stay unsent, read BEFORE the opt-out commits (a DELETE
 * erases the history these look at) and never inside its transaction: they decide whether to
 * confirm, never whether to opt out. Read again when a retry finishes a confirmation still owed
 * (decision 032), so this message's own record is left out of them. One statement:
 * - loop guard: more than LOOP_MAX_MESSAGES from the number in LOOP_WINDOW_MS, this one included;
 * - echo: the text is one of our messages to the number in ECHO_WINDOW_MS, coming back;
 * - a STOP already confirmed: another STOP from the number within STOP_CONFIRMATION_QUIET_MS
 *   whose confirmation is settled (queued or found needless), not one still owed.
 */
export async function confirmationSilence(
  db: Database,
  input: { phoneIndex: string; messageSid: string; text: string; intent: "stop" | "delete"; now: Date },
): Promise<ConfirmationSilence | null> {
  const since = (ms: number) => new Date(input.now.getTime() - ms).toISOString();
  const text = input.text.trim();
  const result = await runSql<{ recent: number | string; echo: boolean; stopped: boolean }>(
    db,
    sql`
    select
      (select count(*) from inbound_messages
        where phone_index = ${input.phoneIndex} and message_sid <> ${input.messageSid}
          and received_at > ${since(LOOP_WINDOW_MS)}::timestamptz)::int as recent,
      (${text} <> '' and exists (select 1 from outbox_messages
        where recipient_index = ${input.phoneIndex} and created_at > ${since(ECHO_WINDOW_MS)}::timestamptz
          and btrim(body) = ${text})) as echo,
      exists (select 1 from inbound_messages
        where phone_index = ${input.phoneIndex} and intent = 'stop' and message_sid <> ${input.messageSid}
          and not confirmation_owed and received_at > ${since(STOP_CONFIRMATION_QUIET_MS)}::timestamptz) as stopped`,
  );
  const row = result.rows[0];
  if (!row) return null;
  if (Number(row.recent) + 1 > LOOP_MAX_MESSAGES) return "loop-guard";
  if (row.echo) return "automated-sender";
  if (input.intent === "stop" && row.stopped) return "repeated-stop";
  return null;
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
