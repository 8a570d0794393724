/**
 * The audit log: who did what to what, and when. Append-only (a database trigger refuses UPDATE,
 * DELETE and TRUNCATE on audit_log). Entries name staff users and targets (a run, a broadcast, a
 * user), never a phone number, an IP address, a message body or a password: details are a flat
 * map of short values, and a value that looks like a phone number is refused, not stored.
 */
import { and, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { auditLog } from "~/db/schema";
import { sqlNow } from "~/db/sql-now.server";

/** Every action the log knows; a new sensitive action is added here first. */
export const AUDIT_ACTIONS = [
  "sign-in",
  "sign-in-failed",
  "sign-out",
  "sign-out-everywhere",
  "password-set",
  "password-link-issued",
  "second-factor-enabled",
  "second-factor-disabled",
  "second-factor-reset",
  "user-added",
  "user-disabled",
  "user-enabled",
  "role-changed",
  "broadcast-submitted",
  "broadcast-approved",
  "approval-revoked",
  "run-paused",
  "run-resumed",
  "run-cancelled",
  "test-sent",
  "reach-exported",
  "data-looked-up",
  "data-exported",
  "data-erased",
  "volunteer-disabled",
  "volunteer-session-confirmed",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditDetails = Record<string, string | number | boolean | null>;

export interface AuditEntryInput {
  /** The staff user acting (null for the command line, the system or an unknown person) and a label: their email, "cli", "system", "unknown". */
  actor: { userId: number | null; label: string };
  action: AuditAction;
  target?: { type: string; id: string };
  details?: AuditDetails;
}

export interface AuditEntry {
  id: number;
  at: Date;
  actorUserId: number | null;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: AuditDetails;
}

export class AuditRefusedError extends Error {
  override name = "AuditRefusedError";
}

/**
 * Seven or more digits standing alone, allowing the separators people type: a phone number, or
 * too close to one to keep. "Standing alone" (no letter or digit either side) lets hex hashes and
 * ids through; ISO dates and UUIDs are taken out first, as they are digit runs that are not numbers.
 */
const PHONE_LIKE = /(?<![\p{L}\p{N}_])\+?\d(?:[\s().-]*\d){6,}(?![\p{L}\p{N}_])/u;
const NOT_PHONES = [
  /\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?/g,
  /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi,
];

/** True when a value holds something that looks like a phone number. */
export function looksLikePhoneNumber(value: string): boolean {
  return PHONE_LIKE.test(NOT_PHONES.reduce((rest, pattern) => rest.replace(pattern, " "), value));
}

function refusePhoneLike(what: string, value: string | null | undefined): void {
  if (value && looksLikePhoneNumber(value)) throw new AuditRefusedError(`audit ${what} looks like a phone number: refused`);
}

/** Appends one entry. Throws AuditRefusedError (and writes nothing) when a value looks like a phone number. */
export async function recordAudit(db: Database, entry: AuditEntryInput, now?: Date): Promise<void> {
  const details = entry.details ?? {};
  for (const [key, value] of Object.entries(details)) {
    if (typeof value === "string") refusePhoneLike(`detail "${key}"`, value);
    refusePhoneLike("detail name", key);
  }
  refusePhoneLike("actor label", entry.actor.label);
  refusePhoneLike("target id", entry.target?.id);
  await db.insert(auditLog).values({
    at: sqlNow(now),
    actorUserId: entry.actor.userId,
    actorLabel: entry.actor.label,
    action: entry.action,
    targetType: entry.target?.type ?? null,
    targetId: entry.target?.id ?? null,
    details,
  });
}

export interface AuditFilter {
  action?: AuditAction;
  actorUserId?: number;
  targetType?: string;
  /** Entries at or after this instant. */
  from?: Date;
  /** Entries before this instant. */
  to?: Date;
  limit: number;
  /** Keyset paging: entries with an id below this one (the last id of the previous page). */
  before?: number;
}

/** Entries matching the filter, newest first. */
export async function listAudit(db: Database, filter: AuditFilter): Promise<AuditEntry[]> {
  const conditions: SQL[] = [];
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  if (filter.actorUserId !== undefined) conditions.push(eq(auditLog.actorUserId, filter.actorUserId));
  if (filter.targetType) conditions.push(eq(auditLog.targetType, filter.targetType));
  if (filter.from) conditions.push(gte(auditLog.at, filter.from));
  if (filter.to) conditions.push(lt(auditLog.at, filter.to));
  if (filter.before !== undefined) conditions.push(lt(auditLog.id, filter.before));
  const rows = await db
    .select()
    .from(auditLog)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(Math.max(1, Math.min(filter.limit, 1_000)));
  return rows.map((row) => ({ ...row, id: Number(row.id), details: row.details ?? {} }));
}
