/**
 * STOP and DELETE, opt-out first (docs/decisions/011-opt-out-first.md), confirmed exactly once
 * (docs/decisions/032-confirmation-owed.md).
 *
 * 1. Before anything is written, the confirmation guards are read (loop guard, echo, a STOP
 *    already confirmed): they can only ever silence the confirmation.
 * 2. One short transaction records the MessageSid (idempotency), reads the subscriber's language
 *    and opts the number out (STOP: status, queued messages cancelled) or erases it (DELETE:
 *    everything linked to the number, a tombstone kept). It commits on its own: nothing that
 *    comes after (content, the reply language, the confirmation, logging) can undo it. The record
 *    says whether a confirmation is owed. If the message cannot be recorded, the opt-out commits
 *    alone, unconfirmed, and the webhook answers 500: a retry that can record it confirms it.
 * 3. Then one confirmation, in their language from the built-in texts (CMS texts and the
 *    country default from site settings when content is available), queued in the same
 *    transaction that settles the debt, so it is queued once however many deliveries race. If
 *    it cannot be queued (or the guards could not be read), the debt stays and the webhook
 *    answers 500: the provider's retry of the message finds it owed and finishes it.
 *
 * A DELETE confirmation is queued after the erase, with its own exemption
 * (`erase-confirmation`): once its send is recorded (sent or failed), its recipient is scrubbed
 * too (app/outbox/erase-confirmations.server.ts).
 */
import { sql } from "drizzle-orm";
import { optOutByIndex } from "~/audience/opt-out.server";
import { deleteSubscriberData, type PhoneIdentity } from "~/audience/subscribers.server";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import type { Country, Locale } from "~/i18n/locales";
import { DEFAULT_SMS_REPLIES } from "~/i18n/sms-replies";
import { errorFacts } from "~/lib/log-error.server";
import type { Logger } from "~/lib/logger.server";
import { enqueueMessage, type EnqueueDeps } from "~/outbox/enqueue.server";
import { confirmationSilence, type ConfirmationSilence } from "./guards.server";
import { recordOptOutInbound, type OptOutRecord } from "./inbound-record.server";
import { localeWithoutContent, replyLocale, type StepContext } from "./steps.server";

export interface OptOutMessage {
  intent: "stop" | "delete";
  messageSid: string;
  channel: "sms" | "whatsapp";
  phone: PhoneIdentity;
  /** The text as received (already storable): only compared, for the echo guard. */
  body: string;
  receivedAt: Date;
  /** The locale of the keyword, when it belongs to one (СТОП → ru). */
  keywordLocale?: Locale;
  /** Twilio answered the STOP itself (Advanced Opt-Out): no second confirmation from us. */
  providerAnswered: boolean;
  /** The number can read a reply (not an SMS to a landline): else the opt-out happens, unconfirmed. */
  replyable: boolean;
}

export interface OptOutDeps {
  db: Database;
  enqueueDeps: EnqueueDeps;
  logger: Logger;
  numberCountry: Country | null;
  /** The conversation's content and texts, only once the opt-out has committed (it may load the CMS). */
  stepContext(): Promise<StepContext>;
  now: Date;
}

/** Why no confirmation was queued, if none was. */
export type OptOutSilence = ConfirmationSilence | "erased-before" | "provider-answered" | "cannot-read-replies";

export type OptOutOutcome = { duplicate: true } | { duplicate: false; confirmationId: number | null; silence: OptOutSilence | null };

/**
 * The opt-out has committed, its confirmation has not: thrown so that the webhook answers 500
 * and the provider delivers the message again (docs/production.md, inbound retries). The retry
 * finds the confirmation owed (or the message unrecorded) and finishes it; the opt-out itself
 * is already in force.
 */
export class OptOutUnconfirmedError extends Error {
  constructor(what: "unrecorded" | "confirmation-owed", cause: unknown) {
    super(
      what === "unrecorded"
        ? "opt-out committed without its record; a retry of the message records and confirms it"
        : "opt-out committed, its confirmation is owed; a retry of the message queues it",
      { cause },
    );
    this.name = "OptOutUnconfirmedError";
  }
}

