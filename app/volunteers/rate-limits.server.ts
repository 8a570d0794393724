/**
 * Rate limits on sign-up and sign-in codes, shared by every web process through the database:
 * per phone number (its blind index) and per client address (an HMAC of it under the phone index
 * key, so the table never holds an address). A mark is taken only when every window still has
 * room; the check and the mark run under a transaction-scoped advisory lock on the key, so two
 * processes cannot both take the last place.
 */
import { createHmac } from "node:crypto";
import { sql } from "drizzle-orm";
import type { PhoneKeyring } from "~/audience/phone-crypto.server";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { sqlNow } from "~/db/sql-now.server";

export interface RateWindow {
  max: number;
  seconds: number;
}

/** The limits, by bucket: generous for a person, tight for a script. */
export const RATE_LIMITS = Object.freeze({
  /** Codes sent to one number: a person retrying, not an SMS bomb. */
  "code-number": [
    { max: 3, seconds: 15 * 60 },
    { max: 8, seconds: 24 * 3600 },
  ],
  /** Codes asked for from one address (a school's network may be shared: not too tight). */
  "code-address": [{ max: 20, seconds: 3600 }],
  /** Accounts created from one address. */
  "sign-up-address": [{ max: 10, seconds: 3600 }],
  /** Code guesses from one address, across challenges. */
  "verify-address": [{ max: 30, seconds: 3600 }],
} satisfies Record<string, readonly RateWindow[]>);
export type RateBucket = keyof typeof RATE_LIMITS;

const LONGEST_WINDOW_SECONDS = 24 * 3600;

/** The keyed hash of a client address (never stored as is). */
export function addressKey(keyring: PhoneKeyring, address: string): string {
  return createHmac("sha256", keyring.indexKey).update(`volunteer-address:${address}`).digest("base64url");
}

/** Takes a place in the bucket for this key, or answers false when a window is full. */
export async function takeRateMark(db: Database, bucket: RateBucket, keyHash: string, now?: Date): Promise<boolean> {
  const windows: readonly RateWindow[] = RATE_LIMITS[bucket];
  return db.transaction(async (database) => {
    await runSql(database, sql`select pg_advisory_xact_lock(hashtext(${`${bucket}:${keyHash}`}))`);
    for (const window of windows) {
      const { rows } = await runSql<{ n: number }>(
        database,
        sql`
        select count(*)::int as n from volunteer_rate_marks
        where bucket = ${bucket} and key_hash = ${keyHash} and at > ${sqlNow(now)} - make_interval(secs => ${window.seconds})`,
      );
      if (Number(rows[0]?.n ?? 0) >= window.max) return false;
    }
    await runSql(database, sql`insert into volunteer_rate_marks (bucket, key_hash, at) values (${bucket}, ${keyHash}, ${sqlNow(now)})`);
    await runSql(
      database,
      sql`
      delete from volunteer_rate_marks
      where bucket = ${bucket} and key_hash = ${keyHash} and at < ${sqlNow(now)} - make_interval(secs => ${LONGEST_WINDOW_SECONDS})`,
    );
    return true;
  });
}
