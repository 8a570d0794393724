/**
 * STOP and DELETE, opt-out first (docs/decisions/011-opt-out-first.md).
 *
 * 1. Before anything is written, the confirmation guards are read (loop guard, echo, a STOP
 *    already confirmed): they can only ever silence the confirmation, and if they cannot be read
 *    the confirmation stays unsent.
 * 2. One short transaction records the MessageSid (idempotency), reads the subscriber's language
 *    and opts the number out (STOP: status, queued messages cancelled) or erases it (DELETE:
 *    everything linked to the number, a tombstone kept). It commits on its own: nothing that
 *    comes after (content, the reply language, the confirmation, logging) can undo it. If the
 *    message cannot be recorded, the opt-out commits alone, unconfirmed.
 * 3. Then one confirmation, in their language from the built-in texts (CMS texts and the
 *    country default from site settings when content is available). If it cannot be queued, that
 *    is logged and the message still counts as handled: the opt-out is what had to happen.
 *
 * A DELETE confirmation is queued after the erase, with its own exemption
 * (`erase-confirmation`): once its send is recorded (sent or failed), its recipient is scrubbed
 * too (app/outbox/erase-confirmations.server.ts).
 */
import { optOutByIndex } from "~/audience/opt-out.server";
import { deleteSubscriberData, type PhoneIdentity } from "~/audience/subscribers.server";
import type { Database } from "~/db/client.server";
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
export type OptOutSilence =
  | ConfirmationSilence
  | "erased-before"
  | "provider-answered"
  | "cannot-read-replies"
  | "guards-unavailable"
  | "confirmation-failed"
  /** The message could not be recorded; the opt-out committed without it. */
  | "unrecorded";

export type OptOutOutcome = { duplicate: true } | { duplicate: false; confirmationId: number | null; silence: OptOutSilence | null };

export async function handleOptOut(deps: OptOutDeps, message: OptOutMessage): Promise<OptOutOutcome> {
  const { db, logger: log } = deps;
  let silence: OptOutSilence | null = await confirmationSilence(db, {
    phoneIndex: message.phone.phoneIndex,
    messageSid: message.messageSid,
    text: message.body,
    intent: message.intent,
    now: deps.now,
  }).catch((error: unknown) => {
    log.warn({ error: errorFacts(error) }, "opt-out: confirmation guards unavailable, no confirmation will be sent");
    return "guards-unavailable" as const;
  });

  let committed: OptOutRecord;
  try {
    committed = await db.transaction((tx) => commitOptOut(tx, message, deps.now));
  } catch (error) {
    // The message could not be recorded (or the opt-out failed with it): the opt-out alone, in a
    // transaction of its own, must still commit. Without the record a provider's retry cannot be
    // told apart from this delivery, so no confirmation is sent (one is better missing than twice).
    log.error({ error: errorFacts(error), intent: message.intent }, "opt-out: recording the message failed, opting out without it");
    await db.transaction((tx) => applyOptOut(tx, message, deps.now));
    return { duplicate: false, confirmationId: null, silence: "unrecorded" };
  }
  if (committed.duplicate) return { duplicate: true };

  // They were told when their data was erased; Twilio has already answered its own STOP.
  if (committed.erasedBefore) silence = "erased-before";
  else if (message.providerAnswered && !silence) silence = "provider-answered";
  else if (!message.replyable && !silence) silence = "cannot-read-replies";
  if (silence) return { duplicate: false, confirmationId: null, silence };

  try {
    const body = await confirmationText(deps, message, committed.subscriber);
    const queued = await enqueueMessage(db, deps.enqueueDeps, {
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
    return {
      duplicate: false,
      confirmationId: queued.enqueued ? queued.id : null,
      silence: queued.enqueued ? null : "confirmation-failed",
    };
  } catch (error) {
    log.error({ error: errorFacts(error), intent: message.intent }, "opt-out committed, but its confirmation could not be queued");
    return { duplicate: false, confirmationId: null, silence: "confirmation-failed" };
  }
}

/** The opt-out itself: its own transaction, committed before anything else is tried. */
async function commitOptOut(tx: Database, message: OptOutMessage, now: Date): Promise<OptOutRecord> {
  const recorded = await recordOptOutInbound(tx, {
    messageSid: message.messageSid,
    channel: message.channel,
    phoneIndex: message.phone.phoneIndex,
    intent: message.intent,
    receivedAt: message.receivedAt,
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
