/**
 * Staff passwords: argon2id (@node-rs/argon2 defaults, m=19 MiB, t=2, p=1: OWASP's minimum for
 * argon2id, ~15 ms a hash here), at least 12 characters, not on the deny list, not the email.
 * Verifying against an unknown email runs the same argon2 work on a fixed dummy hash, so the
 * answer and its timing do not tell whether the account exists.
 */
import { hash, verify } from "@node-rs/argon2";
import { COMMON_PASSWORDS } from "./common-passwords";

export const PASSWORD_MIN_LENGTH = 12;
/** argon2 hashes anything, but a megabyte "password" is only a way to burn our CPU. */
export const PASSWORD_MAX_LENGTH = 200;

export type PasswordProblem = "too-short" | "too-long" | "too-common" | "is-email";

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, email: string): PasswordProblem | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return "too-short";
  if (password.length > PASSWORD_MAX_LENGTH) return "too-long";
  const lower = password.trim().toLowerCase();
  if (COMMON_PASSWORDS.has(lower) || new Set(lower).size < 4) return "too-common";
  if (lower === email.toLowerCase() || lower === email.toLowerCase().split("@")[0]) return "is-email";
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

let dummyHash: Promise<string> | undefined;

/**
 * True when `password` matches `stored`. With `stored` null (no such user, no password set yet)
 * the same work is done against a dummy hash and the answer is false.
 */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  dummyHash ??= hash("a dummy password nobody has, for equal timing");
  const target = stored ?? (await dummyHash);
  try {
    const matches = await verify(target, password.slice(0, PASSWORD_MAX_LENGTH));
    return stored !== null && matches;
  } catch {
    // A malformed stored hash (verify throws): no match, never a crash at sign-in.
    return false;
  }
}
