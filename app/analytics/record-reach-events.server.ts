/**
 * Writes reach events: one INSERT … SELECT from a single JSON parameter (jsonb_to_recordset), on
 * the database or inside the caller's transaction. One parameter instead of twelve per row keeps
 * the statement cheap to build and bind, which on PGlite runs on the web process's own thread.
 * Values are validated records (reach-event-record.ts), so the insert itself cannot fail on them.
 */
import { sql } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import type { ReachEventRecord } from "./reach-event-record";

/** Anything that can run a statement: the database or a transaction of it. */
export type SqlExecutor = Pick<Database, "execute">;

const ROWS_PER_STATEMENT = 5_000;

export async function insertReachEvents(db: SqlExecutor, events: readonly ReachEventRecord[]): Promise<number> {
  let written = 0;
  for (let start = 0; start < events.length; start += ROWS_PER_STATEMENT) {
    const chunk = events.slice(start, start + ROWS_PER_STATEMENT);
    const rows = JSON.stringify(
      chunk.map((event) => ({
        o: event.occurredAt.toISOString(),
        c: event.campaign,
        n: event.country,
        r: event.region,
        l: event.locale,
        h: event.channel,
        e: event.event,
        d: event.detail,
        p: event.page,
        i: event.hotlineId,
        v: event.visitorHash,
      })),
    );
    const { rowCount } = await runSql(
      db as Database,
      sql`
      insert into reach_events (occurred_at, campaign, country, region, locale, channel, event, detail, page, hotline_id, visitor_hash)
      select o, c, n, r, l, h, e, d, p, i, v
      from jsonb_to_recordset(${rows}::jsonb)
        as x(o timestamptz, c text, n text, r text, l text, h text, e text, d text, p text, i text, v text)`,
    );
    written += rowCount;
  }
  return written;
}
