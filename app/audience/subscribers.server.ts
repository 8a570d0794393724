/**
 * Subscribers: one row per phone number that texted in, found by the number's blind index. The
 * number itself is stored only encrypted; nothing here logs or returns it in plain text except to
 * the caller that already had it.
 */
import { eq, sql, type SQL } from "drizzle-orm";
import { sqlNow } from "~/db/sql-now.server";
import { recordSubscriberEvent } from "~/analytics/messaging-events.server";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { devPhoneMessages, inboundMessages, optOutTombstones, outboxMessages, subscribers, type ConversationState } from "~/db/schema";
import { encryptPhone, phoneBlindIndex, type PhoneKeyring } from "./phone-crypto.server";
import { normalizePhoneNumber, type PhoneNumberFacts } from "./phone-number";
import { UNSENT_STATES } from "~/outbox/outbox-states";
import { stateSql, statesSql } from "~/outbox/outbox-states-sql";

export type Subscriber = typeof subscribers.$inferSelect;
export type SubscriberChannel = Subscriber["channel"];
/** How consent was given: the keyword by SMS or WhatsApp, or the dev phone page (local transport). */
export type ConsentSource = "sms-keyword" | "whatsapp-keyword" | "dev-phone";

/** A number that is not a valid E.164 phone number (a short code, an alphanumeric sender, junk). */
export class InvalidPhoneNumberError extends Error {
  override name = "InvalidPhoneNumberError";
  constructor() {
    // Never the number itself: this message may reach a log.
    super("not a valid phone number");
  }
}

/** A validated number and its lookup key. */
export interface PhoneIdentity {
  e164: string;
  phoneIndex: string;
}

/**
 * Normalizes to E.164 and computes the blind index. Rejects what is not a valid phone number
 * (letters, short codes, wrong lengths, unassigned ranges such as +996 000…): nobody could read
 * a message to it. A valid landline passes: it can still send STOP, and the caller decides what
 * it may receive (`canReceiveReplies`).
 */
export function phoneIdentity(keyring: PhoneKeyring, rawNumber: string): PhoneIdentity {
  const result = normalizePhoneNumber(rawNumber);
  if (!result.ok) throw new InvalidPhoneNumberError();
  return phoneIdentityOf(keyring, result);
}

/** The same for a number already parsed (parseAddress, normalizePhoneNumber): not parsed again. */
export function phoneIdentityOf(keyring: PhoneKeyring, number: Pick<PhoneNumberFacts, "e164" | "valid">): PhoneIdentity {
  if (!number.valid) throw new InvalidPhoneNumberError();
  return { e164: number.e164, phoneIndex: phoneBlindIndex(keyring, number.e164) };
}

/** The subscriber with this blind index; `forUpdate` locks the row until the transaction ends. */
export async function findSubscriberByIndex(
  db: Database,
  phoneIndex: string,
  options: { forUpdate?: boolean } = {},
): Promise<Subscriber | null> {
  const query = db.select().from(subscribers).where(eq(subscribers.phoneIndex, phoneIndex)).limit(1);
  const rows = options.forUpdate ? await query.for("update") : await query;
  return rows[0] ?? null;
}

/**
 * The subscriber for a number, created (status `pending`, no consent) when it is new. The row is
 * locked for the rest of the transaction, so two messages from one number step the conversation
 * one after the other.
 */
export async function findOrCreateSubscriber(
  db: Database,
  keyring: PhoneKeyring,
  input: { phone: PhoneIdentity; channel: SubscriberChannel; country: string | null; now: Date },
): Promise<{ subscriber: Subscriber; created: boolean }> {
  const inserted = await db
    .insert(subscribers)
    .values({
      phoneCiphertext: encryptPhone(keyring, input.phone.e164),
      phoneIndex: input.phone.phoneIndex,
      channel: input.channel,
      country: input.country,
      lastInboundAt: input.now,
      createdAt: input.now,
      updatedAt: input.now,
    })
    .onConflictDoNothing({ target: subscribers.phoneIndex })
    .returning();
  // A row this transaction inserted is already locked by it until commit.
  if (inserted[0]) return { subscriber: inserted[0], created: true };
  const existing = await findSubscriberByIndex(db, input.phone.phoneIndex, { forUpdate: true });
  if (!existing) throw new Error("subscriber vanished between insert and select");
  return { subscriber: existing, created: false };
}

/** Fields a conversation step may change. */
export interface SubscriberUpdate {
  channel?: SubscriberChannel;
  locale?: string | null;
  country?: string | null;
  regionCode?: string | null;
  /** Where the person is now: an ISO country, `ZZ` (another country), or null (not asked). */
  currentPlace?: string | null;
  /** The campaign whose keyword the number joined with. */
  campaign?: string | null;
  conversation?: ConversationState | null;
  lastInboundAt?: Date;
  /**
   * Consent from an explicit join keyword: the number becomes active again even after an
   * opt-out (re-subscription happens only this way).
   */
  consent?: { at: Date; source: ConsentSource };
}

export async function updateSubscriber(db: Database, id: number, update: SubscriberUpdate, now: Date): Promise<void> {
  await runSql(db, subscriberUpdateReturning(id, update, now));
}

/**
 * The UPDATE of a subscriber's fields (and `updated_at`), RETURNING what a reach event and the
 * outbox's opt-out check read of the new row: run as it is (updateSubscriber) or embedded in a
 * larger statement as a CTE (conversation/step-commit.server.ts). Written out rather than built
 * by drizzle's update builder, which took about 75 µs per message on the inbound webhook's path,
 * most of that statement's cost in our process; the column map below is checked against
 * SubscriberUpdate, so a new field cannot be forgotten.
 */
