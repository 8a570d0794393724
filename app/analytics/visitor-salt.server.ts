/**
 * The daily visitor salt (the Plausible method): one random salt per UTC day, kept in the
 * database so every web process hashes a visitor the same way, created by whichever process
 * needs it first, and deleted once its day is over, so a past day's hashes can never be
 * recomputed from an IP address and a user agent. Each process keeps the current day's salt in
 * memory; a new day's first request fetches (or creates) the new salt and deletes older ones.
 */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";

/** The UTC day of an instant, as YYYY-MM-DD. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The day's salt, created if this is the first process to ask; past days' salts are deleted. */
export async function saltForDay(db: Database, day: string): Promise<string> {
  await runSql(
    db,
    sql`
    insert into reach_visitor_salts (day, salt) values (${day}::date, ${randomBytes(32).toString("hex")})
    on conflict (day) do nothing`,
  );
  await runSql(db, sql`delete from reach_visitor_salts where day < ${day}::date`);
  const { rows } = await runSql<{ salt: string }>(db, sql`select salt from reach_visitor_salts where day = ${day}::date`);
  const salt = rows[0]?.salt;
  // Only if a clock far behind deleted today's row between the two statements: retry once.
  if (salt === undefined) throw new Error("visitor salt missing for its day");
  return salt;
}

export interface VisitorSalts {
  /** The salt of the day `at` falls on (cached for that day). */
  forInstant(at: Date): Promise<string>;
}

export function createVisitorSalts(db: Database): VisitorSalts {
  let cached: { day: string; salt: Promise<string> } | undefined;
  return {
    forInstant(at) {
      const day = utcDay(at);
      if (cached?.day !== day) {
        const salt = saltForDay(db, day);
        cached = { day, salt };
        // A failed lookup is not cached: the next request tries again.
        salt.catch(() => {
          if (cached?.salt === salt) cached = undefined;
        });
      }
      return cached.salt;
    },
  };
}
