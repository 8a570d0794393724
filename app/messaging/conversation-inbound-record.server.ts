/**
 * The first statement of an inbound message's transaction, in one round trip: record the
 * MessageSid (idempotency); touch the subscriber row (channel, last inbound time), which also
 * locks it, or create it for a new number when the message may need one; and read what the
 * guards need (messages from the number in the loop window, whether the text echoes one of our
 * replies, whether the number's data was erased). On PGlite every statement is a trip through
 * the wasm engine: the webhook's latency depends on keeping this to one.
 */
import { sql } from "drizzle-orm";
import type { Subscriber } from "~/audience/subscribers.server";
import type { Database } from "~/db/client.server";
import type { ConversationState } from "~/db/schema";
import { ECHO_WINDOW_MS, LOOP_MAX_MESSAGES, LOOP_WINDOW_MS } from "./conversation-guards.server";

export interface InboundRecordInput {
  messageSid: string;
  channel: "sms" | "whatsapp";
  phoneIndex: string;
  intent: string;
  receivedAt: Date;
  body: string;
  now: Date;
  /**
   * Create the subscriber row when the number has none: its encrypted number and country. Not
   * given for STOP and DELETE (which never create one). A tombstoned number gets a row only for a
   * join keyword (`join`).
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
  // Subqueries of one statement share one snapshot: the inserted inbound row is not in `recent`
  // (hence +1 below), and a subscriber row another transaction commits meanwhile is in neither
  // `touched` nor `created` (the caller then falls back to findOrCreateSubscriber).
  const result = await db.execute(sql`
    with recorded as (
      insert into inbound_messages (message_sid, channel, phone_index, intent, received_at)
      values (${input.messageSid}, ${input.channel}, ${input.phoneIndex}, ${input.intent}, ${at}::timestamptz)
      on conflict (message_sid) do nothing
      returning 1
    ),
    touched as (
      update subscribers set channel = ${input.channel}, last_inbound_at = ${at}::timestamptz, updated_at = now()
      where phone_index = ${input.phoneIndex}
      returning *
    ),
    created as (
      insert into subscribers (phone_ciphertext, phone_index, channel, country, last_inbound_at)
      select ${create?.phoneCiphertext ?? null}, ${input.phoneIndex}, ${input.channel}, ${create?.country ?? null}, ${at}::timestamptz
      where ${create ? true : false}
        and not exists (select 1 from touched)
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