export function subscriberUpdateReturning(id: number, update: SubscriberUpdate, now: Date): SQL {
  const { consent, ...fields } = update;
  const assignments: SQL[] = [sql`updated_at = ${now.toISOString()}::timestamptz`];
  for (const [field, value] of Object.entries(fields) as Array<[keyof typeof UPDATE_COLUMNS, unknown]>) {
    if (value === undefined) continue;
    const column = sql.raw(UPDATE_COLUMNS[field]);
    if (field === "conversation") assignments.push(sql`${column} = ${value === null ? null : JSON.stringify(value)}::jsonb`);
    else if (value instanceof Date) assignments.push(sql`${column} = ${value.toISOString()}::timestamptz`);
    else assignments.push(sql`${column} = ${value}`);
  }
  if (consent) {
    assignments.push(
      sql`status = 'active', consent_at = ${consent.at.toISOString()}::timestamptz, consent_source = ${consent.source}, opted_out_at = null`,
    );
  }
  return sql`update subscribers set ${sql.join(assignments, sql`, `)} where id = ${id}
    returning id, status, channel, campaign, country, region_code, current_place, locale`;
}

/** The column of each field a conversation step may change. */
const UPDATE_COLUMNS: Record<keyof Omit<SubscriberUpdate, "consent">, string> = {
  channel: "channel",
  locale: "locale",
  country: "country",
  regionCode: "region_code",
  currentPlace: "current_place",
  campaign: "campaign",
  conversation: "conversation",
  lastInboundAt: "last_inbound_at",
};

/** Records consent from an explicit join keyword (see `SubscriberUpdate.consent`). */
export async function recordConsent(db: Database, id: number, source: ConsentSource, now: Date): Promise<void> {
  await updateSubscriber(db, id, { consent: { at: now, source } }, now);
}

/**
 * DELETE keyword: erases everything that links data to the number and leaves only a keyed-hash
 * tombstone that keeps it opted out. After this, the tombstone is the only row holding the
 * number's blind index, and no row holds its ciphertext.
 * - the subscriber row is deleted;
 * - inbound message rows lose their link to the number (the blind index is blanked). They are
 *   kept as bare MessageSids so a late Twilio retry of an earlier JOIN is still recognised as a
 *   duplicate and cannot re-subscribe someone who asked to be forgotten;
 * - outbox rows to the number lose recipient (ciphertext and blind index), body, template
 *   variables and subscriber; queued and held ones are cancelled. Rows in flight (`sending`) too:
 *   the dispatcher sending one holds the number in memory and records its outcome by row id,
 *   and if that worker died, reconciliation finds no number to ask the provider about and
 *   fails the row (it is never sent again). The confirmation of the erase is queued after this,
 *   and scrubbed once it is sent (app/outbox/erase-confirmations.server.ts);
 * - the local transport's dev phone log for the number is deleted.
 */
export async function deleteSubscriberData(db: Database, phoneIndex: string, options: { now?: Date } = {}): Promise<void> {
  const at = sqlNow(options.now);
  await db.transaction(async (tx) => {
    // Counted from the row before it goes (its country, region, locale; never the number).
    await recordSubscriberEvent(tx, { event: "deleted", subscriber: { phoneIndex }, now: options.now });
    await tx.delete(subscribers).where(eq(subscribers.phoneIndex, phoneIndex));
    await tx.update(inboundMessages).set({ phoneIndex: ERASED_INDEX, intent: null }).where(eq(inboundMessages.phoneIndex, phoneIndex));
    await tx
      .update(outboxMessages)
      .set({
        status: sql`case when ${outboxMessages.status} in ${statesSql(UNSENT_STATES)} then ${stateSql("cancelled")} else ${outboxMessages.status} end`,
        errorCode: sql`case when ${outboxMessages.status} in ${statesSql(UNSENT_STATES)} then 'opted-out' else ${outboxMessages.errorCode} end`,
        ...erasedRecipient(at),
      })
      .where(eq(outboxMessages.recipientIndex, phoneIndex));
    await tx.delete(devPhoneMessages).where(eq(devPhoneMessages.phoneIndex, phoneIndex));
    await tx.insert(optOutTombstones).values({ phoneIndex, createdAt: at }).onConflictDoNothing();
  });
}

/**
 * What an outbox row keeps of an erased recipient: nothing. Both columns are NOT NULL: the
 * ciphertext becomes ERASED_CIPHERTEXT, the blind index `erased:<row id>` (the index on it is a
 * hash index, whose buckets need distinct values).
 */
export function erasedRecipient(at: SQL) {
  return {
    recipientCiphertext: ERASED_CIPHERTEXT,
    recipientIndex: sql`${ERASED_OUTBOX_INDEX_PREFIX}::text || ${outboxMessages.id}`,
    body: null,
    runTextLocale: null,
    contentVariables: null,
    subscriberId: null,
    updatedAt: at,
  };
}

/** Stored in place of an erased blind index / ciphertext (both columns are NOT NULL). */
export const ERASED_INDEX = "";
export const ERASED_CIPHERTEXT = "";
/** An erased outbox row's recipient index: this prefix and the row's id. */
export const ERASED_OUTBOX_INDEX_PREFIX = "erased:";
