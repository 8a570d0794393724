/**
 * Messaging reach events (SMS and WhatsApp), written by the statement or transaction that makes
 * the state change they record, so none is lost and none is invented: a rollback takes the event
 * with it. Each is ONE `INSERT … SELECT` from the subscriber's row (country, region, locale,
 * campaign, channel): never the number, the blind index or the subscriber id.
 *
 * The insert is plain: reach_events has no constraint a value could break (every dimension a
 * NOT NULL text with `coalesce(…, '')`, the id and uuid from defaults) and no trigger, and readers
 * take no lock on it (reach-order.server.ts), so it can neither fail on what it is given nor wait
 * on a reader. That is why the opted_out event may share the opt-out's short transaction without
 * putting the opt-out at risk (decision 011, decision 021): only what would fail the opt-out's
 * own UPDATE (the database gone) can fail it.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { sqlNow } from "~/db/sql-now.server";

export type SubscriberReachEvent = "subscribed" | "opted_out" | "deleted" | "help_requested";

/** Dimensions of a subscriber row `s` (NULLs become "", see REACH_DIMENSIONS). */
// Country is where the person is now: the place they told us (a destination, when abroad) or,
// until they say otherwise, their home country (the number's, or the one they chose); "ZZ"
// (another country) counts as home too. A region is of home, so it counts only while they are at home.
const SUBSCRIBER_DIMENSIONS = sql`coalesce(s.campaign, ''),
  coalesce(nullif(s.current_place, 'ZZ'), s.country, ''),
  case when s.current_place is null or s.current_place = s.country then coalesce(s.region_code, '') else '' end,
  coalesce(s.locale, '')`;

/**
 * One event for the subscriber with this blind index (or id), as its row reads inside the
 * caller's transaction. No row (a number that never texted us): no event.
 *
 * In a savepoint of its own: whatever happens to the insert, the caller's change (an opt-out, an
 * erasure) commits. A count may be lost that way, never a STOP or a DELETE (decision 011).
 * Returns false when the event could not be written.
 */
export async function recordSubscriberEvent(
  db: Database,
  input: { event: SubscriberReachEvent; subscriber: { id: number } | { phoneIndex: string }; detail?: string; now?: Date },
): Promise<boolean> {
  const where: SQL = "id" in input.subscriber ? sql`s.id = ${input.subscriber.id}` : sql`s.phone_index = ${input.subscriber.phoneIndex}`;
  try {
    await db.transaction((savepoint) =>
      runSql(savepoint, eventInsert(sql`subscribers s where ${where}`, input.event, input.detail ?? "", input.now)),
    );
    return true;
  } catch {
    return false;
  }
}

/**
 * One event for the subscriber row a statement is writing: `source` names its CTE (UPDATE …
 * RETURNING), so the event has the row's dimensions as the statement leaves them. Not in a
 * savepoint: it fails only with the statement itself (see the top of this file).
 */
export function writtenSubscriberEventInsert(source: string, event: SubscriberReachEvent, now: Date | undefined): SQL {
  return eventInsert(sql`${sql.raw(source)} s`, event, "", now);
}

/** INSERT … SELECT of one event per subscriber row `s` of `from` (a FROM clause). */
function eventInsert(from: SQL, event: SubscriberReachEvent, detail: string, now: Date | undefined): SQL {
  return sql`insert into reach_events (occurred_at, campaign, country, region, locale, channel, event, detail)
    select ${sqlNow(now)}, ${SUBSCRIBER_DIMENSIONS}, s.channel, ${event}, ${detail} from ${from}`;
}

/**
 * The INSERT … SELECT for outbox rows a statement just moved (a CTE named by `moved`, with the
 * columns id, kind, channel, subscriber_id, event, detail): broadcast messages only, by the
 * subscriber's dimensions (none left when the subscriber was erased).
 */
export function outboxEventsInsert(moved: string, now: SQL): SQL {
  const source = sql.raw(moved);
  return sql`insert into reach_events (occurred_at, campaign, country, region, locale, channel, event, detail)
    select ${now}, ${SUBSCRIBER_DIMENSIONS}, m.channel, m.event, m.detail
    from ${source} m left join subscribers s on s.id = m.subscriber_id
    where m.kind = 'broadcast' and m.event is not null`;
}
