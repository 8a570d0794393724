/**
 * Rows whose send outcome is unknown: `sending`, lease expired, no provider id. The worker that
 * claimed them died (or its transport threw) somewhere between the claim and recording the
 * answer, so the provider may or may not have the message. Before anything resends such a row,
 * the provider's own message list is asked:
 *   found      → recorded as sent with the provider's id (never sent again)
 *   not found  → back to the queue; the attempt counts (after too many, failed)
 *   unknown    → the provider cannot say now (down): left alone, asked again a lease later
 *
 * `updated_at` of a `sending` row is when its send began (claim or pre-send check), so the
 * lookup only considers provider messages created from then on.
 *
 * A row whose number was erased while it was in flight has no recipient left to look up: it is
 * failed (`erased`), never sent again. A DELETE confirmation settled here is scrubbed at once.
 */
import { sql } from "drizzle-orm";
import { decryptPhone, type PhoneKeyring } from "~/audience/phone-crypto.server";
import { ERASED_CIPHERTEXT } from "~/audience/subscribers.server";
import type { Database } from "~/db/client.server";
import { errorFacts } from "~/lib/log-error.server";
import type { Logger } from "~/lib/logger.server";
import { runSql } from "~/db/run-sql.server";
import { sqlNow } from "~/db/sql-now.server";
import type { OutboxStatus } from "./outbox-states";
import { stateSql } from "./outbox-states-sql";
import type { LookupResult, OutboxTransport } from "./outbox-transport";
import { scrubEraseConfirmations } from "./erase-confirmations.server";
import { CLAIMED_COLUMNS, epochMs, toClaimedMessage, type ClaimedMessage, type RawClaimedRow } from "./outbox-row.server";
import { MAX_UNKNOWN_OUTCOME_ATTEMPTS, outboxStatusFor } from "./retry-policy";

export interface ReconcileDeps {
  db: Database;
  transport: OutboxTransport;
  keyring: PhoneKeyring;
  logger: Logger;
  workerId: string;
  leaseSeconds: number;
  limit?: number;
  now?: Date;
}

export interface ReconcileReport {
  found: number;
  requeued: number;
  failed: number;
  unknown: number;
}

/** How far back provider ids of other rows to the same number are excluded from the match. */
const EXCLUDE_WINDOW = "1 hour";

export async function reconcileUnknownSends(deps: ReconcileDeps): Promise<ReconcileReport> {
  const report: ReconcileReport = { found: 0, requeued: 0, failed: 0, unknown: 0 };
  const stale = await takeOverStaleRows(deps);
  for (const { message, since } of stale) {
    if (message.recipientCiphertext === ERASED_CIPHERTEXT) {
      await settle(deps, message, sql`status = ${stateSql("failed")}, error_code = 'erased', failure_kind = 'erased'`);
      report.failed += 1;
      deps.logger.info({ outboxId: message.id }, "outbox: unknown send to an erased number, not looked up and never resent");
      continue;
    }
    let lookup: LookupResult;
    try {
      lookup = await deps.transport.findSent({
        outboxId: message.id,
        to: decryptPhone(deps.keyring, message.recipientCiphertext),
        channel: message.channel,
        body: message.contentSid ? null : message.body,
        since,
        excludeProviderIds: await providerIdsOfOtherRows(deps.db, message, since),
      });
    } catch (error) {
      lookup = { found: "unknown", reason: errorFacts(error).name };
    }
    if (lookup.found === "unknown") {
      report.unknown += 1;
      deps.logger.warn({ outboxId: message.id, reason: lookup.reason }, "outbox: send outcome still unknown, provider lookup failed");
    } else if (lookup.found) {
      await recordFound(deps, message, lookup.providerMessageId, outboxStatusFor(lookup.status));
      report.found += 1;
      deps.logger.info({ outboxId: message.id }, "outbox: unknown send found at the provider, recorded as sent");
    } else if (message.attempts >= MAX_UNKNOWN_OUTCOME_ATTEMPTS) {
      await settle(deps, message, sql`status = ${stateSql("failed")}, error_code = 'unknown-outcome', failure_kind = 'unknown-outcome'`);
      report.failed += 1;
      deps.logger.error({ outboxId: message.id, attempts: message.attempts }, "outbox: message keeps crashing its dispatcher, given up");
    } else {
      await settle(deps, message, sql`status = ${stateSql("queued")}, next_attempt_at = ${sqlNow(deps.now)}, leased_by = null`);
      report.requeued += 1;
      deps.logger.info({ outboxId: message.id }, "outbox: unknown send not at the provider, queued again");
    }
    if (message.optOutExempt === "erase-confirmation") await scrubEraseConfirmations(deps.db, { ids: [message.id], now: deps.now });
  }
  return report;
}

/**
 * Leases the stale rows to this worker, so two dispatchers never look the same row up at once.
 * `updated_at` is deliberately kept: it is the start of the lookup window.
 */
async function takeOverStaleRows(deps: ReconcileDeps): Promise<Array<{ message: ClaimedMessage; since: Date }>> {
  const now = sqlNow(deps.now);
  const result = await runSql<RawClaimedRow & { since_ms: number | string }>(
    deps.db,
    sql`
    with stale as (
      select o.id from outbox_messages o
      where o.status = ${stateSql("sending")} and o.provider_message_id is null and o.lease_expires_at < ${now}
      order by o.lease_expires_at
      limit ${deps.limit ?? 100}
      for update of o skip locked
    )
    update outbox_messages o
    set leased_by = ${deps.workerId}, lease_expires_at = ${now} + make_interval(secs => ${deps.leaseSeconds})
    from stale where o.id = stale.id
    returning ${CLAIMED_COLUMNS}, ${sql.raw(epochMs("o.updated_at"))} as since_ms`,
  );
  return result.rows.map((row) => ({
    message: toClaimedMessage(row),
    since: new Date(Number(row.since_ms)),
  }));
}

/** Provider ids already recorded on other rows to the same number: they cannot be this row's. */
export async function providerIdsOfOtherRows(db: Database, message: ClaimedMessage, since: Date): Promise<string[]> {
  const result = await runSql<{ provider_message_id: string }>(
    db,
    sql`
    select provider_message_id from outbox_messages
    where recipient_index = ${message.recipientIndex} and id <> ${message.id} and provider_message_id is not null
      and coalesce(sent_at, updated_at) >= ${since.toISOString()}::timestamptz - ${EXCLUDE_WINDOW}::interval`,
  );
  return result.rows.map((row) => row.provider_message_id);
}

async function recordFound(deps: ReconcileDeps, message: ClaimedMessage, providerMessageId: string, status: OutboxStatus): Promise<void> {
  const now = sqlNow(deps.now);
  await runSql(
    deps.db,
    sql`
    update outbox_messages o set status = ${stateSql(status)}, provider_message_id = ${providerMessageId}, error_code = null, failure_kind = null,
      sent_at = coalesce(o.sent_at, ${now}), lease_expires_at = null, updated_at = ${now}
    where o.id = ${message.id} and o.leased_by = ${deps.workerId} and o.status = ${stateSql("sending")} and o.provider_message_id is null`,
  );
}

async function settle(deps: ReconcileDeps, message: ClaimedMessage, assignments: ReturnType<typeof sql>): Promise<void> {
  const now = sqlNow(deps.now);
  await runSql(
    deps.db,
    sql`
    update outbox_messages o set ${assignments}, lease_expires_at = null, updated_at = ${now}
    where o.id = ${message.id} and o.leased_by = ${deps.workerId} and o.status = ${stateSql("sending")} and o.provider_message_id is null`,
  );
}
