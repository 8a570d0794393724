/**
 * Data-subject requests: what we hold about one phone number, all of it in one file, or none of
 * it any more. A person (or someone acting for them) asks the campaign team by another channel;
 * an admin types the number in and the staff pages call these (app/staff/data-requests.server.ts).
 *
 * - `summarizeHeldData`: what is held, without the number (the staff page shows this): the
 *   subscription's facts and dates, message counts by kind and status, the conversation step.
 * - `exportHeldData`: everything held, the number and message texts decrypted and included,
 *   for the one JSON file the admin downloads. Nothing here logs or stores it.
 * - `eraseHeldData`: the DELETE keyword's own erasure (`deleteSubscriberData`), not a copy of
 *   it, so the two can never drift apart.
 *
 * Reach events are counts by place, language and channel with no link to a number
 * (app/analytics/messaging-events.server.ts), so there is nothing of a person's in them to
 * export or erase; the export says so.
 */
import { asc, eq, getTableColumns, sql } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { devPhoneMessages, inboundMessages, optOutTombstones, outboxMessages, subscribers } from "~/db/schema";
import { runSql } from "~/db/run-sql.server";
import { outboxBodyColumn } from "~/outbox/outbox-row.server";
import { findTombstone } from "./opt-out.server";
import { decryptPhone, type PhoneKeyring } from "./phone-crypto.server";
import { deleteSubscriberData, findSubscriberByIndex, type PhoneIdentity, type Subscriber } from "./subscribers.server";

/** The facts of a subscription a staff page may show: never the number, its index or ciphertext. */
export interface SubscriptionFacts {
  /** The internal subscriber id (what the audit log names). */
  id: number;
  since: Date;
  status: Subscriber["status"];
  channel: Subscriber["channel"];
  locale: string | null;
  /** The country of the number's owner (home). */
  country: string | null;
  regionCode: string | null;
  /** Where they said they are now (ISO country, `ZZ` for another one), null if never asked. */
  currentPlace: string | null;
  campaign: string | null;
  consentAt: Date | null;
  consentSource: string | null;
  optedOutAt: Date | null;
  lastInboundAt: Date | null;
  /** The menu the conversation waits on (`choose-language`…), null when none. */
  conversationStep: string | null;
}

/** How many messages of one kind and status are stored for the number. */
export interface MessageCount {
  kind: "reply" | "broadcast";
  status: string;
  count: number;
}

/** What we hold about a number, for a page: facts and counts only. */
export interface HeldDataSummary {
  /** False when no row of any table refers to the number (the "nothing held" answer). */
  held: boolean;
  subscription: SubscriptionFacts | null;
  /** The number was erased (DELETE) or opted out without a subscription: only a keyed hash remains. */
  tombstoneSince: Date | null;
  outbox: MessageCount[];
  /** Records that the number texted us (no texts: inbound bodies are never stored). */
  inboundMessages: number;
  /** The local transport's dev phone log (development only). */
  devPhoneMessages: number;
}

export async function summarizeHeldData(db: Database, phoneIndex: string): Promise<HeldDataSummary> {
  // One statement after another, not Promise.all: `db` may be a transaction (one connection).
  const subscriber = await findSubscriberByIndex(db, phoneIndex);
  const tombstone = await findTombstone(db, phoneIndex);
  const outbox = await runSql<{ kind: "reply" | "broadcast"; status: string; count: number }>(
    db,
    sql`select kind, status, count(*)::int as count from outbox_messages
        where recipient_index = ${phoneIndex} group by kind, status order by kind, status`,
  );
  const inbound = await countWhere(db, sql`select count(*)::int as count from inbound_messages where phone_index = ${phoneIndex}`);
  const devPhone = await countWhere(db, sql`select count(*)::int as count from dev_phone_messages where phone_index = ${phoneIndex}`);
  const counts = outbox.rows.map((row) => ({ kind: row.kind, status: row.status, count: Number(row.count) }));
  return {
    held: Boolean(subscriber || tombstone || counts.length > 0 || inbound > 0 || devPhone > 0),
    subscription: subscriber ? subscriptionFacts(subscriber) : null,
    tombstoneSince: tombstone?.createdAt ?? null,
    outbox: counts,
    inboundMessages: inbound,
    devPhoneMessages: devPhone,
  };
}

