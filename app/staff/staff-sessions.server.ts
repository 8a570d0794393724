/**
 * The server-side session store: a random 32-byte id lives in the (signed) cookie, and the table
 * holds only its sha-256, so a leaked table opens no session. A session ends after 30 minutes
 * without a request (idle) or 12 hours after sign-in (absolute), when revoked (sign out, sign out
 * everywhere, the user disabled) or when its user is disabled. Every time comparison uses the
 * caller's `now`, so tests move one fake clock.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { staffSessions, staffUsers } from "~/db/schema";
import { sqlNow } from "~/db/sql-now.server";
import { isStaffRole, type StaffRole } from "./roles";

export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;

/** sha-256 hex of a random token (session ids, set-password tokens). */
export function tokenHash(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** A new unguessable token, base64url (256 bits). */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

export interface StoredSession {
  idHash: string;
  csrfToken: string;
  /** False while a user with a second factor has given only the password. */
  complete: boolean;
  user: { id: number; email: string; displayName: string; role: StaffRole; hasSecondFactor: boolean };
}

/**
 * Opens a session for the user and returns the raw id for the cookie. `secondFactor` says the
 * second factor was given (or the user has none, then the session is complete at once).
 */
export async function createSession(
  db: Database,
  userId: number,
  secondFactor: boolean,
  now: Date,
): Promise<{ id: string; csrfToken: string }> {
  const id = newToken();
  const csrfToken = newToken();
  await db.insert(staffSessions).values({
    idHash: tokenHash(id),
    userId,
    csrfToken,
    createdAt: sqlNow(now),
    lastSeenAt: sqlNow(now),
    secondFactorAt: secondFactor ? sqlNow(now) : null,
  });
  return { id, csrfToken };
}

/**
 * The live session with this raw id, or null (unknown, revoked, idle, too old, user disabled).
 * A live one is touched: its idle time starts again; one found not live is revoked for good.
 */
export async function findLiveSession(db: Database, id: string, now: Date): Promise<StoredSession | null> {
  const idHash = tokenHash(id);
  const idleSince = new Date(now.getTime() - SESSION_IDLE_MS);
  const bornAfter = new Date(now.getTime() - SESSION_ABSOLUTE_MS);
  const rows = await db
    .select({
      csrfToken: staffSessions.csrfToken,
      secondFactorAt: staffSessions.secondFactorAt,
      userId: staffUsers.id,
      email: staffUsers.email,
      displayName: staffUsers.displayName,
      role: staffUsers.role,
      totp: staffUsers.totpSecretEncrypted,
    })
    .from(staffSessions)
    .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.userId))
    .where(
      and(
        eq(staffSessions.idHash, idHash),
        isNull(staffSessions.revokedAt),
        isNull(staffUsers.disabledAt),
        sql`${staffSessions.lastSeenAt} > ${idleSince.toISOString()}::timestamptz`,
        sql`${staffSessions.createdAt} > ${bornAfter.toISOString()}::timestamptz`,
        // A session from the future (a test clock moved back) is not live either.
        sql`${staffSessions.createdAt} <= ${sqlNow(now)}`,
      ),
    )
    .limit(1);
  const row = rows[0];
  if (!row || !isStaffRole(row.role)) {
    // An expired session stays ended (a clock set back, a user enabled again, cannot revive it).
    await revokeSession(db, idHash, now);
    return null;
  }
  await db
    .update(staffSessions)
    .set({ lastSeenAt: sqlNow(now) })
    .where(eq(staffSessions.idHash, idHash));
  const hasSecondFactor = row.totp !== null;
  return {
    idHash,
    csrfToken: row.csrfToken,
    complete: !hasSecondFactor || row.secondFactorAt !== null,
    user: { id: row.userId, email: row.email, displayName: row.displayName, role: row.role, hasSecondFactor },
  };
}

/** Ends one session (sign out, or the password step's session replaced at the code step). */
export async function revokeSession(db: Database, idHash: string, now: Date): Promise<void> {
  await db
    .update(staffSessions)
    .set({ revokedAt: sqlNow(now) })
    .where(and(eq(staffSessions.idHash, idHash), isNull(staffSessions.revokedAt)));
}

/** Ends every session of a user (sign out everywhere, disabled, password changed); returns how many. */
export async function revokeUserSessions(db: Database, userId: number, now: Date): Promise<number> {
  const ended = await db
    .update(staffSessions)
    .set({ revokedAt: sqlNow(now) })
    .where(and(eq(staffSessions.userId, userId), isNull(staffSessions.revokedAt)))
    .returning({ idHash: staffSessions.idHash });
  return ended.length;
}

/** Deletes sessions that can no longer be live (run by sign-in, so the table stays small). */
export async function deleteDeadSessions(db: Database, now: Date): Promise<void> {
  const bornAfter = new Date(now.getTime() - SESSION_ABSOLUTE_MS - 24 * 60 * 60_000);
  await db.delete(staffSessions).where(sql`${staffSessions.createdAt} < ${bornAfter.toISOString()}::timestamptz`);
}
