/**
 * The DELETE confirmation is the last message to an erased number and, once the erase has run,
 * the last row that can still reach it (its encrypted recipient and blind index). As soon as its
 * send is recorded, sent or failed for good, it is scrubbed like the rest of the erase, and so is
 * the local transport's copy of it on the dev phone. Called wherever an outcome is recorded (the
 * dispatcher, reconciliation, status callbacks); the retention job sweeps up any a crash left
 * between recording and scrubbing.
 */
import { sql } from "drizzle-orm";
import { ERASED_CIPHERTEXT, ERASED_OUTBOX_INDEX_PREFIX } from "~/audience/subscribers.server";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { sqlNow } from "~/db/sql-now.server";
import { FINISHED_STATES } from "./outbox-states";
import { statesSql } from "./outbox-states-sql";

/**
 * Scrubs the erase confirmations among `ids` (all of them when no ids are given) whose send is
 * finished and that still hold a recipient; returns how many.
 */
export async function scrubEraseConfirmations(db: Database, options: { ids?: readonly number[]; now?: Date } = {}): Promise<number> {
  if (options.ids && options.ids.length === 0) return 0;
  const at = sqlNow(options.now);
  const only = options.ids
    ? sql`and o.id in (${sql.join(
        options.ids.map((id) => sql`${id}`),
        sql`, `,
      )})`
    : sql``;
  const result = await runSql<{ scrubbed: number | string }>(
    db,
    sql`
    with scrubbed as (
      update outbox_messages o
      set recipient_ciphertext = ${ERASED_CIPHERTEXT}, recipient_index = ${ERASED_OUTBOX_INDEX_PREFIX}::text || o.id,
        body = null, content_variables = null, subscriber_id = null, updated_at = ${at}
      where o.opt_out_exempt = 'erase-confirmation' and o.recipient_ciphertext like 'v1.%'
        and o.status in ${statesSql(FINISHED_STATES)} ${only}
      returning o.provider_message_id
    ),
    handset as (
      delete from dev_phone_messages d using scrubbed s
      where d.provider_message_id = s.provider_message_id and d.direction = 'outbound'
      returning 1
    )
    select (select count(*) from scrubbed)::int as scrubbed, (select count(*) from handset)::int as handset`,
  );
  return Number(result.rows[0]?.scrubbed ?? 0);
}
