/**
 * Signing in, step by step: email and password, then the TOTP code when the user has one. Every
 * refusal looks the same (one message, the same argon2 work whether or not the email exists) and
 * counts against the account's and the client's limits (app/staff/sign-in-limits.server.ts).
 * Failures are audited without storing what a stranger typed: an unknown email is "unknown".
 */
import { eq } from "drizzle-orm";
import { recordAudit } from "~/audit/audit-log.server";
import type { Database } from "~/db/client.server";
import { staffUsers } from "~/db/schema";
import { verifyPassword } from "./passwords.server";
import { clearAccountFailures, recordSignInFailure, signInBlockedUntil, signInKeys } from "./sign-in-limits.server";
import { findStaffUserByEmail, findStaffUserById, normalizeEmail } from "./staff-users.server";
import { acceptedTotpStep, decryptTotpSecret } from "./totp.server";

export type SignInResult =
  | { kind: "signed-in"; userId: number; email: string; needsSecondFactor: boolean }
  | { kind: "refused" }
  | { kind: "limited"; retryAt: Date };

export interface SignInCircumstances {
  sessionSecret: string;
  clientAddress: string;
  now: Date;
}

export async function signInWithPassword(
  db: Database,
  input: { email: string; password: string },
  { sessionSecret, clientAddress, now }: SignInCircumstances,
): Promise<SignInResult> {
  const email = normalizeEmail(input.email);
  const keys = signInKeys(sessionSecret, email, clientAddress);
  const blockedUntil = await signInBlockedUntil(db, keys, now);
  if (blockedUntil) return { kind: "limited", retryAt: blockedUntil };
  const user = await findStaffUserByEmail(db, email);
  // Always the argon2 work, also for an unknown email or a user without a password.
  const matches = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !matches || user.disabledAt) {
    await recordSignInFailure(db, keys, now);
    await recordAudit(
      db,
      user
        ? {
            actor: { userId: user.id, label: user.email },
            action: "sign-in-failed",
            target: { type: "staff-user", id: String(user.id) },
            details: { step: "password" },
          }
        : { actor: { userId: null, label: "unknown" }, action: "sign-in-failed", details: { step: "password" } },
      now,
    );
    return { kind: "refused" };
  }
  if (!user.totpSecretEncrypted) {
    await clearAccountFailures(db, keys);
    await recordAudit(
      db,
      { actor: { userId: user.id, label: user.email }, action: "sign-in", target: { type: "staff-user", id: String(user.id) } },
      now,
    );
  }
  return { kind: "signed-in", userId: user.id, email: user.email, needsSecondFactor: user.totpSecretEncrypted !== null };
}

/** The code step, for a session whose password step passed. */
export async function signInWithCode(
  db: Database,
  userId: number,
  code: string,
  circumstances: SignInCircumstances,
): Promise<SignInResult> {
  const { sessionSecret, clientAddress, now } = circumstances;
  const user = await findStaffUserById(db, userId);
  if (!user || user.disabledAt || !user.totpSecretEncrypted) return { kind: "refused" };
  const keys = signInKeys(sessionSecret, user.email, clientAddress);
  const blockedUntil = await signInBlockedUntil(db, keys, now);
  if (blockedUntil) return { kind: "limited", retryAt: blockedUntil };
  const step = acceptedTotpStep(decryptTotpSecret(sessionSecret, user.totpSecretEncrypted), code, now, user.totpLastStep);
  const actor = { userId: user.id, label: user.email };
  const target = { type: "staff-user", id: String(user.id) };
  if (step === null) {
    await recordSignInFailure(db, keys, now);
    await recordAudit(db, { actor, action: "sign-in-failed", target, details: { step: "code" } }, now);
    return { kind: "refused" };
  }
  await db.update(staffUsers).set({ totpLastStep: step }).where(eq(staffUsers.id, user.id));
  await clearAccountFailures(db, keys);
  await recordAudit(db, { actor, action: "sign-in", target, details: { secondFactor: true } }, now);
  return { kind: "signed-in", userId: user.id, email: user.email, needsSecondFactor: false };
}
