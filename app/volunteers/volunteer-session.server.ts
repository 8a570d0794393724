/**
 * Volunteer sessions: server-side rows, an http-only `SameSite=Lax` cookie (`Secure` in
 * production) holding a random id and its HMAC under SESSION_SECRET. The database keeps only
 * sha-256 of the id, so a copy of the table signs nobody in; the signature lets a forged or
 * truncated cookie be refused before any query. Only a volunteer who signs in ever gets this
 * cookie: the public site sets none.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { sqlNow } from "~/db/sql-now.server";

export const VOLUNTEER_COOKIE = "volunteer_session";
/** Absolute lifetime: a month, then a new code. */
export const SESSION_TTL_SECONDS = 30 * 24 * 3600;

export interface SessionCookieOptions {
  secret: string;
  secure: boolean;
}

function sign(secret: string, id: string): string {
  return createHmac("sha256", secret).update(`volunteer-session:${id}`).digest("base64url");
}

const hashId = (id: string) => createHash("sha256").update(id).digest("base64url");

/** The raw id from a cookie header when its signature holds; null otherwise. */
export function sessionIdFromCookie(cookieHeader: string | null | undefined, secret: string): string | null {
  if (!cookieHeader) return null;
  const value = cookieHeader
    .split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${VOLUNTEER_COOKIE}=`))
    ?.slice(VOLUNTEER_COOKIE.length + 1);
  const match = value ? /^([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43})$/.exec(value) : null;
  if (!match) return null;
  const [, id, signature] = match as unknown as [string, string, string];
  const expected = Buffer.from(sign(secret, id));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? id : null;
}

function cookie(value: string, maxAge: number, options: SessionCookieOptions): string {
  return [
    `${VOLUNTEER_COOKIE}=${value}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${maxAge}`,
    ...(options.secure ? ["Secure"] : []),
  ].join("; ");
}

/** Starts a session; answers the Set-Cookie value. */
export async function startVolunteerSession(db: Database, volunteerId: number, options: SessionCookieOptions, now?: Date): Promise<string> {
  const id = randomBytes(32).toString("base64url");
  await runSql(
    db,
    sql`
    insert into volunteer_sessions (id_hash, volunteer_id, created_at, expires_at)
    values (${hashId(id)}, ${volunteerId}, ${sqlNow(now)}, ${sqlNow(now)} + make_interval(secs => ${SESSION_TTL_SECONDS}))`,
  );
  return cookie(`${id}.${sign(options.secret, id)}`, SESSION_TTL_SECONDS, options);
}

/** The signed-in volunteer's id: a live session of a confirmed, enabled account; else null. */
export async function volunteerIdOfSession(db: Database, sessionId: string | null, now?: Date): Promise<number | null> {
  if (!sessionId) return null;
  const { rows } = await runSql<{ id: number }>(
    db,
    sql`
    select v.id::int as id from volunteer_sessions s join volunteers v on v.id = s.volunteer_id
    where s.id_hash = ${hashId(sessionId)} and s.expires_at > ${sqlNow(now)} and v.disabled_at is null and v.confirmed_at is not null`,
  );
  return rows[0] ? Number(rows[0].id) : null;
}

/** Ends the session (sign out); answers the Set-Cookie value that clears the cookie. */
export async function endVolunteerSession(db: Database, sessionId: string | null, options: SessionCookieOptions): Promise<string> {
  if (sessionId) await runSql(db, sql`delete from volunteer_sessions where id_hash = ${hashId(sessionId)}`);
  return clearedSessionCookie(options);
}

export function clearedSessionCookie(options: SessionCookieOptions): string {
  return cookie("", 0, options);
}
