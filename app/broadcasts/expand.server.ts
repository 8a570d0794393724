/**
 * Expansion: a run's audience becomes outbox rows in set-based INSERT … SELECT statements, one
 * per range of subscriber ids, each in a transaction that holds the run row's lock and advances
 * its cursor. Each statement skips subscribers already queued for the run and the unique
 * (run, subscriber) key backs that up, so a crash between batches, a replayed batch, or two
 * workers expanding the same run never create a second row for anyone.
 *
 * Per row the database does the work: which of the run's texts the subscriber gets (own locale,
 * else the fallback resolved in the spec; the texts themselves are stored once per run, decision
 * 029), channel, WhatsApp template, and due time inside the send window in the zone of where they
 * are: their current place when it is away from home, else their region or country (computed once
 * per zone, send-window.ts). Opted-out and erased numbers are left out here and checked again at
 * send time.
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { sqlNow } from "~/db/sql-now.server";
import { OUTBOX_PRIORITY } from "~/outbox/enqueue.server";
import { parseRunSpec, UNKNOWN_COUNTRY_TIME_ZONE, type RunSpec } from "./run-spec";
import { dueTimesByZoneSql, parseSendWindow } from "./send-window";
import { stateSql } from "~/outbox/outbox-states-sql";

/** Sender per country and channel (the transport's choice), resolved once per run. */
export type SenderTable = ReadonlyArray<{ country: string | null; channel: "sms" | "whatsapp"; sender: string }>;

export interface ExpandOptions {
  /** Subscriber ids per statement: large enough to amortize, small enough to keep locks short. */
  batchSize?: number;
  senders: SenderTable;
  now?: Date;
  /** Stops between batches (a worker shutting down); the cursor keeps the place. */
  signal?: AbortSignal;
  /** Told after each committed batch (progress in the log). */
  onBatch?: (batch: { runId: number; cursor: number; last: number; inserted: number }) => void;
}

export interface ExpandReport {
  inserted: number;
  batches: number;
  /** True when the run has no subscribers left to expand (or reached its maximum). */
  done: boolean;
  /** Why expansion stopped early, if it did. */
  stopped?: "paused" | "cancelled" | "aborted" | "missing";
}

export const DEFAULT_EXPANSION_BATCH = 50_000;

interface RunRow {
  status: string;
  spec: unknown;
  cursor: string | number;
  last_subscriber_id: string | number;
  recipients: number;
  expanded: boolean;
  /** Other runs of the same delivery (earlier approved versions), comma-separated ids, or null. */
  predecessors: string | null;
}

/** Expands a broadcast run from its cursor to the end of its audience (or until paused). */
export async function expandRun(db: Database, runId: number, options: ExpandOptions): Promise<ExpandReport> {
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_EXPANSION_BATCH);
  const report: ExpandReport = { inserted: 0, batches: 0, done: false };
  let spec: RunSpec | undefined;
  for (;;) {
    if (options.signal?.aborted) return { ...report, stopped: "aborted" };
    const step = await db.transaction(async (tx) => {
      // The row lock orders this batch with pause, cancel and any other expander of the run.
      const locked = await runSql<RunRow>(
        tx,
        sql`
        select status, spec, cursor::text as cursor, last_subscriber_id::text as last_subscriber_id, recipients,
          expanded_at is not null as expanded,
          (select string_agg(p.id::text, ',' order by p.id) from broadcast_runs p
            where p.source = r.source and p.document_id = r.document_id and p.occurrence = r.occurrence and p.id <> r.id) as predecessors
        from broadcast_runs r where id = ${runId} for update of r`,
      );
      const run = locked.rows[0];
      if (!run) return { stop: "missing" as const };
      if (run.expanded) return { done: true as const };
      if (run.status !== "active") return { stop: run.status === "paused" ? ("paused" as const) : ("cancelled" as const) };
      spec ??= parseRunSpec(run.spec);
      const cursor = Number(run.cursor);
      const last = Number(run.last_subscriber_id);
      const room = spec.maxRecipients === null ? null : spec.maxRecipients - run.recipients;
      const upTo = Math.min(cursor + batchSize, last);
      const inserted =
        upTo > cursor && (room === null || room > 0)
          ? await insertRows(tx, runId, spec, {
              range: sql`s.id > ${cursor} and s.id <= ${upTo}`,
              skipExisting: (await anyQueuedInRange(tx, runId, cursor, upTo)) ? "locked" : "none",
              limit: room,
              senders: options.senders,
              now: options.now,
              excludeReachedBy: run.predecessors ? run.predecessors.split(",").map(Number) : [],
            })
          : 0;
      const finished = upTo >= last || (room !== null && inserted >= room);
      await runSql(
        tx,
        sql`
        update broadcast_runs set cursor = ${upTo}, recipients = recipients + ${inserted},
          expanded_at = case when ${finished} then ${sqlNow(options.now)} else null end, updated_at = ${sqlNow(options.now)}
        where id = ${runId}`,
      );
      return { inserted, finished, cursor: upTo, last };
    });
    if ("stop" in step) return { ...report, stopped: step.stop };
    if ("done" in step) return { ...report, done: true };
    report.inserted += step.inserted;
    report.batches += 1;
    options.onBatch?.({ runId, cursor: step.cursor, last: step.last, inserted: step.inserted });
    if (step.finished) return { ...report, done: true };
    // PGlite runs each statement on this thread: without a turn of the event loop between
    // batches, a web process would answer no request (and write no log line) until the whole
    // run was expanded.
    await nextTurn();
  }
}

