/** Raw SQL with one result shape on both drivers. */
import type { SQLWrapper } from "drizzle-orm";
import type { Database } from "./client.server";

export interface SqlResult<T> {
  rows: T[];
  /** Rows inserted, updated or deleted. */
  rowCount: number;
}

/**
 * Runs raw SQL on either driver. drizzle types `execute` as `unknown` over the shared database
 * type; node-postgres answers `{ rows, rowCount }`, PGlite `{ rows, affectedRows }`.
 */
export async function runSql<T>(db: Database, query: SQLWrapper): Promise<SqlResult<T>> {
  const result = (await db.execute(query)) as { rows?: T[]; rowCount?: number | null; affectedRows?: number };
  const rows = result.rows ?? [];
  return { rows, rowCount: result.rowCount ?? result.affectedRows ?? rows.length };
}
