/**
 * The first statement of an inbound message's transaction, in one round trip: record the
 * MessageSid (idempotency); touch the subscriber row (channel, last inbound time), which also
 * locks it, or create it for a new number when the message may need one; and read what the
 * guards need (messages from the number in the loop window, whether the text echoes one of our
 * replies, whether the number's data was erased). On PGlite every statement is a trip through
 * the wasm engine: the webhook's latency depends on keeping this to one.
 *
 * STOP and DELETE have their own first statement (`recordOptOutInbound`): only the MessageSid
 * and the subscriber's language, nothing that could fail their opt-out.
 *
 * A number whose data was erased (a tombstone, no subscriber row) is recorded as a bare
 * MessageSid (ERASED_INDEX), unless it is joining again: erasure must not grow back a link.
 */
import { sql } from "drizzle-orm";
import { ERASED_INDEX, type Subscriber } from "~/audience/subscribers.server";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import type { ConversationState } from "~/db/schema";
import { ECHO_WINDOW_MS, LOOP_MAX_MESSAGES, LOOP_WINDOW_MS } from "./guards.server";

export interface InboundRecordInput {
  messageSid: string;
  channel: "sms" | "whatsapp";
  phoneIndex: string;
  intent: string;
  receivedAt: Date;
  body: string;
  now: Date;
  /**
   * Create the subscriber row when the number has none: its encrypted number and country. A
   * tombstoned number gets a row only for a join keyword (`join`). Not given for a number we
   * cannot answer (an SMS from a landline), which never becomes a subscriber.
   */
  create?: { phoneCiphertext: string; country: string | null; join: boolean };
}

export type InboundRecord =
  | { duplicate: true }
  | {
      duplicate: false;
      /** More than LOOP_MAX_MESSAGES from the number in LOOP_WINDOW_MS, this one included. */
      looping: boolean;
      /** The text is one of our recent replies to the number, coming back. */
      echo: boolean;
      /** A tombstone exists: the number asked for its data to be deleted. */
      tombstoned: boolean;
      /** The subscriber row, locked until the transaction ends; null for a number without one. */
      subscriber: Subscriber | null;
      /** The row was created by this statement. */
      created: boolean;
    };

interface RawRecord {
  recorded: number | string;
  recent: number | string;
  echo: boolean;
  tombstoned: boolean;
  subscriber: RawSubscriber | null;
  created: RawSubscriber | null;
}

/** A subscriber row as `row_to_json` writes it: column names, timestamps as ISO strings. */
interface RawSubscriber {
  id: number | string;
  phone_ciphertext: string;
  phone_index: string;
  channel: Subscriber["channel"];
  locale: string | null;
  country: string | null;
  region_code: string | null;
  current_place?: string | null;
  status: Subscriber["status"];
  consent_at: string | null;
  consent_source: string | null;
  opted_out_at: string | null;
  last_inbound_at: string | null;
  campaign?: string | null;
  conversation: ConversationState | null;
  created_at: string;
  updated_at: string;
}

export async function recordInbound(db: Database, input: InboundRecordInput): Promise<InboundRecord> {
  const loopSince = new Date(input.now.getTime() - LOOP_WINDOW_MS).toISOString();
  const echoSince = new Date(input.now.getTime() - ECHO_WINDOW_MS).toISOString();
  const text = input.body.trim();
  // The insert's row is not visible to the other subqueries of the same statement (one snapshot):
  // `recorded` is added to the count instead.
  const create = input.create;
  const at = input.receivedAt.toISOString();
  const erased = sql`(not ${create?.join ?? false} and exists (select 1 from opt_out_tombstones where phone_index = ${input.phoneIndex})
    and not exists (select 1 from subscribers where phone_index = ${input.phoneIndex}))`;
  // Subqueries of one statement share one snapshot: the inserted inbound row is not in `recent`
  // (hence +1 below), and a subscriber row another transaction commits meanwhile is in neither
  // `touched` nor `created` (the caller then falls back to findOrCreateSubscriber).
  const result = await db.execute(sql`
    with recorded as (
      insert into inbound_messages (message_sid, channel, phone_index, intent, received_at)
      select ${input.messageSid}, ${input.channel}, case when ${erased} then ${ERASED_INDEX} else ${input.phoneIndex} end,
        case when ${erased} then null else ${input.intent} end, ${at}::timestamptz
      on conflict (message_sid) do nothing
      returning 1
    ),
    touched as (
      update subscribers set channel = ${input.channel}, last_inbound_at = ${at}::timestamptz, updated_at = ${input.now.toISOString()}::timestamptz
      where phone_index = ${input.phoneIndex}
      returning *
    ),
    created as (
      insert into subscribers (phone_ciphertext, phone_index, channel, country, last_inbound_at, created_at, updated_at)
      select ${create?.phoneCiphertext ?? null}, ${input.phoneIndex}, ${input.channel}, ${create?.country ?? null}, ${at}::timestamptz,
        ${input.now.toISOString()}::timestamptz, ${input.now.toISOString()}::timestamptz
      where ${create !== undefined} and not exists (select 1 from touched)
        and (${create?.join ?? false} or not exists (select 1 from opt_out_tombstones where phone_index = ${input.phoneIndex}))
      on conflict (phone_index) do nothing
      returning *
    )
    select
      (select count(*) from recorded)::int as recorded,
      (select count(*) from inbound_messages
        where phone_index = ${input.phoneIndex} and received_at > ${loopSince}::timestamptz)::int as recent,
      (${text} <> '' and exists (select 1 from outbox_messages
        where recipient_index = ${input.phoneIndex} and created_at > ${echoSince}::timestamptz
          and btrim(body) = ${text})) as echo,
      exists (select 1 from opt_out_tombstones where phone_index = ${input.phoneIndex}) as tombstoned,
      (select row_to_json(touched) from touched) as subscriber,
      (select row_to_json(created) from created) as created`);
  const row = (result as unknown as { rows: RawRecord[] }).rows[0];
  if (!row || Number(row.recorded) === 0) return { duplicate: true };
  const subscriber = row.subscriber ?? row.created;
  return {
    duplicate: false,
    looping: Number(row.recent) + 1 > LOOP_MAX_MESSAGES,
    echo: Boolean(row.echo),
    tombstoned: Boolean(row.tombstoned),
    subscriber: subscriber ? subscriberFromJson(subscriber) : null,
    created: row.created !== null,
  };
}

