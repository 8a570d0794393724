/**
 * STOP and DELETE inside an inbound message's transaction. Both take effect whatever state the
 * conversation is in and whatever the loop guard says; only their single confirmation is subject
 * to the guards.
 */
import { optOutByIndex } from "~/audience/opt-out.server";
import { deleteSubscriberData, type Subscriber } from "~/audience/subscribers.server";
import type { Database } from "~/db/client.server";
import type { Locale } from "~/i18n/locales";
import { enqueueMessage, type EnqueueDeps } from "~/outbox/enqueue.server";
import { STOP_CONFIRMATION_QUIET_MS, stoppedSince } from "./conversation-guards.server";
import { replyLocale, type StepContext } from "./conversation-steps.server";

export interface OptOutRequest {
  db: Database;
  enqueueDeps: EnqueueDeps;
  ctx: StepContext;
  phone: { e164: string; phoneIndex: string };
  channel: "sms" | "whatsapp";
  messageSid: string;
  /** The subscriber row, locked; null for a number we have no row for. */
  subscriber: Subscriber | null;
  /** The number's data was deleted earlier (a tombstone and no subscriber row). */
  erased: boolean;
  keywordLocale?: Locale;
  /** Replies are suppressed (loop guard): the opt-out still happens. */
  silent: boolean;
  now: Date;
}

export type OptOutOutcome = { confirmationId: number | null };

/**
 * STOP: opted out at once (queued messages cancelled in this transaction), then one confirmation
 * in their language. No confirmation when they already sent STOP in the last 24 hours, when their
 * data was erased (they were told then), or when the provider has already answered the STOP.
 */
export async function handleStop(request: OptOutRequest, options: { providerAnswered: boolean }): Promise<OptOutOutcome> {
  const { db, phone, now } = request;
  if (request.erased) return { confirmationId: null };
  const quietSince = new Date(now.getTime() - STOP_CONFIRMATION_QUIET_MS);
  const repeated = await stoppedSince(db, phone.phoneIndex, request.messageSid, quietSince);
  await optOutByIndex(db, phone.phoneIndex, "keyword");
  if (repeated || request.silent || options.providerAnswered) return { confirmationId: null };
  const locale = await replyLocale(request.ctx, request.subscriber, request.keywordLocale);
  return enqueueConfirmation(request, request.subscriber?.id ?? null, request.ctx.texts(locale).stopConfirmation);
}

/**
 * DELETE: one confirmation (queued first, kept out of the erase so it can still be sent, with no
 * subscriber link), then everything linked to the number is erased and a tombstone keeps it
 * opted out.
 */
export async function handleDelete(request: OptOutRequest): Promise<OptOutOutcome> {
  if (request.erased) return { confirmationId: null };
  let confirmation: OptOutOutcome = { confirmationId: null };
  if (!request.silent) {
    const locale = await replyLocale(request.ctx, request.subscriber, request.keywordLocale);
    confirmation = await enqueueConfirmation(request, null, request.ctx.texts(locale).deleteConfirmation);
  }
  await deleteSubscriberData(request.db, request.phone.phoneIndex, {
    keepOutboxIds: confirmation.confirmationId === null ? [] : [confirmation.confirmationId],
  });
  return confirmation;
}

async function enqueueConfirmation(request: OptOutRequest, subscriberId: number | null, body: string): Promise<OptOutOutcome> {
  const result = await enqueueMessage(request.db, request.enqueueDeps, {
    to: request.phone.e164,
    channel: request.channel,
    subscriberId,
    body,
    kind: "reply",
    // The one message an opted-out number may get. The DELETE confirmation uses the same
    // exemption: after the erase the number is tombstoned, and it is that person's last answer.
    bypassOptOut: "stop-confirmation",
  });
  return { confirmationId: result.enqueued ? result.id : null };
}
