/**
 * The audit log page's data: filters read from the query string (action, actor, target type, a
 * range of UTC days, and `before` for keyset paging on the entry id), the page of entries newest
 * first, and the choices for the filter menus. A filter that cannot be read is left out and
 * named, never an error page: an admin looking for an entry should always see something.
 */
import { asc, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import { AUDIT_ACTIONS, listAudit, type AuditAction, type AuditEntry, type AuditFilter } from "~/audit/audit-log.server";
import type { Database } from "~/db/client.server";
import { auditLog, staffUsers } from "~/db/schema";

/** Entries per page. */
export const AUDIT_PAGE_SIZE = 50;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** The filters as typed (what the form shows again) and as applied. */
export interface AuditPageFilters {
  action?: AuditAction;
  actor?: number;
  targetType?: string;
  /** First UTC day, `YYYY-MM-DD`. */
  from?: string;
  /** Last UTC day, inclusive. */
  to?: string;
  before?: number;
}

const FIELDS = {
  action: z.enum(AUDIT_ACTIONS),
  actor: z.coerce.number().int().positive().max(2_147_483_647),
  targetType: z.string().trim().min(1).max(40),
  from: z.string().regex(DAY).refine(isRealDay),
  to: z.string().regex(DAY).refine(isRealDay),
  before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
} as const;

function isRealDay(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** Reads the filters; `problems` names the parameters left out. Empty values mean "all". */
export function parseAuditFilters(params: URLSearchParams): { filters: AuditPageFilters; problems: string[] } {
  const filters: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, schema] of Object.entries(FIELDS)) {
    const raw = params.get(name);
    if (raw === null || raw.trim() === "") continue;
    const parsed = schema.safeParse(raw);
    if (parsed.success) filters[name] = parsed.data;
    else problems.push(name);
  }
  return { filters: filters as AuditPageFilters, problems };
}

/** The query string of these filters (without `before`), for links that keep them. */
export function auditFilterQuery(filters: AuditPageFilters, lang: string, before?: number): string {
  const params = new URLSearchParams({ lang });
  if (filters.action) params.set("action", filters.action);
  if (filters.actor !== undefined) params.set("actor", String(filters.actor));
  if (filters.targetType) params.set("targetType", filters.targetType);
  if (filters.from) params.set("from", filters.from);
  if (filters.to) params.set("to", filters.to);
  if (before !== undefined) params.set("before", String(before));
  return params.toString();
}

export interface AuditPage {
  entries: AuditEntry[];
  /** The id to page on for older entries, when there are any. */
  olderBefore: number | null;
  actors: Array<{ id: number; label: string }>;
  targetTypes: string[];
}

/** The filters as listAudit takes them (without paging): days become UTC instants, the last one inclusive. */
export function auditQueryFilter(filters: AuditPageFilters): Omit<AuditFilter, "limit" | "before"> {
  return {
    action: filters.action,
    actorUserId: filters.actor,
    targetType: filters.targetType,
    from: filters.from ? new Date(`${filters.from}T00:00:00Z`) : undefined,
    // Inclusive last day: entries before the next midnight.
    to: filters.to ? new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + DAY_MS) : undefined,
  };
}

export async function loadAuditPage(db: Database, filters: AuditPageFilters): Promise<AuditPage> {
  const rows = await listAudit(db, { ...auditQueryFilter(filters), before: filters.before, limit: AUDIT_PAGE_SIZE + 1 });
  const entries = rows.slice(0, AUDIT_PAGE_SIZE);
  const [actors, targetTypes] = await Promise.all([
    db
      .select({ id: staffUsers.id, email: staffUsers.email, displayName: staffUsers.displayName })
      .from(staffUsers)
      .orderBy(asc(staffUsers.email)),
    db
      .selectDistinct({ targetType: auditLog.targetType })
      .from(auditLog)
      .where(isNotNull(auditLog.targetType))
      .orderBy(sql`1`)
      .limit(100),
  ]);
  return {
    entries,
    olderBefore: rows.length > AUDIT_PAGE_SIZE ? entries[entries.length - 1]!.id : null,
    actors: actors.map((actor) => ({ id: actor.id, label: `${actor.displayName} <${actor.email}>` })),
    targetTypes: targetTypes.map((row) => row.targetType!).filter(Boolean),
  };
}
