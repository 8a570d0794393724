/**
 * What staff watch while a broadcast goes out, and what they check before approving one:
 * - progress of a run: rows by state (queued, held by a pause, sending, sent, delivered, read,
 *   undelivered, failed by named kind and by provider code, cancelled by reason) and recipients
 *   who opted out since the run was planned;
 * - the audience of a broadcast as it stands now, counted by country, locale and channel, which
 *   cost-estimate.ts prices per segment and country.
 * Counts only: nothing here reads a number or a message body.
 */
import { sql } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { OUTBOX_STATES } from "~/outbox/outbox-states";
import { isLocale, type Locale } from "~/i18n/locales";
import type { BroadcastDocument } from "./broadcast-spec";
import { estimateBroadcastCost, type AudienceGroup, type CostEstimate } from "./cost-estimate";
import { audienceSql } from "./expand.server";
import type { PriceTable } from "./price-table";
import type { RunSpec } from "./run-spec";

export interface RunProgress {
  runId: number;
  total: number;
  byStatus: Record<string, number>;
  /** Failed and undelivered rows by named failure kind (FAILURE_KINDS), "unknown" when none was recorded. */
  failedByKind: Record<string, number>;
  /** The same rows by the provider's own code, for looking it up in the provider's documentation. */
  failedByCode: Record<string, number>;
  /** Cancelled rows by reason (opted-out, broadcast-cancelled, …). */
  cancelledByReason: Record<string, number>;
  /** Recipients of the run who opted out after it was planned (STOP during the broadcast). */
  optedOutSince: number;
}

export async function runProgress(db: Database, runId: number): Promise<RunProgress> {
  const grouped = await runSql<{ status: string; error_code: string | null; failure_kind: string | null; count: number | string }>(
    db,
    sql`
    select status, error_code, failure_kind, count(*)::int as count from outbox_messages
    where broadcast_run_id = ${runId} group by status, error_code, failure_kind`,
  );
  const optedOut = await runSql<{ count: number | string }>(
    db,
    sql`
    select count(*)::int as count from outbox_messages o
    join broadcast_runs r on r.id = o.broadcast_run_id
    where o.broadcast_run_id = ${runId} and (
      exists (select 1 from subscribers s where s.phone_index = o.recipient_index and s.status = 'opted_out' and s.opted_out_at >= r.created_at)
      or exists (select 1 from opt_out_tombstones t where t.phone_index = o.recipient_index and t.created_at >= r.created_at))`,
  );
  const progress: RunProgress = {
    runId,
    total: 0,
    byStatus: {},
    failedByKind: {},
    failedByCode: {},
    cancelledByReason: {},
    optedOutSince: Number(optedOut.rows[0]?.count ?? 0),
  };
  for (const row of grouped.rows) {
    const count = Number(row.count);
    progress.total += count;
    progress.byStatus[row.status] = (progress.byStatus[row.status] ?? 0) + count;
    if (row.status === OUTBOX_STATES.failed || row.status === OUTBOX_STATES.undelivered) {
      const kind = row.failure_kind ?? "unknown";
      progress.failedByKind[kind] = (progress.failedByKind[kind] ?? 0) + count;
      const code = row.error_code ?? "unknown";
      progress.failedByCode[code] = (progress.failedByCode[code] ?? 0) + count;
    }
    if (row.status === OUTBOX_STATES.cancelled) {
      const reason = row.error_code ?? "unknown";
      progress.cancelledByReason[reason] = (progress.cancelledByReason[reason] ?? 0) + count;
    }
  }
  return progress;
}

/** Who the broadcast would reach now, by country, locale and channel. */
export async function audienceGroups(
  db: Database,
  spec: Pick<RunSpec, "audience" | "channel" | "fallbackLocale">,
): Promise<AudienceGroup[]> {
  const channel = spec.channel === "sms" ? sql`'sms'` : spec.channel === "whatsapp" ? sql`'whatsapp'` : sql`s.channel`;
  const result = await runSql<{ country: string | null; locale: string | null; channel: "sms" | "whatsapp"; recipients: number | string }>(
    db,
    sql`
    select s.country, coalesce(s.locale, ${spec.fallbackLocale}) as locale, ${channel} as channel, count(*)::int as recipients
    from subscribers s where ${audienceSql(spec, sql`now()`)}
    group by 1, 2, 3 order by 1, 2, 3`,
  );
  return result.rows.map((row) => ({
    country: row.country ?? "unknown",
    locale: (row.locale && isLocale(row.locale) ? row.locale : spec.fallbackLocale) as Locale,
    channel: row.channel,
    recipients: Number(row.recipients),
  }));
}

/** Recipients per country and locale, segments per locale and the estimated cost of a broadcast. */
export async function estimateBroadcast(db: Database, broadcast: BroadcastDocument, prices: PriceTable): Promise<CostEstimate> {
  const audience = await audienceGroups(db, {
    audience: broadcast.audience,
    channel: broadcast.channel,
    fallbackLocale: broadcast.fallbackLocale,
  });
  return estimateBroadcastCost({ audience, texts: broadcast.messages, fallbackLocale: broadcast.fallbackLocale, prices });
}
