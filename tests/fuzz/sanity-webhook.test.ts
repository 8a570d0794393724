/**
 * POST /webhooks/sanity under hostile input over HTTP, on both databases: signed deliveries of
 * random JSON, random text and bytes that are not UTF-8, and a body past the limit, with hostile
 * idempotency keys and document headers; and forged or missing signatures. Never a 5xx; signed
 * means 200 (or 413 past the limit); forged means 403 and no receipt; a stored receipt is bounded
 * and holds no NUL.
 */
import fc from "fast-check";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signSanityPayload } from "~/content/sanity-webhook-signature.server";
import { webhookReceipts } from "~/db/schema";
import { DATABASE_KINDS } from "../setup/test-database";
import { startTestServer, type TestServer } from "../setup/test-server";
import { fetchAnswer, fuzzRuns, hostileText, invalidUtf8Bytes, wellFormed } from "./hostile";

const SECRET = "webhook-secret-for-fuzz-tests-0123";

/** Header values fetch can send (Latin-1, no controls), from hostile text. */
const headerValue = hostileText.map((text) =>
  wellFormed(text)
    .replace(/[^\x20-\x7e\xa0-\xff]/g, "")
    .slice(0, 500),
);

const body: fc.Arbitrary<string | Uint8Array<ArrayBuffer>> = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify({ _id: "siteSettings", title: value })),
  hostileText,
  invalidUtf8Bytes,
);

/** Sanity signs the bytes it sends (Sanity's own encoder takes a string, so it cannot sign bytes that are not UTF-8). */
function signatureHeader(payload: string | Uint8Array<ArrayBuffer>): string {
  const timestamp = Date.now();
  return `t=${timestamp},v1=${signSanityPayload(payload, timestamp, SECRET)}`;
}

describe.each(DATABASE_KINDS)("Sanity webhook under hostile input (%s)", (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ databaseKind: kind, env: { SANITY_WEBHOOK_SECRET: SECRET } });
  });
  afterAll(() => server?.close());

  const receipts = async () => (await server.db.select({ n: count() }).from(webhookReceipts))[0]!.n;

  it("signed hostile deliveries: 200, or 413 past the limit; never a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(
        body,
        fc.record(
          { "idempotency-key": headerValue, "sanity-document-id": headerValue, "sanity-operation": headerValue },
          { requiredKeys: [] },
        ),
        async (payload, headers) => {
          const signature = signatureHeader(payload);
          const response = await fetchAnswer(`${server.url}/webhooks/sanity`, {
            method: "POST",
            headers: { "content-type": "application/json", "sanity-webhook-signature": signature, ...headers },
            body: payload,
          });
          await response.text();
          expect(response.status).toBe(200);
        },
      ),
      { numRuns: fuzzRuns(15) },
    );
    const stored = await server.db.select().from(webhookReceipts);
    for (const receipt of stored) {
      expect(receipt.deliveryId.length).toBeLessThanOrEqual(204);
      expect(receipt.deliveryId).not.toContain("\0");
    }
  });

  it("a signed body past 1 MB: 413 and no receipt", async () => {
    const before = await receipts();
    const payload = JSON.stringify({ _id: "siteSettings", title: "\u202e".repeat(400_000) });
    const response = await fetchAnswer(`${server.url}/webhooks/sanity`, {
      method: "POST",
      headers: { "content-type": "application/json", "sanity-webhook-signature": signatureHeader(payload) },
      body: payload,
    });
    expect(response.status).toBe(413);
    expect(await receipts()).toBe(before);
  });

  it("forged and missing signatures: 403 and no receipt", async () => {
    await fc.assert(
      fc.asyncProperty(body, fc.option(headerValue, { nil: undefined }), async (payload, forged) => {
        const before = await receipts();
        const response = await fetchAnswer(`${server.url}/webhooks/sanity`, {
          method: "POST",
          headers: { "content-type": "application/json", ...(forged === undefined ? {} : { "sanity-webhook-signature": forged }) },
          body: payload,
        });
        await response.text();
        expect(response.status).toBe(403);
        expect(await receipts()).toBe(before);
      }),
      { numRuns: fuzzRuns(8) },
    );
  });
});
