/**
 * Every outgoing message becomes an outbox row before anything tries to send it. The recipient is
 * stored encrypted with its blind index; the opt-out check and the insert are one statement, so a
 * STOP committed before it can never be missed.
 */
import { sql, type SQL } from "drizzle-orm";
import { encryptPhone, phoneBlindIndex, type PhoneKeyring } from "~/audience/phone-crypto.server";
import type { Database } from "~/db/client.server";
import type { OptOutExemption } from "~/db/schema";
import { runSql } from "~/db/run-sql.server";
import { sqlNow } from "~/db/sql-now.server";

export interface EnqueueRequest {
  to: string; // E.164
  channel: "sms" | "whatsapp";
  subscriberId: number | null;
  body: string | null;
  contentSid?: string | null;
  contentVariables?: Record<string, string> | null;
  kind: "reply" | "broadcast"; // reply → priority 0, broadcast → 10
  /** Only the STOP and DELETE confirmations may go to an opted-out (or erased) number. */
  bypassOptOut?: OptOutExemption;
  notBefore?: Date;
  /** The caller's clock (see sqlNow): the row's creation time, and when it is due unless `notBefore`. */
  now?: Date;
}

export type EnqueueResult = { enqueued: true; id: number } | { enqueued: false; reason: "opted-out" };

export interface EnqueueDeps {
  keyring: PhoneKeyring;
  senderFor: (to: string, channel: "sms" | "whatsapp") => string;
  /** Segments (billed parts) of an SMS text: counted by the messaging side (sms-segments.ts). */
  segmentsOf: (body: string) => number;
}

/** Lower is claimed first: a person waiting for an answer goes before a broadcast. */
export const OUTBOX_PRIORITY = Object.freeze({ reply: 0, broadcast: 10 });

/** A request that could never be sent: a bug in the caller, not a runtime condition. */
export class InvalidEnqueueRequestError extends Error {
  override name = "InvalidEnqueueRequestError";
}

const E164 = /^\+[1-9]\d{6,14}$/;

export async function enqueueMessage(db: Database, deps: EnqueueDeps, request: EnqueueRequest): Promise<EnqueueResult> {
  validate(request);
  const recipientIndex = phoneBlindIndex(deps.keyring, request.to);
  const contentSid = request.contentSid ?? null;
  const body = contentSid ? null : request.body;
  const variables = contentSid && request.contentVariables ? JSON.stringify(request.contentVariables) : null;
  const exempt = request.bypassOptOut ?? null;
  const now = sqlNow(request.now);

  const inserted = await runSql<{ id: number }>(
    db,
    sql`
    insert into outbox_messages ${OUTBOX_INSERT_COLUMNS}
    select ${request.subscriberId}, ${encryptPhone(deps.keyring, request.to)}, ${recipientIndex},
       ${request.channel}, ${deps.senderFor(request.to, request.channel)}, ${body}, ${contentSid},
       ${variables}::jsonb, ${request.kind}, ${OUTBOX_PRIORITY[request.kind]}, ${exempt}, ${segmentsOf(deps, request.channel, body)},
       coalesce(${request.notBefore?.toISOString() ?? null}::timestamptz, ${now}), ${now}, ${now}
    where ${exempt}::text is not null or not (
      exists (select 1 from subscribers s where s.phone_index = ${recipientIndex} and s.status = 'opted_out')
      or ${tombstoned(recipientIndex)}
    )
    returning id::int as id`,
  );
  const id = inserted.rows[0]?.id;
  return id === undefined ? { enqueued: false, reason: "opted-out" } : { enqueued: true, id: Number(id) };
}

/** The columns an enqueued row sets, in the order both inserts below give them. */
const OUTBOX_INSERT_COLUMNS = sql.raw(`(subscriber_id, recipient_ciphertext, recipient_index, channel, sender, body, content_sid,
       content_variables, kind, priority, opt_out_exempt, segments, next_attempt_at, created_at, updated_at)`);

/** WhatsApp is not split into SMS segments; a template's length is Twilio's business. */
function segmentsOf(deps: EnqueueDeps, channel: "sms" | "whatsapp", body: string | null): number {
  return channel === "sms" && body ? deps.segmentsOf(body) : 1;
}

function tombstoned(recipientIndex: string): SQL {
  return sql`exists (select 1 from opt_out_tombstones t where t.phone_index = ${recipientIndex})`;
}

/** Replies to a subscriber, written by a statement that also writes the subscriber's row. */
export interface SubscriberReplies {
  /** The subscriber's E.164 number. */
  to: string;
  /** Its encryption, when the caller has one already (the message's own); made here otherwise. */
  ciphertext?: string;
  channel: "sms" | "whatsapp";
  bodies: readonly string[];
  now: Date;
}

/**
 * The INSERT of a subscriber's replies, for a statement that changes the subscriber's row in the
 * same breath: `source` names a CTE (or table) with that row's NEW `id` and `status`, as the
 * statement's UPDATE … RETURNING gives them. The opt-out check reads that row, not the table: the
 * other parts of one statement see the row as it was before (a join's consent, which makes an
 * opted-out number active again, would not be seen). Rows keep the order of `bodies` (ids rise in
 * it). Returns the ids of the rows written, as `id`.
 */
export function subscriberRepliesInsert(deps: EnqueueDeps, source: string, replies: SubscriberReplies): SQL {
  if (replies.bodies.length === 0) throw new InvalidEnqueueRequestError("no replies to write");
  for (const body of replies.bodies) validate({ to: replies.to, channel: replies.channel, subscriberId: null, body, kind: "reply" });
  const recipientIndex = phoneBlindIndex(deps.keyring, replies.to);
  const ciphertext = replies.ciphertext ?? encryptPhone(deps.keyring, replies.to);
  const now = sqlNow(replies.now);
  const rows = sql.join(
    replies.bodies.map((body, n) => sql`(${n}::int, ${body}::text, ${segmentsOf(deps, replies.channel, body)}::int)`),
    sql`, `,
  );
  return sql`insert into outbox_messages ${OUTBOX_INSERT_COLUMNS}
    select s.id, ${ciphertext}, ${recipientIndex}, ${replies.channel}, ${deps.senderFor(replies.to, replies.channel)},
       r.body, null, null, 'reply', ${OUTBOX_PRIORITY.reply}, null, r.segments, ${now}, ${now}, ${now}
    from (values ${rows}) as r(n, body, segments) cross join ${sql.raw(source)} s
    where s.status <> 'opted_out' and not ${tombstoned(recipientIndex)}
    order by r.n
    returning id::int as id`;
}

function validate(request: EnqueueRequest): void {
  if (!E164.test(request.to)) throw new InvalidEnqueueRequestError("recipient is not an E.164 number");
  if (!request.contentSid && !request.body) throw new InvalidEnqueueRequestError("a message needs a body or a template");
  if (request.contentSid && request.channel !== "whatsapp") {
    throw new InvalidEnqueueRequestError("templates (contentSid) are for WhatsApp only");
  }
  if (request.bypassOptOut && request.kind !== "reply") {
    throw new InvalidEnqueueRequestError("only a reply (the STOP or DELETE confirmation) may bypass the opt-out");
  }
}
