/**
 * Per-sender send pacing shared by every dispatching process: a long code may send about one
 * message a second (OUTBOX_RATE_PER_SENDER), whichever of four job workers, or PGlite's single
 * process, sends it. Going faster gets messages refused (429) or filtered by carriers.
 *
 * GCRA (the generic cell rate algorithm, a token bucket kept as one instant): each sender has a
 * row holding its "theoretical arrival time" (TAT), the instant from which it is back to its
 * steady rate. With emission interval T = 1 / rate and tolerance τ, a message conforms at `now`
 * when TAT − τ ≤ now, and taking it moves TAT to max(TAT, now) + T. A dispatcher takes tokens for
 * its whole claimed batch in ONE upsert over the batch's senders, so two processes can never hand
 * out the same token: the row lock orders them, and each reads what the other wrote. The clock is
 * the database's `now()` or the caller's instant (sqlNow), the same one the claim used.
 *
 * Tolerance τ = (burst − 1)·T + min(T, 1 s) / 2. The first part is the burst (ceil(rate) messages
 * at once, as before). The half interval is for the dispatcher's own rhythm: it ticks once a
 * second, so at 1 message/s a tick that runs a few milliseconds earlier in its second than the
 * previous one would otherwise find the token not yet there, and the sender would fall to one
 * message every two seconds. Messages of a sender are never closer than half an interval, and
 * the long-run rate is exact (decision 014).
 *
 * Messages without a token are put back by the caller, due when their turn comes: replies first,
 * because tokens are handed out in claim order (priority, then due time).
 */
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { sqlNow } from "~/db/sql-now.server";
import { epochMs, type ClaimedMessage } from "./outbox-row.server";

/** A sender's allowed pace, in seconds (a rate of 0 has none: see `senderPace`). */
export interface SenderPace {
  /** Emission interval T: seconds between messages at the steady rate. */
  intervalSeconds: number;
  /** Messages that may go at once after a quiet spell. */
  burst: number;
  /** τ: how far ahead of its steady-rate instant a message may go. */
  toleranceSeconds: number;
}

/** The pace for OUTBOX_RATE_PER_SENDER messages a second; null for 0 (no limit, no statement). */
export function senderPace(ratePerSecond: number): SenderPace | null {
  if (!(ratePerSecond >= 0)) throw new RangeError("ratePerSecond must be 0 or more");
  if (ratePerSecond === 0) return null;
  const intervalSeconds = 1 / ratePerSecond;
  const burst = Math.max(1, Math.ceil(ratePerSecond));
  return { intervalSeconds, burst, toleranceSeconds: (burst - 1) * intervalSeconds + Math.min(intervalSeconds, 1) / 2 };
}

export interface TokenRequest {
  sender: string;
  /** Messages of the batch for this sender. */
  wanted: number;
}

export interface TokenGrant {
  granted: number;
  /** For each message not granted, in order: milliseconds from now until its turn. */
  waitMs: number[];
}

interface GrantRow {
  sender: string;
  granted: number | string;
  tat_ms: number | string;
  now_ms: number | string;
}

