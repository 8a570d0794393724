/**
 * Sanity webhook signatures, built with Sanity's own toolkit (`@sanity/webhook`) so our
 * verification is checked against the real format, not against itself.
 */
import { decodeSignatureHeader, encodeSignatureHeader, isValidSignature } from "@sanity/webhook";
import { describe, expect, it } from "vitest";
import {
  MAX_SIGNATURE_AGE_MS,
  MAX_SIGNATURE_SKEW_MS,
  signSanityPayload,
  verifySanityWebhookSignature,
} from "~/content/sanity-webhook-signature.server";

const SECRET = "test-webhook-secret-0123456789";
const BODY = JSON.stringify({ _id: "campaign-safe-work", _type: "campaign", title: { ru: "Безопасная работа" } });
const NOW = Date.parse("2025-03-01T12:00:00Z");

describe("verifySanityWebhookSignature", () => {
  it("accepts a signature made by @sanity/webhook", async () => {
    const header = await encodeSignatureHeader(BODY, NOW, SECRET);
    const result = verifySanityWebhookSignature({ header, rawBody: BODY, secret: SECRET, now: NOW });
    expect(result).toEqual({ ok: true, timestamp: NOW, signature: decodeSignatureHeader(header).hashedPayload });
  });

  it("accepts the body as raw bytes (non-ASCII content)", async () => {
    const header = await encodeSignatureHeader(BODY, NOW, SECRET);
    const bytes = new TextEncoder().encode(BODY);
    expect(verifySanityWebhookSignature({ header, rawBody: bytes, secret: SECRET, now: NOW }).ok).toBe(true);
  });

  it("signs exactly like @sanity/webhook", async () => {
    const header = `t=${NOW},v1=${signSanityPayload(BODY, NOW, SECRET)}`;
    expect(header).toBe(await encodeSignatureHeader(BODY, NOW, SECRET));
    expect(await isValidSignature(BODY, header, SECRET)).toBe(true);
  });

  it.each([
    ["a missing header", null, "missing"],
    ["an empty header", "  ", "missing"],
    ["a header without v1", `t=${NOW}`, "malformed"],
    ["a header with a non-numeric timestamp", "t=yesterday,v1=abc", "malformed"],
  ] as const)("rejects %s", (_case, header, reason) => {
    expect(verifySanityWebhookSignature({ header, rawBody: BODY, secret: SECRET, now: NOW })).toEqual({ ok: false, reason });
  });

  it("rejects a signature made with another secret as forged", async () => {
    const header = await encodeSignatureHeader(BODY, NOW, "another-secret-9876543210");
    expect(verifySanityWebhookSignature({ header, rawBody: BODY, secret: SECRET, now: NOW })).toEqual({
      ok: false,
      reason: "forged",
    });
  });

  it("rejects a tampered body as forged", async () => {
    const header = await encodeSignatureHeader(BODY, NOW, SECRET);
    const tampered = BODY.replace("safe-work", "other");
    expect(verifySanityWebhookSignature({ header, rawBody: tampered, secret: SECRET, now: NOW })).toMatchObject({
      reason: "forged",
    });
  });

  it("rejects a signature of another length, and a re-dated signature, as forged", async () => {
    const header = await encodeSignatureHeader(BODY, NOW, SECRET);
    const { hashedPayload } = decodeSignatureHeader(header);
    const shorter = `t=${NOW},v1=${hashedPayload.slice(0, -1)}`;
    const redated = `t=${NOW + 1000},v1=${hashedPayload}`;
    for (const candidate of [shorter, redated]) {
      expect(verifySanityWebhookSignature({ header: candidate, rawBody: BODY, secret: SECRET, now: NOW })).toMatchObject({
        reason: "forged",
      });
    }
  });

  it("rejects an authentic delivery older than five minutes as stale", async () => {
    const sentAt = NOW - MAX_SIGNATURE_AGE_MS - 1;
    const header = await encodeSignatureHeader(BODY, sentAt, SECRET);
    expect(verifySanityWebhookSignature({ header, rawBody: BODY, secret: SECRET, now: NOW })).toEqual({
      ok: false,
      reason: "stale",
    });
    const justInTime = await encodeSignatureHeader(BODY, NOW - MAX_SIGNATURE_AGE_MS, SECRET);
    expect(verifySanityWebhookSignature({ header: justInTime, rawBody: BODY, secret: SECRET, now: NOW }).ok).toBe(true);
  });

  it("rejects a timestamp more than a minute ahead as future", async () => {
    const header = await encodeSignatureHeader(BODY, NOW + MAX_SIGNATURE_SKEW_MS + 1, SECRET);
    expect(verifySanityWebhookSignature({ header, rawBody: BODY, secret: SECRET, now: NOW })).toEqual({
      ok: false,
      reason: "future",
    });
    const skewed = await encodeSignatureHeader(BODY, NOW + MAX_SIGNATURE_SKEW_MS, SECRET);
    expect(verifySanityWebhookSignature({ header: skewed, rawBody: BODY, secret: SECRET, now: NOW }).ok).toBe(true);
  });

  it("checks the signature before the timestamp, so a forged old request is reported forged", async () => {
    const header = await encodeSignatureHeader(BODY, NOW - 60 * 60_000, "another-secret-9876543210");
    expect(verifySanityWebhookSignature({ header, rawBody: BODY, secret: SECRET, now: NOW })).toMatchObject({
      reason: "forged",
    });
  });
});
