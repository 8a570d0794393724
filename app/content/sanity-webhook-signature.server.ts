/**
 * Verifies Sanity's GROQ-powered webhook signature.
 *
 * Header `sanity-webhook-signature: t=<unix ms>,v1=<signature>` where the signature is the
 * base64url (unpadded) HMAC-SHA256, keyed with the webhook secret, of `<t>.<raw body>`; the same
 * format `@sanity/webhook`'s `encodeSignatureHeader` produces and `decodeSignatureHeader` parses.
 * https://github.com/sanity-io/webhook-toolkit , https://www.sanity.io/docs/webhooks
 *
 * Beyond the toolkit: constant-time comparison, and a timestamp window, so a captured delivery
 * cannot be replayed later (replays inside the window are caught by the receipt store).
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const SANITY_SIGNATURE_HEADER = "sanity-webhook-signature";

/** Older deliveries are refused as stale. */
export const MAX_SIGNATURE_AGE_MS = 5 * 60_000;
/** Allowed clock skew for timestamps ahead of ours. */
export const MAX_SIGNATURE_SKEW_MS = 60_000;

// Same grammar as @sanity/webhook's SIGNATURE_HEADER_REGEX.
const SIGNATURE_HEADER = /^t=(\d+)[, ]+v1=([^, ]+)$/;

export type SignatureFailure = "missing" | "malformed" | "forged" | "stale" | "future";

export type SignatureVerification = { ok: true; timestamp: number; signature: string } | { ok: false; reason: SignatureFailure };

export interface VerifySignatureInput {
  header: string | null | undefined;
  /** The body exactly as received: bytes, so a re-encoding can never change what was signed. */
  rawBody: string | Uint8Array;
  secret: string;
  /** Milliseconds since the epoch; tests pass their own clock. */
  now?: number;
}

/** The `v1` value for a body and timestamp (Node's base64url has no padding, like Sanity's). */
export function signSanityPayload(rawBody: string | Uint8Array, timestamp: number, secret: string): string {
  return createHmac("sha256", secret)
    .update(`${timestamp}.`, "utf8")
    .update(typeof rawBody === "string" ? Buffer.from(rawBody, "utf8") : rawBody)
    .digest("base64url");
}

export function verifySanityWebhookSignature(input: VerifySignatureInput): SignatureVerification {
  if (!input.header || input.header.trim() === "") return { ok: false, reason: "missing" };
  const match = SIGNATURE_HEADER.exec(input.header.trim());
  const [, timestampText, signature] = match ?? [];
  if (!timestampText || !signature) return { ok: false, reason: "malformed" };
  const timestamp = Number(timestampText);
  if (!Number.isSafeInteger(timestamp)) return { ok: false, reason: "malformed" };

  const expected = Buffer.from(signSanityPayload(input.rawBody, timestamp, input.secret), "utf8");
  const received = Buffer.from(signature, "utf8");
  // Lengths are public (always 43 characters for SHA-256); the bytes are compared in constant time.
  if (expected.length !== received.length || !timingSafeEqual(expected, received)) {
    return { ok: false, reason: "forged" };
  }

  // The timestamp is checked only once it is known to be authentic.
  const now = input.now ?? Date.now();
  if (now - timestamp > MAX_SIGNATURE_AGE_MS) return { ok: false, reason: "stale" };
  if (timestamp - now > MAX_SIGNATURE_SKEW_MS) return { ok: false, reason: "future" };
  return { ok: true, timestamp, signature };
}