function subscriptionFacts(row: Subscriber): SubscriptionFacts {
  return {
    id: row.id,
    since: row.createdAt,
    status: row.status,
    channel: row.channel,
    locale: row.locale,
    country: row.country,
    regionCode: row.regionCode,
    currentPlace: row.currentPlace,
    campaign: row.campaign,
    consentAt: row.consentAt,
    consentSource: row.consentSource,
    optedOutAt: row.optedOutAt,
    lastInboundAt: row.lastInboundAt,
    conversationStep: row.conversation?.step ?? null,
  };
}

async function countWhere(db: Database, query: ReturnType<typeof sql>): Promise<number> {
  const result = await runSql<{ count: number }>(db, query);
  return Number(result.rows[0]?.count ?? 0);
}

/** Version of the export file's layout; bump it when a field changes meaning. */
export const DATA_EXPORT_FORMAT = "protect-campaigns/data-export/1";

/** Everything held about a number, decrypted: the content of the file an admin downloads. */
export interface HeldDataExport {
  format: typeof DATA_EXPORT_FORMAT;
  exportedAt: string;
  /** The number in E.164, as we hold it (decrypted from the subscription when there is one). */
  number: string;
  held: boolean;
  subscription:
    (Omit<SubscriptionFacts, "since" | "conversationStep"> & { createdAt: string; updatedAt: string; conversation: unknown }) | null;
  optOutTombstone: { createdAt: string } | null;
  outboxMessages: ExportedOutboxMessage[];
  inboundMessages: Array<{ messageSid: string; channel: string; intent: string | null; receivedAt: string }>;
  devPhoneMessages: Array<{ id: number; direction: string; channel: string; body: string; status: string; createdAt: string }>;
  /** Plain-language notes for the person receiving the file. */
  notes: string[];
}

export interface ExportedOutboxMessage {
  id: number;
  kind: string;
  channel: string;
  status: string;
  sender: string | null;
  body: string | null;
  contentSid: string | null;
  contentVariables: Record<string, string> | null;
  segments: number;
  broadcastRunId: number | null;
  errorCode: string | null;
  failureKind: string | null;
  createdAt: string;
  sentAt: string | null;
}

/**
 * The export for a number already validated (`phoneIdentity`). Rows are found by its blind index;
 * the subscription's stored number is decrypted to show what we hold, and must be this number (a
 * blind-index collision is as good as impossible, but a file about someone else must never leave).
 */
