/**
 * Staff users: adding, listing, disabling, changing roles, and one-time set-password links
 * (24 hours, single use, only the token's sha-256 stored). Every change is audited by the caller's
 * actor (a staff user, or "cli"). Disabling a user or setting a password ends their sessions.
 */
import { and, asc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { recordAudit } from "~/audit/audit-log.server";
import type { Database } from "~/db/client.server";
import { staffPasswordLinks, staffUsers } from "~/db/schema";
import { sqlNow } from "~/db/sql-now.server";
import { hashPassword, passwordProblem, type PasswordProblem } from "./passwords.server";
import { isStaffRole, type StaffRole } from "./roles";
import { newToken, revokeUserSessions, tokenHash } from "./staff-sessions.server";

export const PASSWORD_LINK_TTL_MS = 24 * 60 * 60_000;
export const SET_PASSWORD_PATH = "/staff/set-password";

export type Actor = { userId: number | null; label: string };

export interface StaffUserRow {
  id: number;
  email: string;
  displayName: string;
  role: StaffRole;
  passwordHash: string | null;
  totpSecretEncrypted: string | null;
  totpLastStep: number | null;
  disabledAt: Date | null;
  createdAt: Date;
}

export class StaffUserError extends Error {
  override name = "StaffUserError";
  constructor(
    readonly code: "email-taken" | "invalid-email" | "no-such-user" | "invalid-role" | "last-admin" | "no-second-factor",
    message: string,
  ) {
    super(message);
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function toRow(row: typeof staffUsers.$inferSelect): StaffUserRow {
  if (!isStaffRole(row.role)) throw new StaffUserError("invalid-role", `user ${row.id} has an unknown role`);
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    role: row.role,
    passwordHash: row.passwordHash,
    totpSecretEncrypted: row.totpSecretEncrypted,
    totpLastStep: row.totpLastStep === null ? null : Number(row.totpLastStep),
    disabledAt: row.disabledAt,
    createdAt: row.createdAt,
  };
}

export async function findStaffUserByEmail(db: Database, email: string): Promise<StaffUserRow | null> {
  const rows = await db
    .select()
    .from(staffUsers)
    .where(eq(staffUsers.email, normalizeEmail(email)))
    .limit(1);
  return rows[0] ? toRow(rows[0]) : null;
}

export async function findStaffUserById(db: Database, id: number): Promise<StaffUserRow | null> {
  const rows = await db.select().from(staffUsers).where(eq(staffUsers.id, id)).limit(1);
  return rows[0] ? toRow(rows[0]) : null;
}

export async function listStaffUsers(db: Database): Promise<StaffUserRow[]> {
  return (await db.select().from(staffUsers).orderBy(asc(staffUsers.email))).map(toRow);
}

export async function countStaffUsers(db: Database): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(staffUsers);
  return Number(row?.count ?? 0);
}

/** Adds a user (no password yet: give them a set-password link). */
export async function addStaffUser(
  db: Database,
  input: { email: string; role: StaffRole; displayName?: string },
  actor: Actor,
  now: Date,
): Promise<StaffUserRow> {
  const email = normalizeEmail(input.email);
  if (!EMAIL.test(email) || email.length > 254) throw new StaffUserError("invalid-email", "That is not an email address.");
  if (!isStaffRole(input.role)) throw new StaffUserError("invalid-role", "Unknown role.");
  const inserted = await db
    .insert(staffUsers)
    .values({
      email,
      displayName: input.displayName?.trim() || email.split("@")[0]!,
      role: input.role,
      createdAt: sqlNow(now),
      updatedAt: sqlNow(now),
    })
    .onConflictDoNothing()
    .returning();
  if (!inserted[0]) throw new StaffUserError("email-taken", "A staff user with that email exists already.");
  const user = toRow(inserted[0]);
  await recordAudit(
    db,
    { actor, action: "user-added", target: { type: "staff-user", id: String(user.id) }, details: { role: user.role } },
    now,
  );
  return user;
}

async function requireUser(db: Database, email: string): Promise<StaffUserRow> {
  const user = await findStaffUserByEmail(db, email);
  if (!user) throw new StaffUserError("no-such-user", "No staff user has that email.");
  return user;
}

async function activeAdminsBesides(db: Database, userId: number): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(staffUsers)
    .where(and(eq(staffUsers.role, "admin"), isNull(staffUsers.disabledAt), sql`${staffUsers.id} <> ${userId}`));
  return Number(row?.count ?? 0);
}

/** Disables (and signs out) or re-enables a user. The last active admin cannot be disabled. */
export async function setStaffUserDisabled(db: Database, email: string, disabled: boolean, actor: Actor, now: Date): Promise<StaffUserRow> {
  const user = await requireUser(db, email);
  if (disabled && user.role === "admin" && (await activeAdminsBesides(db, user.id)) === 0)
    throw new StaffUserError("last-admin", "The last active admin cannot be disabled.");
  await db
    .update(staffUsers)
    .set({ disabledAt: disabled ? sqlNow(now) : null, updatedAt: sqlNow(now) })
    .where(eq(staffUsers.id, user.id));
  if (disabled) await revokeUserSessions(db, user.id, now);
  await recordAudit(
    db,
    { actor, action: disabled ? "user-disabled" : "user-enabled", target: { type: "staff-user", id: String(user.id) } },
    now,
  );
  return (await findStaffUserById(db, user.id))!;
}

