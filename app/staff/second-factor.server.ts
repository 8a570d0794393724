/**
 * Enrolling a second factor, without JavaScript and without a half-enrolled state in the
 * database: the account page shows a new secret (QR code and text) with, in a hidden field, the
 * same secret sealed for this user (AES-GCM under the TOTP key, so it cannot be swapped for
 * another user's or forged). Confirming with a valid code stores it; the current session counts
 * as having given the second factor, the user's other sessions must give it at their next request.
 * Also the ways back: a user turns theirs off with a current code; an admin or the command line
 * resets a user's lost one.
 */
import { and, eq, isNotNull, isNull, ne } from "drizzle-orm";
import QRCode from "qrcode";
import { recordAudit } from "~/audit/audit-log.server";
import type { Database } from "~/db/client.server";
import { staffSessions, staffUsers } from "~/db/schema";
import { sqlNow } from "~/db/sql-now.server";
import { clearAccountFailures, recordSignInFailure, signInBlockedUntil, signInKeys } from "./sign-in-limits.server";
import { revokeUserSessions } from "./staff-sessions.server";
import { findStaffUserByEmail, findStaffUserById, StaffUserError, type Actor, type StaffUserRow } from "./staff-users.server";
import { acceptedTotpStep, decryptTotpSecret, encryptTotpSecret, newTotpSecret, totpUri } from "./totp.server";

export interface EnrolmentOffer {
  /** base32, shown as text for typing into an app. */
  secret: string;
  /** The QR code of the otpauth:// URI, an SVG document. */
  qrSvg: string;
  /** The sealed secret for the form's hidden field. */
  sealed: string;
}

export async function enrolmentOffer(sessionSecret: string, user: { id: number; email: string }): Promise<EnrolmentOffer> {
  const secret = newTotpSecret();
  const qrSvg = await QRCode.toString(totpUri(secret, user.email), { type: "svg", errorCorrectionLevel: "M", margin: 2, width: 220 });
  return { secret, qrSvg, sealed: encryptTotpSecret(sessionSecret, `${user.id}:${secret}`) };
}

/** Stores the offered secret when the code is valid for it; false otherwise (wrong code, tampered field). */
export async function confirmEnrolment(
  db: Database,
  sessionSecret: string,
  user: { id: number; email: string; sessionId: string },
  sealed: string,
  code: string,
  now: Date,
): Promise<boolean> {
  let secret: string;
  try {
    const [userId, base32] = decryptTotpSecret(sessionSecret, sealed).split(":");
    if (Number(userId) !== user.id || !base32) return false;
    secret = base32;
  } catch {
    return false;
  }
  const step = acceptedTotpStep(secret, code, now, null);
  if (step === null) return false;
  const updated = await db
    .update(staffUsers)
    .set({ totpSecretEncrypted: encryptTotpSecret(sessionSecret, secret), totpLastStep: step, updatedAt: sqlNow(now) })
    .where(and(eq(staffUsers.id, user.id), isNull(staffUsers.totpSecretEncrypted)))
    .returning({ id: staffUsers.id });
  if (updated.length === 0) return false;
  await db
    .update(staffSessions)
    .set({ secondFactorAt: sqlNow(now) })
    .where(eq(staffSessions.idHash, user.sessionId));
  await recordAudit(
    db,
    { actor: { userId: user.id, label: user.email }, action: "second-factor-enabled", target: { type: "staff-user", id: String(user.id) } },
    now,
  );
  return true;
}

/**
 * An admin's (or the command line's) way out for a user who lost their authenticator: the second
 * factor is removed and every session of the user ends, half-signed-in ones included (a session
 * that gave only the password would otherwise count as complete once there is no second factor).
 * The user signs in again with their password and, where STAFF_REQUIRE_2FA applies, must enrol a
 * new one before any other staff page. Whoever resets must first make sure the request is really
 * theirs: after a reset the password alone opens the account.
 */
export async function resetSecondFactor(db: Database, email: string, actor: Actor, now: Date): Promise<StaffUserRow> {
  const user = await findStaffUserByEmail(db, email);
  if (!user) throw new StaffUserError("no-such-user", "No staff user has that email.");
  const cleared = await db
    .update(staffUsers)
    .set({ totpSecretEncrypted: null, totpLastStep: null, updatedAt: sqlNow(now) })
    .where(and(eq(staffUsers.id, user.id), isNotNull(staffUsers.totpSecretEncrypted)))
    .returning({ id: staffUsers.id });
  if (cleared.length === 0) throw new StaffUserError("no-second-factor", `${user.email} has no second factor.`);
  const sessions = await revokeUserSessions(db, user.id, now);
  await recordAudit(
    db,
    { actor, action: "second-factor-reset", target: { type: "staff-user", id: String(user.id) }, details: { sessions } },
    now,
  );
  return user;
}

export type TurnOffResult = { ok: true } | { ok: false; problem: "code" | "limited" | "none" };

/**
 * A user turning off their own second factor, proven by a current code (a session left open on
 * someone's computer is not enough). Wrong codes count against the sign-in limits, so a stolen
 * session cannot guess its way through. The user's other sessions end, for the reason given at
 * resetSecondFactor; this one stays. Whether the role may go without is the caller's check.
 */
export async function turnOffSecondFactor(
  db: Database,
  user: { id: number; email: string; sessionId: string },
  code: string,
  circumstances: { sessionSecret: string; clientAddress: string; now: Date },
): Promise<TurnOffResult> {
  const { sessionSecret, clientAddress, now } = circumstances;
  const stored = await findStaffUserById(db, user.id);
  if (!stored?.totpSecretEncrypted) return { ok: false, problem: "none" };
  const keys = signInKeys(sessionSecret, stored.email, clientAddress);
  if (await signInBlockedUntil(db, keys, now)) return { ok: false, problem: "limited" };
  const step = acceptedTotpStep(decryptTotpSecret(sessionSecret, stored.totpSecretEncrypted), code, now, stored.totpLastStep);
  if (step === null) {
    await recordSignInFailure(db, keys, now);
    return { ok: false, problem: "code" };
  }
  // Only the secret that was checked is removed (not one enrolled meanwhile in another tab).
  const cleared = await db
    .update(staffUsers)
    .set({ totpSecretEncrypted: null, totpLastStep: null, updatedAt: sqlNow(now) })
    .where(and(eq(staffUsers.id, user.id), eq(staffUsers.totpSecretEncrypted, stored.totpSecretEncrypted)))
    .returning({ id: staffUsers.id });
  if (cleared.length === 0) return { ok: false, problem: "none" };
  await clearAccountFailures(db, keys);
  await db
    .update(staffSessions)
    .set({ revokedAt: sqlNow(now) })
    .where(and(eq(staffSessions.userId, user.id), isNull(staffSessions.revokedAt), ne(staffSessions.idHash, user.sessionId)));
  await recordAudit(
    db,
    {
      actor: { userId: user.id, label: user.email },
      action: "second-factor-disabled",
      target: { type: "staff-user", id: String(user.id) },
    },
    now,
  );
  return { ok: true };
}
