/**
 * Reading reach_events in order, exactly once, while other transactions keep writing.
 *
 * An id is handed out at INSERT but becomes visible at COMMIT, so on PostgreSQL id 101 can be
 * visible while id 100 is still in flight: a reader that moved a watermark past 101 would skip
 * 100 for ever. So rows are ordered by (tx, id), tx being the writing transaction's 64-bit id,
 * and a reader takes only rows whose tx is below the oldest transaction still in flight
 * (`pg_snapshot_xmin(pg_current_snapshot())`): every transaction below that has ended, so no row
 * can still appear before the reader's cursor. Rows of newer transactions wait for the next run.
 * No table lock is taken, so writers (an opt-out among them) never wait for a reader.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";

/** Where a reader has got: the (tx, id) of the last event it took; (0, 0) before the first. */
export interface ReachCursor {
  tx: number;
  id: number;
}

/** Rows after the cursor whose writing transactions have all ended (the column names are reach_events'). */
export function finalRowsAfter(cursor: ReachCursor, prefix = ""): SQL {
  const tx = sql.raw(`${prefix}tx`);
  const id = sql.raw(`${prefix}id`);
  return sql`(${tx}, ${id}) > (${cursor.tx}::bigint, ${cursor.id}::bigint)
    and ${tx} < (pg_snapshot_xmin(pg_current_snapshot())::text)::bigint`;
}

/** Rows not yet taken by the named reader, final or not (readers' "tail"). */
export function rowsAfterCursorOf(name: string): SQL {
  return sql`(tx, id) > (
    coalesce((select last_tx from reach_cursors where name = ${name}), 0),
    coalesce((select last_event_id from reach_cursors where name = ${name}), 0))`;
}

/** Creates the cursor at (0, 0) if missing and reads it. */
export async function readCursor(db: Database, name: string): Promise<ReachCursor> {
  await runSql(db, sql`insert into reach_cursors (name, last_tx, last_event_id) values (${name}, 0, 0) on conflict (name) do nothing`);
  const { rows } = await runSql<{ tx: string; id: string }>(
    db,
    sql`
    select last_tx::text as tx, last_event_id::text as id from reach_cursors where name = ${name}`,
  );
  return { tx: Number(rows[0]?.tx ?? 0), id: Number(rows[0]?.id ?? 0) };
}

/** Moves the cursor, only from where the caller read it (a second reader without the lock cannot move it twice). */
export async function moveCursor(db: Database, name: string, from: ReachCursor, to: ReachCursor, at: SQL): Promise<boolean> {
  const { rowCount } = await runSql(
    db,
    sql`
    update reach_cursors set last_tx = ${to.tx}, last_event_id = ${to.id}, updated_at = ${at}
    where name = ${name} and last_tx = ${from.tx} and last_event_id = ${from.id}`,
  );
  return rowCount === 1;
}

/**
 * A visitor's 64-bit key for a day's count: the first 8 bytes of md5(campaign, country, region,
 * locale, visitor hash) of the row `alias`. A collision merges two visitors of the same day and
 * key: with a million visitors a day, about one chance in twenty million.
 */
export function visitorKey(alias: string): SQL {
  const a = sql.raw(alias);
  return sql`('x' || substr(md5(concat_ws('|', ${a}.campaign, ${a}.country, ${a}.region, ${a}.locale, ${a}.visitor_hash)), 1, 16))::bit(64)::bigint`;
}