/**
 * Whether any subscriber in (from, to] is already queued for the run: one probe of the unique
 * index. Normally none is (the cursor moves in the batch's own transaction), and the statement
 * then needs no per-row check against the outbox.
 */
async function anyQueuedInRange(db: Database, runId: number, from: number, to: number): Promise<boolean> {
  const result = await runSql<{ found: boolean }>(
    db,
    sql`
    select exists (select 1 from outbox_messages
      where broadcast_run_id = ${runId} and subscriber_id > ${from} and subscriber_id <= ${to}) as found`,
  );
  return result.rows[0]?.found === true;
}

interface InsertScope {
  /** Which subscribers this statement considers (alias `s`). */
  range: SQL;
  /**
   * How rows already queued for the run are skipped. `locked`: the caller holds the run row's
   * lock (expandRun), so no one else inserts for the run meanwhile and an anti-join on the
   * unique index is enough: about 40 % cheaper than ON CONFLICT's speculative insertion on a
   * million rows. The unique index stays as the backstop (a bug would raise, never duplicate).
   * `none`: the caller holds the run row's lock and found no row of the run in `range`.
   * `unlocked`: ON CONFLICT DO NOTHING.
   */
  skipExisting: "locked" | "none" | "unlocked";
  /** At most this many rows (maximum recipients), lowest subscriber ids first. */
  limit: number | null;
  senders: SenderTable;
  now?: Date;
  /**
   * Earlier runs of the same delivery (a version approved before this one): whoever has a row in
   * one that was not cancelled (sent, or on its way) is not queued again.
   */
  excludeReachedBy?: readonly number[];
}

/** One INSERT … SELECT over `scope`; returns the rows inserted (conflicts with the unique key skipped). */
export async function insertRows(db: Database, runId: number, spec: RunSpec, scope: InsertScope): Promise<number> {
  const result = await runSql<{ inserted: number | string }>(db, insertRowsSql(runId, spec, scope));
  return Number(result.rows[0]?.inserted ?? 0);
}

/** The statement `insertRows` runs. */
function insertRowsSql(runId: number, spec: RunSpec, scope: InsertScope): SQL {
  const now = sqlNow(scope.now);
  const zones = [...new Set([...spec.zones.map((z) => z.zone), UNKNOWN_COUNTRY_TIME_ZONE])];
  const dueByZone = dueTimesByZoneSql({ schedule: spec.schedule, window: spec.sendWindow, now, zones });
  const channel = channelSql(spec);
  const window = parseSendWindow(spec.sendWindow);
  const windowSeconds = window.end - window.start;
  const sender = senderSql(scope.senders);
  return sql`
    with zones as (
      select * from jsonb_to_recordset(${JSON.stringify(spec.zones)}::jsonb) as z(country text, "regionCode" text, zone text)
    ),
    -- Each zone's due time and the end of its send window that day, worked out once per zone.
    -- Materialized: inlined, the planner moved these time-zone conversions above the join and
    -- worked them out again for every row, a quarter of the statement's time.
    due_by_zone as materialized (
      select d0.zone, d0.due_at,
        ((d0.due_at at time zone d0.zone)::date + ${spec.sendWindow.end}::time) at time zone d0.zone as closes_at
      from (${dueByZone}) d0
    ),
    texts as (
      select * from jsonb_to_recordset(${JSON.stringify(spec.texts)}::jsonb)
        as t(locale text, body text, segments int, "contentSid" text, "contentVariables" jsonb)
    ),
    -- Each text once per run (decision 029); every statement that writes rows pointing at the
    -- texts writes them too, so no row can exist without its text. Unreferenced, it still runs.
    stored_texts as (
      insert into broadcast_run_texts (run_id, locale, body)
      select ${runId}, t.locale, t.body from texts t
      on conflict do nothing
    ),
    -- Materialized: the audience's filters are then estimated on the subscribers table alone, and
    -- the checks against tombstones run as one hash anti-join rather than a probe per row.
    candidates as materialized (
      select s.id, s.phone_ciphertext, s.phone_index, s.locale, s.country, s.region_code, s.current_place, ${channel} as channel
      from subscribers s
      where ${scope.range} and ${audienceSql(spec, now)}
        ${scope.skipExisting === "locked" ? sql`and not exists (select 1 from outbox_messages o where o.broadcast_run_id = ${runId} and o.subscriber_id = s.id)` : sql``}
        ${reachedBySql(scope.excludeReachedBy ?? [])}
      ${scope.limit === null ? sql`` : sql`order by s.id limit ${scope.limit}`}
    ),
    inserted as (
      insert into outbox_messages
        (subscriber_id, recipient_ciphertext, recipient_index, channel, sender, run_text_locale, content_sid, content_variables,
         kind, priority, status, next_attempt_at, segments, broadcast_run_id, window_closes_at, window_seconds, created_at, updated_at)
      select c.id, c.phone_ciphertext, c.phone_index, c.channel,
        ${sender}, t.locale,
        case when c.channel = 'whatsapp' then t."contentSid" end,
        case when c.channel = 'whatsapp' and t."contentSid" is not null then t."contentVariables" end,
        'broadcast', ${OUTBOX_PRIORITY.broadcast}, ${stateSql("queued")}, d.due_at,
        case when c.channel = 'whatsapp' then 1 else t.segments end, ${runId},
        d.closes_at, ${windowSeconds}, ${now}, ${now}
      from candidates c
      join texts t on t.locale = coalesce(c.locale, ${spec.fallbackLocale})
      -- Quiet hours where the person is now: a current place away from home has its own zone
      -- (another country, ZZ, has none and keeps the home zone).
      left join zones zp on zp.country = c.current_place and zp."regionCode" is null and c.current_place is distinct from c.country
      left join zones zr on zr.country = c.country and zr."regionCode" = c.region_code
      left join zones zc on zc.country = c.country and zc."regionCode" is null
      join due_by_zone d on d.zone = coalesce(zp.zone, zr.zone, zc.zone, ${UNKNOWN_COUNTRY_TIME_ZONE})
      ${scope.skipExisting === "unlocked" ? sql`on conflict (broadcast_run_id, subscriber_id) where broadcast_run_id is not null do nothing` : sql``}
      returning 1
    )
    select count(*)::int as inserted from inserted`;
}