export async function exportHeldData(db: Database, keyring: PhoneKeyring, phone: PhoneIdentity, now: Date): Promise<HeldDataExport> {
  const index = phone.phoneIndex;
  const subscriber = await findSubscriberByIndex(db, index);
  if (subscriber && decryptPhone(keyring, subscriber.phoneCiphertext) !== phone.e164) {
    throw new Error("the subscription found by the blind index holds another number");
  }
  const tombstone = await db
    .select({ createdAt: optOutTombstones.createdAt })
    .from(optOutTombstones)
    .where(eq(optOutTombstones.phoneIndex, index));
  const outbox = await db
    .select({ ...getTableColumns(outboxMessages), body: outboxBodyColumn() })
    .from(outboxMessages)
    .where(eq(outboxMessages.recipientIndex, index))
    .orderBy(asc(outboxMessages.id));
  const inbound = await db
    .select()
    .from(inboundMessages)
    .where(eq(inboundMessages.phoneIndex, index))
    .orderBy(asc(inboundMessages.receivedAt));
  const devPhone = await db.select().from(devPhoneMessages).where(eq(devPhoneMessages.phoneIndex, index)).orderBy(asc(devPhoneMessages.id));
  const held = Boolean(subscriber || tombstone.length || outbox.length || inbound.length || devPhone.length);
  return {
    format: DATA_EXPORT_FORMAT,
    exportedAt: now.toISOString(),
    number: phone.e164,
    held,
    subscription: subscriber ? exportedSubscription(subscriber) : null,
    optOutTombstone: tombstone[0] ? { createdAt: tombstone[0].createdAt.toISOString() } : null,
    outboxMessages: outbox.map((row) => ({
      id: row.id,
      kind: row.kind,
      channel: row.channel,
      status: row.status,
      sender: row.sender,
      body: row.body,
      contentSid: row.contentSid,
      contentVariables: row.contentVariables ?? null,
      segments: row.segments,
      broadcastRunId: row.broadcastRunId,
      errorCode: row.errorCode,
      failureKind: row.failureKind,
      createdAt: row.createdAt.toISOString(),
      sentAt: row.sentAt?.toISOString() ?? null,
    })),
    inboundMessages: inbound.map((row) => ({
      messageSid: row.messageSid,
      channel: row.channel,
      intent: row.intent,
      receivedAt: row.receivedAt.toISOString(),
    })),
    devPhoneMessages: devPhone.map((row) => ({
      id: row.id,
      direction: row.direction,
      channel: row.channel,
      body: row.body,
      status: row.status,
      createdAt: row.createdAt.toISOString(),
    })),
    notes: EXPORT_NOTES,
  };
}

const EXPORT_NOTES = [
  "The texts of messages you sent us are not stored: only that a message arrived, when, and the keyword it was (intent).",
  "Messages we sent keep their text until they are finished and older than the retention period; then only counts remain.",
  "Reach statistics count people by country, region, language and channel, with nothing that links a count to a phone number.",
  "An opt-out tombstone is a keyed hash of the number that keeps it from receiving messages after STOP or DELETE; it cannot be turned back into the number.",
];

function exportedSubscription(row: Subscriber): NonNullable<HeldDataExport["subscription"]> {
  const { since: _since, conversationStep: _step, ...facts } = subscriptionFacts(row);
  return {
    ...facts,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    conversation: row.conversation ?? null,
  };
}

/** What an erasure removed, as counts (for the audit log and the page). */
export interface ErasureResult {
  /** The subscriber id erased, null when there was no subscription. */
  subscriberId: number | null;
  outboxMessages: number;
  inboundMessages: number;
}

/**
 * Erases the number exactly as its own DELETE keyword would (`deleteSubscriberData`: the
 * subscription, every link from messages, the dev phone log; a tombstone keeps it opted out).
 * No confirmation message is sent: the request came by another channel, and a text about the
 * campaign could reveal the subscription to whoever holds the phone (decision 025).
 * Pass a transaction to commit it with other writes; it is one on its own otherwise.
 */
export async function eraseHeldData(db: Database, phoneIndex: string, now: Date): Promise<ErasureResult> {
  return db.transaction(async (tx) => {
    const subscriber = await findSubscriberByIndex(tx, phoneIndex, { forUpdate: true });
    const outbox = await countWhere(tx, sql`select count(*)::int as count from outbox_messages where recipient_index = ${phoneIndex}`);
    const inbound = await countWhere(tx, sql`select count(*)::int as count from inbound_messages where phone_index = ${phoneIndex}`);
    await deleteSubscriberData(tx, phoneIndex, { now });
    return { subscriberId: subscriber?.id ?? null, outboxMessages: outbox, inboundMessages: inbound };
  });
}

/** The subscriber id of a number, for audit targets; null when no subscription is held. */
export async function subscriberIdOf(db: Database, phoneIndex: string): Promise<number | null> {
  const rows = await db.select({ id: subscribers.id }).from(subscribers).where(eq(subscribers.phoneIndex, phoneIndex)).limit(1);
  return rows[0]?.id ?? null;
}
