/**
 * The second factor: TOTP (RFC 6238, SHA-1, 6 digits, 30 s, as every authenticator app expects)
 * with otpauth. The secret is kept AES-256-GCM encrypted under a key derived from SESSION_SECRET
 * with HKDF (docs/decisions/023-staff-accounts.md): a database dump alone gives no codes. A code
 * is accepted one step either side of now, and never twice (the last accepted step is stored).
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import * as OTPAuth from "otpauth";

const PERIOD_SECONDS = 30;
const FORMAT = "t1";

function keyFrom(sessionSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", sessionSecret, "protect-campaigns", "staff-totp-secret-v1", 32));
}

export function encryptTotpSecret(sessionSecret: string, base32: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFrom(sessionSecret), nonce);
  const sealed = Buffer.concat([cipher.update(base32, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${FORMAT}.${Buffer.concat([nonce, sealed]).toString("base64url")}`;
}

export function decryptTotpSecret(sessionSecret: string, stored: string): string {
  const [format, payload] = stored.split(".");
  if (format !== FORMAT || !payload) throw new Error("unknown TOTP secret format");
  const raw = Buffer.from(payload, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", keyFrom(sessionSecret), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString("utf8");
}

/** A new 20-byte secret, base32 (what authenticator apps take). */
export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

function totpOf(base32: string, label = "staff"): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: "protect-campaigns",
    label,
    algorithm: "SHA1",
    digits: 6,
    period: PERIOD_SECONDS,
    secret: OTPAuth.Secret.fromBase32(base32),
  });
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(base32: string, accountName: string): string {
  return totpOf(base32, accountName).toString();
}

/** The current code (tests, and nothing else). */
export function totpCode(base32: string, now: Date): string {
  return totpOf(base32).generate({ timestamp: now.getTime() });
}

/**
 * The time step of a valid code, or null. A step at or before `lastStep` is refused: a code seen
 * over a shoulder or replayed cannot be used again.
 */
export function acceptedTotpStep(base32: string, code: string, now: Date, lastStep: number | null): number | null {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpOf(base32).validate({ token, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  const step = Math.floor(now.getTime() / 1000 / PERIOD_SECONDS) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}
