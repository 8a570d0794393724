/**
 * The instant a statement records or compares against. Production code may leave the clock to
 * the database (`now()`, one clock for every process); a caller that has its own clock (a job's
 * tick, a webhook's receipt time, a test's injected clock) passes it, and then every statement on
 * that path must use it, or a test with a fixed clock mixes it with the real one.
 */
import { sql, type SQL } from "drizzle-orm";

/** `now()` of the database, or the caller's instant. */
export function sqlNow(now: Date | undefined): SQL {
  return now ? sql`${now.toISOString()}::timestamptz` : sql`now()`;
}
