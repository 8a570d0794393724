/**
 * Job `purge-retention`: personal data is kept only as long as it is needed.
 *   - webhook_receipts older than 30 days (replay protection needs hours, not months);
 *   - inbound_messages older than RETENTION_DAYS_INBOUND (idempotency and the loop guard need
 *     minutes; the record that a number texted the campaign is sensitive);
 *   - finished outbox rows (sent, delivered, read, undelivered, failed, cancelled) older than
 *     RETENTION_DAYS_OUTBOX keep their counts, statuses, error codes and subscriber id for reach
 *     statistics, but lose what identifies the person or the text: `body`, `run_text_locale`
 *     (a broadcast row's pointer to its run's text) and `content_variables` become null;
 *     `recipient_ciphertext` and `recipient_index` are NOT NULL columns and become the marker
 *     'purged' (the index 'purged:<row id>': its hash index needs distinct values);
 *   - dev_phone_messages older than 7 days (local transport only);
 *   - DELETE confirmations already sent (or failed) that still hold their recipient: scrubbed
 *     when their send is recorded, so this only finds one a crash left in between;
 *   - staff data-request records past their 15 minutes (each holds a typed number, encrypted;
 *     app/staff/data-requests.server.ts), in case no other request opened since.
 * Deletes and updates go in batches, each its own statement, so a large backlog never holds long
 * locks or one huge transaction. A singleton (advisory lock); safe to run again at any time.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import type { Env } from "~/env.server";
import { runSql } from "~/db/run-sql.server";
import { scrubEraseConfirmations } from "~/outbox/erase-confirmations.server";
import { deleteExpiredDataRequests } from "~/staff/data-requests.server";

export interface PurgeRetentionDeps {
  db: Database;
  env: Pick<Env, "RETENTION_DAYS_INBOUND" | "RETENTION_DAYS_OUTBOX">;
  now?: Date;
  batchSize?: number;
  signal?: AbortSignal;
}

export interface PurgeRetentionSummary {
  webhookReceiptsDeleted: number;
  inboundMessagesDeleted: number;
  outboxMessagesRedacted: number;
  devPhoneMessagesDeleted: number;
  eraseConfirmationsScrubbed: number;
  dataRequestsDeleted: number;
}

export const WEBHOOK_RECEIPT_RETENTION_DAYS = 30;
export const DEV_PHONE_RETENTION_DAYS = 7;
/** What replaces a NOT NULL personal column of a purged outbox row. */
export const PURGED_MARKER = "purged";
const FINISHED_STATUSES = ["sent", "delivered", "read", "undelivered", "failed", "cancelled"] as const;
const DEFAULT_BATCH_SIZE = 5_000;
const DAY_MS = 86_400_000;

function cutoff(now: Date, days: number): SQL {
  return sql`${new Date(now.getTime() - days * DAY_MS).toISOString()}::timestamptz`;
}

/** Runs one batch statement until it affects fewer rows than a full batch. */
async function inBatches(deps: PurgeRetentionDeps, batch: (limit: number) => SQL): Promise<number> {
  const limit = deps.batchSize ?? DEFAULT_BATCH_SIZE;
  let total = 0;
  for (;;) {
    const { rowCount } = await runSql(deps.db, batch(limit));
    total += rowCount;
    if (rowCount < limit || deps.signal?.aborted) return total;
  }
}

/** Outbox rows are walked in id order (primary key), so each batch starts where the last ended. */
async function redactOutbox(deps: PurgeRetentionDeps, before: SQL): Promise<number> {
  const limit = deps.batchSize ?? DEFAULT_BATCH_SIZE;
  const finished = sql.join(
    FINISHED_STATUSES.map((status) => sql`${status}`),
    sql`, `,
  );
  let after = 0;
  let total = 0;
  for (;;) {
    const { rows } = await runSql<{ id: string | number }>(
      deps.db,
      sql`
      with batch as (
        select id from outbox_messages
        where id > ${after} and status in (${finished}) and updated_at < ${before}
          and recipient_ciphertext <> ${PURGED_MARKER}
        order by id limit ${limit}
      )
      update outbox_messages o
      set body = null, run_text_locale = null, content_variables = null,
          recipient_ciphertext = ${PURGED_MARKER}, recipient_index = ${PURGED_MARKER} || ':' || o.id
      from batch where o.id = batch.id
      returning o.id::text as id`,
    );
    total += rows.length;
    if (rows.length < limit || deps.signal?.aborted) return total;
    after = Math.max(...rows.map((row) => Number(row.id)));
  }
}

export async function purgeRetention(deps: PurgeRetentionDeps): Promise<PurgeRetentionSummary> {
  const now = deps.now ?? new Date();
  const receiptsBefore = cutoff(now, WEBHOOK_RECEIPT_RETENTION_DAYS);
  const inboundBefore = cutoff(now, deps.env.RETENTION_DAYS_INBOUND);
  const devPhoneBefore = cutoff(now, DEV_PHONE_RETENTION_DAYS);

  const webhookReceiptsDeleted = await inBatches(
    deps,
    (limit) => sql`
    delete from webhook_receipts where (provider, delivery_id) in (
      select provider, delivery_id from webhook_receipts where received_at < ${receiptsBefore} limit ${limit})`,
  );
  const inboundMessagesDeleted = await inBatches(
    deps,
    (limit) => sql`
    delete from inbound_messages where message_sid in (
      select message_sid from inbound_messages where received_at < ${inboundBefore} limit ${limit})`,
  );
  const outboxMessagesRedacted = await redactOutbox(deps, cutoff(now, deps.env.RETENTION_DAYS_OUTBOX));
  const devPhoneMessagesDeleted = await inBatches(
    deps,
    (limit) => sql`
    delete from dev_phone_messages where id in (
      select id from dev_phone_messages where created_at < ${devPhoneBefore} order by id limit ${limit})`,
  );

  const eraseConfirmationsScrubbed = await scrubEraseConfirmations(deps.db, { now });
  const dataRequestsDeleted = await deleteExpiredDataRequests(deps.db, now);

  return {
    webhookReceiptsDeleted,
    inboundMessagesDeleted,
    outboxMessagesRedacted,
    devPhoneMessagesDeleted,
    eraseConfirmationsScrubbed,
    dataRequestsDeleted,
  };
}
