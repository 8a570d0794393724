/**
 * Outbox states inside SQL statements, from the one list (outbox-states.ts).
 */
import { sql, type SQL } from "drizzle-orm";
import { OUTBOX_STATUSES, type OutboxStatus } from "./outbox-states";

const STATE_LITERALS: Readonly<Record<OutboxStatus, SQL>> = Object.freeze(
  Object.fromEntries(OUTBOX_STATUSES.map((status) => [status, sql.raw(`'${status}'`)])) as Record<OutboxStatus, SQL>,
);

/**
 * A state as an SQL literal (`'queued'`), not a bind parameter: the partial indexes
 * (`where status = 'queued'`, `where status = 'sending'`, decision 010) are only considered by
 * the planner when the query's predicate names the same literal. Safe as raw SQL: the text comes
 * from OUTBOX_STATUSES only (the type admits nothing else, and `stateSql` checks at run time).
 */
export function stateSql(status: OutboxStatus): SQL {
  const literal = STATE_LITERALS[status];
  if (!literal) throw new TypeError(`not an outbox state: ${String(status)}`);
  return literal;
}

/** `('queued', 'held')`: a parenthesised list of state literals for `status in …`. */
export function statesSql(statuses: readonly OutboxStatus[]): SQL {
  if (statuses.length === 0) throw new TypeError("an empty state list matches nothing");
  return sql`(${sql.join(statuses.map(stateSql), sql`, `)})`;
}
