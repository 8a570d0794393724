/**
 * Every outgoing message becomes an outbox row before anything tries to send it. The recipient is
 * stored encrypted with its blind index; the opt-out check and the insert are one statement, so a
 * STOP committed before it can never be missed.
 */
import { sql } from "drizzle-orm";
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
  // WhatsApp is not split into SMS segments; a template's length is Twilio's business.
  const segments = request.channel === "sms" && body ? deps.segmentsOf(body) : 1;
  const variables = contentSid && request.contentVariables ? JSON.stringify(request.contentVariables) : null;
  const exempt = request.bypassOptOut ?? null;
  const now = sqlNow(request.now);

  const inserted = await runSql<{ id: number }>(
    db,
    sql`
    insert into outbox_messages
      (subscriber_id, recipient_ciphertext, recipient_index, channel, sender, body, content_sid,
       content_variables, kind, priority, opt_out_exempt, segments, next_attempt_at, created_at, updated_at)
    select ${request.subscriberId}, ${encryptPhone(deps.keyring, request.to)}, ${recipientIndex},
       ${request.channel}, ${deps.senderFor(request.to, request.channel)}, ${body}, ${contentSid},
       ${variables}::jsonb, ${request.kind}, ${OUTBOX_PRIORITY[request.kind]}, ${exempt}, ${segments},
       coalesce(${request.notBefore?.toISOString() ?? null}::timestamptz, ${now}), ${now}, ${now}
    where ${exempt}::text is not null or not (
      exists (select 1 from subscribers s where s.phone_index = ${recipientIndex} and s.status = 'opted_out')
      or exists (select 1 from opt_out_tombstones t where t.phone_index = ${recipientIndex})
    )
    returning id::int as id`,
  );
  const id = inserted.rows[0]?.id;
  return id === undefined ? { enqueued: false, reason: "opted-out" } : { enqueued: true, id: Number(id) };
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