/** What an opt-out needs of the number before it is opted out or erased. */
export interface OptOutRecord {
  /** The MessageSid was already recorded: a retry of a message handled before. */
  duplicate: boolean;
  /**
   * The confirmation is still owed: recorded so by this statement, or, for a retry, by the
   * delivery that recorded the message and could not queue it (decision 032).
   */
  owed: boolean;
  /** The subscriber's language and country (their confirmation's language), locked; null without a row. */
  subscriber: Pick<Subscriber, "id" | "locale" | "country"> | null;
  /** A tombstone exists and no subscriber row: the number's data was erased earlier. */
  erasedBefore: boolean;
}

/**
 * The first statement of a STOP or DELETE: record the MessageSid (a retry of a handled message
 * stops here, unless its confirmation is still owed), lock and read the subscriber's language for
 * the confirmation, and see whether the number was erased before. The MessageSid is stored bare
 * (ERASED_INDEX, no intent) for a DELETE and for a number already erased; a STOP keeps its blind
 * index (the 24-hour rule for repeated STOPs reads it). `owed`: a confirmation is wanted, unless
 * the number was erased before (it was told then). Nothing else: no text comparison, no count,
 * nothing that could fail the opt-out.
 */
export async function recordOptOutInbound(
  db: Database,
  input: {
    messageSid: string;
    channel: "sms" | "whatsapp";
    phoneIndex: string;
    intent: "stop" | "delete";
    receivedAt: Date;
    owed: boolean;
  },
): Promise<OptOutRecord> {
  // The outer select sees inbound_messages as it was before this statement: there it finds the
  // row of a delivery recorded before (a retry), never the one `recorded` inserts.
  const result = await runSql<{
    recorded: number | string;
    tombstoned: boolean;
    owed: boolean;
    subscriber: RawOptOutSubscriber | string | null;
  }>(
    db,
    sql`
    with subscriber as (
      select id, locale, country from subscribers where phone_index = ${input.phoneIndex} for update
    ),
    tombstone as (
      select exists (select 1 from opt_out_tombstones where phone_index = ${input.phoneIndex}) as found
    ),
    erased_before as (
      select (select found from tombstone) and not exists (select 1 from subscriber) as yes
    ),
    bare as (
      select ${input.intent === "delete"} or (select yes from erased_before) as yes
    ),
    recorded as (
      insert into inbound_messages (message_sid, channel, phone_index, intent, received_at, confirmation_owed)
      select ${input.messageSid}, ${input.channel},
        case when (select yes from bare) then ${ERASED_INDEX} else ${input.phoneIndex} end,
        case when (select yes from bare) then null else ${input.intent} end, ${input.receivedAt.toISOString()}::timestamptz,
        ${input.owed} and not (select yes from erased_before)
      on conflict (message_sid) do nothing
      returning confirmation_owed
    )
    select (select count(*) from recorded)::int as recorded, (select found from tombstone) as tombstoned,
      coalesce((select confirmation_owed from recorded),
        (select confirmation_owed from inbound_messages where message_sid = ${input.messageSid}), false) as owed,
      (select row_to_json(subscriber) from subscriber) as subscriber`,
  );
  const row = result.rows[0];
  const raw = typeof row?.subscriber === "string" ? (JSON.parse(row.subscriber) as RawOptOutSubscriber) : (row?.subscriber ?? null);
  return {
    duplicate: !row || Number(row.recorded) === 0,
    owed: Boolean(row?.owed),
    subscriber: raw ? { id: Number(raw.id), locale: raw.locale, country: raw.country } : null,
    erasedBefore: Boolean(row?.tombstoned) && raw === null,
  };
}

interface RawOptOutSubscriber {
  id: number | string;
  locale: string | null;
  country: string | null;
}

function subscriberFromJson(raw: RawSubscriber): Subscriber {
  const date = (value: string | null) => (value === null ? null : new Date(value));
  return {
    id: Number(raw.id),
    phoneCiphertext: raw.phone_ciphertext,
    phoneIndex: raw.phone_index,
    channel: raw.channel,
    locale: raw.locale,
    country: raw.country,
    regionCode: raw.region_code,
    currentPlace: raw.current_place ?? null,
    status: raw.status,
    consentAt: date(raw.consent_at),
    consentSource: raw.consent_source,
    optedOutAt: date(raw.opted_out_at),
    lastInboundAt: date(raw.last_inbound_at),
    campaign: raw.campaign ?? null,
    conversation: raw.conversation,
    createdAt: new Date(raw.created_at),
    updatedAt: new Date(raw.updated_at),
  };
}
