/**
 * Sign-in rate limits, in the database so they hold across processes and restarts: at most 5
 * failures per account and 20 per client address in 15 minutes. Keys are HMACs under
 * SESSION_SECRET: an address or an email typed by a stranger is never stored, and an unknown
 * email is limited exactly like a real one (the limit itself tells nothing). A success clears
 * the account's count; the address's count runs out on its own.
 */
import { createHmac } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { staffSignInFailures } from "~/db/schema";
import { sqlNow } from "~/db/sql-now.server";

export const SIGN_IN_WINDOW_MS = 15 * 60_000;
export const ACCOUNT_FAILURE_LIMIT = 5;
export const CLIENT_FAILURE_LIMIT = 20;

export interface SignInKeys {
  account: string;
  client: string;
}

function keyed(secret: string, value: string): string {
  return createHmac("sha256", secret).update(value, "utf8").digest("hex");
}

/** The two counters a sign-in attempt counts against. */
export function signInKeys(secret: string, email: string, clientAddress: string): SignInKeys {
  return {
    account: `account:${keyed(secret, `staff-sign-in-account:${email.trim().toLowerCase()}`)}`,
    client: `client:${keyed(secret, `staff-sign-in-client:${clientAddress}`)}`,
  };
}

/** When the key may try again, or null when it may now. */
async function retryAtFor(db: Database, keyHash: string, limit: number, now: Date): Promise<Date | null> {
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
  // The limit-th newest failure in the window: once it leaves the window, the count is below the limit.
  const rows = await db
    .select({ at: staffSignInFailures.at })
    .from(staffSignInFailures)
    .where(and(eq(staffSignInFailures.keyHash, keyHash), sql`${staffSignInFailures.at} > ${since.toISOString()}::timestamptz`))
    .orderBy(desc(staffSignInFailures.at))
    .offset(limit - 1)
    .limit(1);
  const at = rows[0]?.at;
  return at ? new Date(new Date(at).getTime() + SIGN_IN_WINDOW_MS) : null;
}

/** The later of the two keys' retry times, or null when neither is limited. */
export async function signInBlockedUntil(db: Database, keys: SignInKeys, now: Date): Promise<Date | null> {
  const [account, client] = await Promise.all([
    retryAtFor(db, keys.account, ACCOUNT_FAILURE_LIMIT, now),
    retryAtFor(db, keys.client, CLIENT_FAILURE_LIMIT, now),
  ]);
  const times = [account, client].filter((time): time is Date => time !== null);
  return times.length === 0 ? null : new Date(Math.max(...times.map((time) => time.getTime())));
}

/** Counts one failure against both keys, and forgets failures past the window. */
export async function recordSignInFailure(db: Database, keys: SignInKeys, now: Date): Promise<void> {
  const before = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
  await db.delete(staffSignInFailures).where(sql`${staffSignInFailures.at} < ${before.toISOString()}::timestamptz`);
  await db.insert(staffSignInFailures).values([
    { keyHash: keys.account, at: sqlNow(now) },
    { keyHash: keys.client, at: sqlNow(now) },
  ]);
}

/** After a successful sign-in: the account starts afresh. */
export async function clearAccountFailures(db: Database, keys: SignInKeys): Promise<void> {
  await db.delete(staffSignInFailures).where(eq(staffSignInFailures.keyHash, keys.account));
}