/** Changes a user's role. The last active admin keeps theirs. */
export async function setStaffUserRole(db: Database, email: string, role: StaffRole, actor: Actor, now: Date): Promise<StaffUserRow> {
  if (!isStaffRole(role)) throw new StaffUserError("invalid-role", "Unknown role.");
  const user = await requireUser(db, email);
  if (user.role === role) return user;
  if (user.role === "admin" && !user.disabledAt && (await activeAdminsBesides(db, user.id)) === 0)
    throw new StaffUserError("last-admin", "The last active admin cannot lose the admin role.");
  await db
    .update(staffUsers)
    .set({ role, updatedAt: sqlNow(now) })
    .where(eq(staffUsers.id, user.id));
  await recordAudit(
    db,
    { actor, action: "role-changed", target: { type: "staff-user", id: String(user.id) }, details: { from: user.role, to: role } },
    now,
  );
  return (await findStaffUserById(db, user.id))!;
}

/**
 * A new one-time set-password link's path (`/staff/set-password/<token>`); the token is stored
 * hashed. Audited when an actor is given (a link for an existing user: a reset).
 */
export async function createPasswordLink(db: Database, userId: number, now: Date, actor?: Actor): Promise<string> {
  const token = newToken();
  // Links past their time are of no use to anyone: dropped whenever a new one is made.
  await db.delete(staffPasswordLinks).where(lt(staffPasswordLinks.expiresAt, sqlNow(now)));
  await db.insert(staffPasswordLinks).values({
    tokenHash: tokenHash(token),
    userId,
    expiresAt: new Date(now.getTime() + PASSWORD_LINK_TTL_MS),
  });
  if (actor) await recordAudit(db, { actor, action: "password-link-issued", target: { type: "staff-user", id: String(userId) } }, now);
  return `${SET_PASSWORD_PATH}/${token}`;
}

/** The user a set-password token is valid for (unused, not expired, user enabled), or null. */
export async function passwordLinkUser(db: Database, token: string, now: Date): Promise<StaffUserRow | null> {
  const rows = await db
    .select({ user: staffUsers })
    .from(staffPasswordLinks)
    .innerJoin(staffUsers, eq(staffUsers.id, staffPasswordLinks.userId))
    .where(
      and(
        eq(staffPasswordLinks.tokenHash, tokenHash(token)),
        isNull(staffPasswordLinks.usedAt),
        gt(staffPasswordLinks.expiresAt, sqlNow(now)),
        isNull(staffUsers.disabledAt),
      ),
    )
    .limit(1);
  return rows[0] ? toRow(rows[0].user) : null;
}

export type SetPasswordResult = { ok: true; user: StaffUserRow } | { ok: false; problem: PasswordProblem | "invalid-link" };

/**
 * Sets a password through a link: the link is spent in the same statement that checks it (two
 * tabs cannot both use it), the user's other sessions end.
 */
export async function setPasswordWithLink(db: Database, token: string, password: string, now: Date): Promise<SetPasswordResult> {
  const user = await passwordLinkUser(db, token, now);
  if (!user) return { ok: false, problem: "invalid-link" };
  const problem = passwordProblem(password, user.email);
  if (problem) return { ok: false, problem };
  const passwordHash = await hashPassword(password);
  const spent = await db
    .update(staffPasswordLinks)
    .set({ usedAt: sqlNow(now) })
    .where(and(eq(staffPasswordLinks.tokenHash, tokenHash(token)), isNull(staffPasswordLinks.usedAt)))
    .returning({ userId: staffPasswordLinks.userId });
  if (spent.length === 0) return { ok: false, problem: "invalid-link" };
  await storePassword(db, user, passwordHash, { userId: user.id, label: user.email }, now);
  return { ok: true, user };
}

/** Sets a password directly (the CLI's --password-stdin). */
export async function setPasswordDirectly(
  db: Database,
  email: string,
  password: string,
  actor: Actor,
  now: Date,
): Promise<{ ok: true } | { ok: false; problem: PasswordProblem }> {
  const user = await requireUser(db, email);
  const problem = passwordProblem(password, user.email);
  if (problem) return { ok: false, problem };
  await storePassword(db, user, await hashPassword(password), actor, now);
  return { ok: true };
}

async function storePassword(db: Database, user: StaffUserRow, passwordHash: string, actor: Actor, now: Date): Promise<void> {
  await db
    .update(staffUsers)
    .set({ passwordHash, updatedAt: sqlNow(now) })
    .where(eq(staffUsers.id, user.id));
  await revokeUserSessions(db, user.id, now);
  await recordAudit(db, { actor, action: "password-set", target: { type: "staff-user", id: String(user.id) } }, now);
}
