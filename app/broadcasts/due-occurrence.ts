/**
 * Whether a scheduled broadcast has a delivery to plan now, and which: the planner creates a run
 * a little ahead of the first recipient's local send time (the zone furthest east reaches 10:00
 * first), so rows are in the outbox, due at each zone's own 10:00, before anyone is due.
 *
 * A delivery whose time has long passed is reported as missed instead of sent late: a
 * "know before you go" reminder a day late, or a broadcast that was approved last month and only
 * now seen by a new worker, must not go out unannounced. Pure: the clock is a parameter.
 */
import { COUNTRIES } from "~/i18n/locales";
import type { BroadcastDocument } from "./broadcast-spec";
import { nextOccurrence, occurrenceLocalTime } from "./recurrence";
import type { BroadcastSchedule } from "./send-window";
import { formatWallClock, instantOfWallClock, parseLocalDateTime, wallClockFromMs } from "./zoned-time";

/** Runs are planned this long before the earliest recipient is due. */
export const PLAN_LEAD_MS = 10 * 60_000;
/** A one-off broadcast not planned within this long after its latest zone's time is missed. */
export const ONE_OFF_GRACE_MS = 24 * 3_600_000;
/** A recurring occurrence not planned within this long after its time is skipped (the next one comes). */
export const RECURRING_GRACE_MS = 6 * 3_600_000;

export type DueDecision =
  | { due: true; occurrence: string; schedule: BroadcastSchedule }
  | { due: false; reason: "not-yet" | "missed" | "not-approved" | "not-scheduled" | "never" };

/**
 * The zones the broadcast's audience lives in at home (all programme zones when it names no
 * country): they decide when a run is planned. Subscribers abroad get their message in their own
 * zone's window too (expansion puts each row at the recipient's time where they are now); a
 * destination's earlier 10:00 does not move the planning.
 */
export function audienceZones(
  broadcast: BroadcastDocument,
  allZones: ReadonlyArray<{ country: string; regionCode: string | null; zone: string }>,
): string[] {
  const { countries, regionCodes } = broadcast.audience;
  const zones = allZones.filter((row) => (COUNTRIES as readonly string[]).includes(row.country));
  const inAudience = zones.filter(
    (row) =>
      (countries.length === 0 || countries.includes(row.country as never)) &&
      (regionCodes.length === 0 || row.regionCode === null || regionCodes.includes(row.regionCode)),
  );
  const chosen = inAudience.length > 0 ? inAudience : zones;
  return [...new Set(chosen.map((row) => row.zone))];
}

function instantsOf(localTime: string, zones: readonly string[]): { earliest: number; latest: number } | null {
  const wall = parseLocalDateTime(localTime);
  if (!wall || zones.length === 0) return null;
  const instants = zones.map((zone) => instantOfWallClock(wall, zone).getTime());
  return { earliest: Math.min(...instants), latest: Math.max(...instants) };
}

/**
 * `approved`: whether the broadcast's current content has a live four-eyes approval (the planner
 * reads it from our database, ./approvals.server.ts; the Studio's `approvedAt` no longer counts).
 * Nothing is due without one; "as soon as approved" is due as soon as there is one.
 */
export function dueOccurrence(broadcast: BroadcastDocument, zones: readonly string[], now: Date, approved: boolean): DueDecision {
  if (broadcast.status !== "scheduled") return { due: false, reason: "not-scheduled" };
  if (!approved) return { due: false, reason: "not-approved" };
  const nowMs = now.getTime();
  const { schedule } = broadcast;
  switch (schedule.mode) {
    case "whenApproved":
      return { due: true, occurrence: "once", schedule: { kind: "asap" } };
    case "at": {
      const wall = parseLocalDateTime(schedule.sendAt);
      const span = instantsOf(schedule.sendAt, zones);
      if (!wall || !span) return { due: false, reason: "never" };
      if (nowMs < span.earliest - PLAN_LEAD_MS) return { due: false, reason: "not-yet" };
      if (nowMs > span.latest + ONE_OFF_GRACE_MS) return { due: false, reason: "missed" };
      return { due: true, occurrence: "once", schedule: { kind: "at", localTime: formatWallClock(wall) } };
    }
    case "recurring":
      return recurringOccurrence(schedule.recurrence, zones, nowMs);
  }
}

/**
 * The latest occurrence whose first zone is due within the lead, unless it is older than the
 * grace. Occurrences are read on the clock of the zone furthest east (it reaches them first);
 * each recipient then gets the same local time on their own clock.
 */
function recurringOccurrence(cron: string, zones: readonly string[], nowMs: number): DueDecision {
  const east = easternmostZone(zones, nowMs);
  if (!east) return { due: false, reason: "never" };
  const rule = { cron, timeZone: east };
  let latest: Date | null = null;
  let cursor = new Date(nowMs - RECURRING_GRACE_MS);
  // Bounded: even "every minute" has at most a few hundred occurrences in the grace period.
  for (let i = 0; i < 1_000; i++) {
    const next = nextOccurrence(rule, cursor);
    if (!next || next.getTime() > nowMs + PLAN_LEAD_MS) break;
    latest = next;
    cursor = next;
  }
  if (!latest) return { due: false, reason: "not-yet" };
  const localTime = occurrenceLocalTime(rule, latest);
  return { due: true, occurrence: localTime.slice(0, 16), schedule: { kind: "at", localTime } };
}

/** The zone whose clock is furthest ahead now. */
function easternmostZone(zones: readonly string[], nowMs: number): string | null {
  let best: { zone: string; offset: number } | null = null;
  for (const zone of zones) {
    const span = instantsOf(formatWallClock(wallNow(nowMs)), [zone]);
    if (!span) continue;
    // The same wall time happens earliest (smallest instant) in the zone furthest east.
    const offset = -span.earliest;
    if (!best || offset > best.offset) best = { zone, offset };
  }
  return best?.zone ?? null;
}

/** The UTC wall clock of an instant, to the minute. */
function wallNow(nowMs: number) {
  return { ...wallClockFromMs(nowMs), second: 0 };
}
