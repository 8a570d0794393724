/**
 * The audit log as CSV, with the page's filters: every matching entry, newest first, read in
 * keyset pages of 1,000 (the page's own query), up to AUDIT_CSV_MAX_ROWS; one column per field,
 * details as one `key=value; …` column. Fields are quoted, and a leading =, +, - or @ is
 * neutralised so a spreadsheet never reads an entry as a formula.
 */
import { csvField } from "~/lib/csv-field";
import { listAudit, type AuditEntry } from "~/audit/audit-log.server";
import type { Database } from "~/db/client.server";
import { auditQueryFilter, type AuditPageFilters } from "./audit-page.server";

/** More than years of a campaign's staff activity; a bigger export is a database job. */
export const AUDIT_CSV_MAX_ROWS = 50_000;
const BATCH = 1_000;

export async function auditCsv(db: Database, filters: AuditPageFilters): Promise<string> {
  const lines = [["id", "at", "actor_user_id", "actor", "action", "target_type", "target_id", "details"].map(csvField).join(",")];
  let before = filters.before;
  for (let read = 0; read < AUDIT_CSV_MAX_ROWS;) {
    const entries: AuditEntry[] = await listAudit(db, { ...auditQueryFilter(filters), before, limit: BATCH });
    for (const entry of entries) {
      const details = Object.entries(entry.details)
        .map(([key, value]) => `${key}=${String(value)}`)
        .join("; ");
      lines.push(
        [
          String(entry.id),
          entry.at.toISOString(),
          entry.actorUserId === null ? "" : String(entry.actorUserId),
          entry.actorLabel,
          entry.action,
          entry.targetType ?? "",
          entry.targetId ?? "",
          details,
        ]
          .map(csvField)
          .join(","),
      );
    }
    read += entries.length;
    if (entries.length < BATCH) break;
    before = entries[entries.length - 1]!.id;
  }
  return `${lines.join("\r\n")}\r\n`;
}