/** Leaves out subscribers an earlier run of the same delivery reached (see InsertScope). */
function reachedBySql(runIds: readonly number[]): SQL {
  if (runIds.length === 0) return sql``;
  const ids = sql.join(
    runIds.map((id) => sql`${id}`),
    sql`, `,
  );
  return sql`and not exists (select 1 from outbox_messages p
    where p.broadcast_run_id in (${ids}) and p.subscriber_id = s.id and p.status <> ${stateSql("cancelled")})`;
}

/**
 * Each row's sender as a CASE over the few (country, channel) pairs whose sender differs from
 * the channel's default: usually none (one Messaging Service, or the local transport). A join
 * against the sender table cost a hash probe per row, a tenth of the statement on PGlite.
 */
function senderSql(senders: SenderTable): SQL {
  const defaults = new Map(senders.filter((x) => x.country === null).map((x) => [x.channel, x.sender]));
  const arms = [
    ...senders
      .filter((x) => x.country !== null && x.sender != null && x.sender !== defaults.get(x.channel))
      .map((x) => sql`when c.channel = ${x.channel} and c.country = ${x.country} then ${x.sender}`),
    ...[...defaults].map(([channel, sender]) => sql`when c.channel = ${channel} then ${sender}`),
  ];
  return arms.length === 0 ? sql`null::text` : sql`case ${sql.join(arms, sql` `)} end`;
}

/** The channel each recipient gets the message on. */
function channelSql(spec: RunSpec): SQL {
  switch (spec.channel) {
    case "sms":
      return sql`'sms'`;
    case "whatsapp":
      return sql`'whatsapp'`;
    case "subscriberPreference":
      return sql`s.channel`;
  }
}

/** The audience as a condition on subscriber `s`: active, not erased, matching every filter. */
export function audienceSql(spec: Pick<RunSpec, "audience" | "channel">, now: SQL): SQL {
  const { audience } = spec;
  const conditions: SQL[] = [
    sql`s.status = 'active'`,
    sql`not exists (select 1 from opt_out_tombstones t where t.phone_index = s.phone_index)`,
  ];
  if (audience.countries.length > 0)
    conditions.push(
      sql`s.country in (${sql.join(
        audience.countries.map((c) => sql`${c}`),
        sql`, `,
      )})`,
    );
  if (audience.regionCodes.length > 0)
    conditions.push(
      sql`s.region_code in (${sql.join(
        audience.regionCodes.map((c) => sql`${c}`),
        sql`, `,
      )})`,
    );
  if (audience.locales.length > 0)
    conditions.push(
      sql`s.locale in (${sql.join(
        audience.locales.map((l) => sql`${l}`),
        sql`, `,
      )})`,
    );
  if (audience.minSubscriptionDays !== null) {
    conditions.push(sql`s.consent_at <= ${now} - make_interval(days => ${audience.minSubscriptionDays})`);
  }
  if (audience.campaignSlug !== null) conditions.push(sql`s.campaign = ${audience.campaignSlug}`);
  // WhatsApp-only broadcasts go to those who chose WhatsApp: no one opted in to it by SMS.
  if (spec.channel === "whatsapp") conditions.push(sql`s.channel = 'whatsapp'`);
  return sql.join(conditions, sql` and `);
}