/** Takes up to `wanted` tokens per sender in one statement; every requested sender is answered. */
export async function takeSendTokens(
  db: Database,
  requests: readonly TokenRequest[],
  pace: SenderPace,
  now?: Date,
): Promise<Map<string, TokenGrant>> {
  const grants = new Map<string, TokenGrant>();
  const wanted = requests.filter((request) => request.wanted > 0);
  if (wanted.length === 0) return grants;
  const interval = sql`${pace.intervalSeconds}::float8`;
  const tolerance = sql`${pace.toleranceSeconds}::float8`;
  const at = sql`excluded.updated_at`;
  // Clamped to one interval past the tolerance: TAT can never legitimately be further ahead, and a
  // clock that went back (an injected one, a database failover) must not stall a sender for long.
  const tat0 = sql`least(greatest(p.theoretical_arrival_at, ${at}), ${at} + make_interval(secs => ${tolerance} + ${interval}))`;
  const conforming: SQL = sql`greatest(0, floor((extract(epoch from ${at} - ${tat0}) + ${tolerance}) / ${interval}) + 1)`;
  // `excluded.last_granted` carries min(wanted, burst): no take can get more than a burst.
  const granted = sql`least(excluded.last_granted, ${conforming})::int`;
  const result = await runSql<GrantRow>(
    db,
    sql`
    insert into outbox_sender_pacing as p (sender, theoretical_arrival_at, last_granted, updated_at)
    select w.sender, ${sqlNow(now)} + make_interval(secs => least(w.wanted, ${pace.burst}) * ${interval}),
      least(w.wanted, ${pace.burst}), ${sqlNow(now)}
    from jsonb_to_recordset(${JSON.stringify(wanted)}::jsonb) as w(sender text, wanted int)
    -- One lock order for every dispatcher: two batches with the same senders never deadlock.
    order by w.sender
    on conflict (sender) do update set
      last_granted = ${granted},
      theoretical_arrival_at = ${tat0} + make_interval(secs => ${granted} * ${interval}),
      updated_at = ${at}
    returning p.sender, p.last_granted as granted, ${sql.raw(epochMs("p.theoretical_arrival_at"))} as tat_ms,
      ${sql.raw(epochMs("p.updated_at"))} as now_ms`,
  );
  const rows = new Map(result.rows.map((row) => [row.sender, row]));
  for (const request of wanted) {
    const row = rows.get(request.sender);
    if (!row) throw new Error("sender pacing: a sender got no answer");
    const count = Math.min(request.wanted, Number(row.granted));
    grants.set(request.sender, {
      granted: count,
      waitMs: waitTimes(Number(row.tat_ms), Number(row.now_ms), pace, request.wanted - count),
    });
  }
  return grants;
}

/**
 * When each of `count` waiting messages conforms, in ms from `nowMs`, given the sender's TAT
 * after this take: the j-th (0 = next) at TAT − τ + j·T.
 */
export function waitTimes(tatMs: number, nowMs: number, pace: SenderPace, count: number): number[] {
  const first = tatMs - pace.toleranceSeconds * 1000 - nowMs;
  return Array.from({ length: count }, (_, j) => Math.max(0, Math.ceil(first + j * pace.intervalSeconds * 1000)));
}

/** A claimed batch split by the pace: what may go now, and what goes back with its wait. */
export interface PacedBatch {
  ready: ClaimedMessage[];
  deferred: Array<{ message: ClaimedMessage; delayMs: number }>;
}

/** The key a message is paced under: its sender, or one per channel for rows without one. */
export function paceKey(message: Pick<ClaimedMessage, "sender" | "channel">): string {
  return message.sender ?? `unassigned-${message.channel}`;
}

/**
 * Takes tokens for a claimed batch (in claim order, so replies before broadcasts) and splits it.
 * Without a pace (rate 0) everything is ready and no statement runs.
 */
export async function paceBatch(
  db: Database,
  messages: readonly ClaimedMessage[],
  pace: SenderPace | null,
  now?: Date,
): Promise<PacedBatch> {
  if (pace === null || messages.length === 0) return { ready: [...messages], deferred: [] };
  const wanted = new Map<string, number>();
  for (const message of messages) wanted.set(paceKey(message), (wanted.get(paceKey(message)) ?? 0) + 1);
  const grants = await takeSendTokens(
    db,
    [...wanted].map(([sender, count]) => ({ sender, wanted: count })),
    pace,
    now,
  );
  const batch: PacedBatch = { ready: [], deferred: [] };
  const seen = new Map<string, number>();
  for (const message of messages) {
    const key = paceKey(message);
    const position = seen.get(key) ?? 0;
    seen.set(key, position + 1);
    const grant = grants.get(key)!;
    if (position < grant.granted) batch.ready.push(message);
    else batch.deferred.push({ message, delayMs: grant.waitMs[position - grant.granted]! });
  }
  return batch;
}
