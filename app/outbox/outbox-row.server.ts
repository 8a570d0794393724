/**
 * An outbox row as the dispatcher works with it, read from raw SQL. The two drivers disagree on
 * raw values (bigint as string or number; drizzle leaves timestamps as driver-specific text), so
 * ids are normalised here and instants travel as epoch milliseconds.
 */
import { getTableName, sql, type SQL } from "drizzle-orm";
import { outboxMessages, type OptOutExemption } from "~/db/schema";
import { isFailureKind, type FailureKind } from "./send-outcome";

export interface ClaimedMessage {
  id: number;
  recipientCiphertext: string;
  recipientIndex: string;
  channel: "sms" | "whatsapp";
  sender: string | null;
  body: string | null;
  contentSid: string | null;
  contentVariables: Record<string, string> | null;
  kind: "reply" | "broadcast";
  priority: number;
  /** Including the current one: 1 on the first try. */
  attempts: number;
  nextAttemptAt: Date;
  optOutExempt: OptOutExemption | null;
  /** Who holds the lease: with `attempts`, identifies this claim in every later update. */
  leasedBy: string;
  /**
   * WhatsApp broadcasts: whether the recipient wrote within the customer-care window when the row
   * was claimed (free text allowed); null when not known (replies, SMS).
   */
  whatsappWindowOpen: boolean | null;
  /** The named failure of the previous attempt, if any (`may-have-been-sent`: ask the provider first). */
  previousFailureKind: FailureKind | null;
  /** Its diagnostic code, kept on the row while the outcome is still being settled. */
  previousErrorCode: string | null;
  createdAt: Date;
}

/** SQL text for a timestamp column as epoch milliseconds (the same number on both drivers). */
export function epochMs(column: string): string {
  return `(extract(epoch from ${column}) * 1000)::float8`;
}

/**
 * The text of an outbox row, `table` being its alias or name: its own body (replies), else its
 * run's text in its locale (broadcast rows, decision 029). Null when the row has neither (a
 * template, a purged row).
 */
function outboxBodySql(table: string): string {
  return `coalesce(${table}.body, (select rt.body from broadcast_run_texts rt
  where rt.run_id = ${table}.broadcast_run_id and rt.locale = ${table}.run_text_locale))`;
}
const OUTBOX_BODY_SQL = outboxBodySql("o");
/** The text of the outbox row aliased `o`. */
export const OUTBOX_BODY: SQL = sql.raw(OUTBOX_BODY_SQL);

/** The same for a drizzle query builder's select over `outbox_messages` (no alias). */
export const outboxBodyColumn = () => sql<string | null>`${sql.raw(outboxBodySql(getTableName(outboxMessages)))}`;

/** The columns `toClaimedMessage` reads, for a RETURNING or SELECT list over alias `o`. */
export const CLAIMED_COLUMNS: SQL = sql.raw(
  `o.id::text as id, o.recipient_ciphertext, o.recipient_index, o.channel, o.sender, ${OUTBOX_BODY_SQL} as body, o.content_sid,
   o.content_variables, o.kind, o.priority::int as priority, o.attempts::int as attempts, ${epochMs("o.next_attempt_at")} as next_attempt_ms,
   o.opt_out_exempt, o.leased_by, o.error_code, o.failure_kind, ${epochMs("o.created_at")} as created_ms`,
);

export type RawClaimedRow = {
  id: string | number;
  recipient_ciphertext: string;
  recipient_index: string;
  channel: "sms" | "whatsapp";
  sender: string | null;
  body: string | null;
  content_sid: string | null;
  /** A parsed object (node-postgres) or JSON text (PGlite through drizzle's raw execute). */
  content_variables: Record<string, string> | string | null;
  kind: "reply" | "broadcast";
  priority: number;
  attempts: number;
  next_attempt_ms: number | string;
  opt_out_exempt: OptOutExemption | null;
  leased_by: string | null;
  window_open?: boolean | null;
  error_code?: string | null;
  failure_kind?: string | null;
  created_ms?: number | string;
};

export function toClaimedMessage(row: RawClaimedRow): ClaimedMessage {
  return {
    id: Number(row.id),
    recipientCiphertext: row.recipient_ciphertext,
    recipientIndex: row.recipient_index,
    channel: row.channel,
    sender: row.sender,
    body: row.body,
    contentSid: row.content_sid,
    contentVariables:
      typeof row.content_variables === "string" ? (JSON.parse(row.content_variables) as Record<string, string>) : row.content_variables,
    kind: row.kind,
    priority: Number(row.priority),
    attempts: Number(row.attempts),
    nextAttemptAt: new Date(Number(row.next_attempt_ms)),
    optOutExempt: row.opt_out_exempt,
    leasedBy: row.leased_by ?? "",
    whatsappWindowOpen: row.window_open ?? null,
    previousFailureKind: isFailureKind(row.failure_kind) ? row.failure_kind : null,
    previousErrorCode: row.error_code ?? null,
    createdAt: new Date(Number(row.created_ms ?? 0)),
  };
}

/**
 * SQL true when the row aliased `o` must not be sent: its number opted out (STOP or DELETE), or
 * was erased while the row was in flight (the row then has no recipient left, see
 * deleteSubscriberData; a retry of it must not be claimed).
 */
export const RECIPIENT_OPTED_OUT: SQL = sql.raw(
  `(o.recipient_ciphertext = '' or (o.opt_out_exempt is null and (
     exists (select 1 from subscribers s where s.phone_index = o.recipient_index and s.status = 'opted_out')
     or exists (select 1 from opt_out_tombstones t where t.phone_index = o.recipient_index))))`,
);