export async function handleOptOut(deps: OptOutDeps, message: OptOutMessage): Promise<OptOutOutcome> {
  const { db, logger: log } = deps;
  const guards = () =>
    confirmationSilence(db, {
      phoneIndex: message.phone.phoneIndex,
      messageSid: message.messageSid,
      text: message.body,
      intent: message.intent,
      now: deps.now,
    });
  // Unknown (the database away) is not silence: the debt is recorded, and they are read again.
  const readBefore: ConfirmationSilence | null | "unknown" = await guards().catch((error: unknown) => {
    log.warn({ error: errorFacts(error) }, "opt-out: confirmation guards unavailable, read again after the opt-out");
    return "unknown" as const;
  });
  const silenceBefore: OptOutSilence | null =
    (readBefore === "unknown" ? null : readBefore) ??
    (message.providerAnswered ? "provider-answered" : message.replyable ? null : "cannot-read-replies");

  let committed: OptOutRecord;
  try {
    committed = await db.transaction((tx) => commitOptOut(tx, message, silenceBefore === null, deps.now));
  } catch (error) {
    // The message could not be recorded (or the opt-out failed with it): the opt-out alone, in a
    // transaction of its own, must still commit. Nothing is confirmed without the record (a
    // confirmation could not be told from a retry's); the 500 asks for a retry that can record it.
    log.error({ error: errorFacts(error), intent: message.intent }, "opt-out: recording the message failed, opting out without it");
    await db.transaction((tx) => applyOptOut(tx, message, deps.now));
    throw new OptOutUnconfirmedError("unrecorded", error);
  }
  if (committed.duplicate && !committed.owed) return { duplicate: true };
  if (!committed.owed) {
    // They were told when their data was erased; Twilio has already answered its own STOP.
    return { duplicate: false, confirmationId: null, silence: committed.erasedBefore ? "erased-before" : silenceBefore };
  }

  try {
    // A retry finishing the debt has just read the guards as they are now (another STOP may have
    // been confirmed meanwhile); guards that could not be read are read again.
    const silence = readBefore === "unknown" ? await guards() : readBefore;
    const body = silence ? null : await confirmationText(deps, message, committed.subscriber);
    const queued = await settleConfirmation(db, message.messageSid, async (tx) => {
      if (body === null) return null;
      const outcome = await enqueueMessage(tx, deps.enqueueDeps, {
        to: message.phone.e164,
        channel: message.channel,
        // An erased number has no subscriber row, and its confirmation keeps no link to one.
        subscriberId: message.intent === "stop" ? (committed.subscriber?.id ?? null) : null,
        body,
        kind: "reply",
        // The one message an opted-out (or erased, tombstoned) number may get.
        bypassOptOut: message.intent === "stop" ? "stop-confirmation" : "erase-confirmation",
        now: deps.now,
      });
      return outcome.enqueued ? outcome.id : null;
    });
    // Settled by a delivery racing this one: that one answers for it.
    if (queued === "settled-elsewhere") return { duplicate: true };
    return { duplicate: false, confirmationId: queued, silence };
  } catch (error) {
    log.error({ error: errorFacts(error), intent: message.intent }, "opt-out committed, its confirmation is owed until a retry");
    throw new OptOutUnconfirmedError("confirmation-owed", error);
  }
}

/**
 * Settles the message's confirmation debt and runs `queue` in the same transaction: the debt is
 * taken with a row lock, so of two deliveries racing only one queues, and a failed queue leaves
 * the debt for the next retry.
 */
async function settleConfirmation(
  db: Database,
  messageSid: string,
  queue: (tx: Database) => Promise<number | null>,
): Promise<number | null | "settled-elsewhere"> {
  return db.transaction(async (tx) => {
    const taken = await runSql(
      tx,
      sql`update inbound_messages set confirmation_owed = false
        where message_sid = ${messageSid} and confirmation_owed returning 1 as taken`,
    );
    if (taken.rows.length === 0) return "settled-elsewhere";
    return queue(tx);
  });
}

/** The opt-out itself: its own transaction, committed before anything else is tried. */
async function commitOptOut(tx: Database, message: OptOutMessage, wanted: boolean, now: Date): Promise<OptOutRecord> {
  const recorded = await recordOptOutInbound(tx, {
    messageSid: message.messageSid,
    channel: message.channel,
    phoneIndex: message.phone.phoneIndex,
    intent: message.intent,
    receivedAt: message.receivedAt,
    owed: wanted,
  });
  if (recorded.duplicate) return recorded;
  await applyOptOut(tx, message, now);
  return recorded;
}

/** STOP: opted out, queued messages cancelled. DELETE: everything linked to the number erased, a tombstone kept. */
async function applyOptOut(tx: Database, message: OptOutMessage, now: Date): Promise<void> {
  if (message.intent === "stop") await optOutByIndex(tx, message.phone.phoneIndex, "keyword", now);
  else await deleteSubscriberData(tx, message.phone.phoneIndex, { now });
}

/**
 * The confirmation in the reply locale (theirs, the keyword's, the country's), from the CMS texts
 * when they can be had, else the built-in ones. Content is an improvement here, never a
 * condition: if even loading it throws, the built-in text in the built-in locale is sent.
 */
async function confirmationText(deps: OptOutDeps, message: OptOutMessage, subscriber: OptOutRecord["subscriber"]): Promise<string> {
  const key = message.intent === "stop" ? "stopConfirmation" : "deleteConfirmation";
  try {
    const ctx = await deps.stepContext();
    return ctx.texts(await replyLocale(ctx, subscriber, message.keywordLocale))[key];
  } catch (error) {
    deps.logger.warn({ error: errorFacts(error) }, "opt-out: content unavailable for the confirmation, built-in text used");
    return DEFAULT_SMS_REPLIES[localeWithoutContent(deps.numberCountry, subscriber, message.keywordLocale)][key];
  }
}
