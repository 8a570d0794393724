/**
 * Twilio's webhooks under hostile input, over HTTP, on both databases. The requests carry VALID
 * signatures over hostile forms (the point is the handler behind the check: random and injected
 * text, NUL, bidi overrides, oversized values, bytes that are not UTF-8, unknown and odd keys), and
 * forged ones. Never a 5xx; a malformed form is a 400 that stores nothing; a forged signature a 403
 * that stores nothing; and what is stored never holds text PostgreSQL or a phone cannot take.
 */
import fc from "fast-check";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inboundMessages, outboxMessages, subscribers, webhookReceipts } from "~/db/schema";
import { TWILIO_MESSAGE_STATUSES } from "~/messaging/transports/twilio-outcomes";
import { formParams, signTwilioRequest } from "~/messaging/twilio-signature.server";
import { DATABASE_KINDS } from "../setup/test-database";
import {
  AUTH_TOKEN,
  INBOUND_PATH,
  OUR_KG_NUMBER,
  PUBLIC_BASE_URL,
  freshNumber,
  newMessageSid,
  startInboundServer,
  type InboundServer,
} from "../integration/twilio-inbound-harness";
import { fetchAnswer, fuzzRuns, hostileComponent, hostileText, invalidUtf8Bytes, wellFormed } from "./hostile";

const STATUS_PATH = "/webhooks/twilio/status";

/** Text the database and a phone can hold: no NUL or other C0 control but tab and newlines, no lone surrogate. */
// Control characters are what this pattern finds.
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Sends raw body bytes with a valid signature over the parameters the server will parse from them. */
function sendSigned(server: InboundServer, path: string, body: Uint8Array<ArrayBuffer> | string, signature?: string): Promise<Response> {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  const params = formParams(Buffer.from(bytes).toString("utf8"));
  // Signed as Twilio would: the URL as a client serialises it (what fetch sends).
  const value = signature ?? signTwilioRequest(AUTH_TOKEN, new URL(`${PUBLIC_BASE_URL}${path}`).href, params);
  return fetchAnswer(`${server.url}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": value },
    body: bytes,
  });
}

async function rowCounts(server: InboundServer) {
  const one = async (table: typeof inboundMessages | typeof subscribers | typeof outboxMessages | typeof webhookReceipts) =>
    (await server.db.select({ n: count() }).from(table))[0]!.n;
  return {
    inbound: await one(inboundMessages),
    subscribers: await one(subscribers),
    outbox: await one(outboxMessages),
    receipts: await one(webhookReceipts),
  };
}

/** A field: usually plausible, often hostile, sometimes missing. */
const field = (plausible: fc.Arbitrary<string>) => fc.option(fc.oneof(plausible, hostileText), { nil: undefined, freq: 8 });

const plausibleFrom = fc.oneof(
  fc.constant(null).map(() => freshNumber("+996", "55")),
  fc.constant(null).map(() => `whatsapp:${freshNumber("+996", "55")}`),
  fc.constantFrom("InfoSMS", "12345", "+7", "whatsapp:", "+996 555 000 101"),
);

const inboundForm = fc
  .record({
    MessageSid: field(fc.constant(null).map(newMessageSid)),
    From: field(plausibleFrom),
    To: field(fc.constantFrom(OUR_KG_NUMBER, `whatsapp:${OUR_KG_NUMBER}`)),
    Body: field(fc.constantFrom("HELP", "STOP", "JOIN", "1", "СТОП", "توقف", "")),
    NumMedia: field(fc.constantFrom("0", "1", "11", "-1", "1.5")),
    OptOutType: field(fc.constantFrom("STOP", "START", "HELP")),
    extra: fc.option(fc.tuple(hostileText, hostileText), { nil: undefined }),
  })
  .map(({ extra, ...fields }) => {
    const entries = Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined);
    if (extra) entries.push(extra);
    // URLSearchParams writes lone surrogates as U+FFFD: what crosses the wire is UTF-8.
    return new URLSearchParams(entries).toString();
  });

describe.each(DATABASE_KINDS)("Twilio webhooks under hostile input (%s)", (kind) => {
  let server: InboundServer;
  beforeAll(async () => {
    server = await startInboundServer(kind, { LOG_LEVEL: "warn" });
  });
  afterAll(() => server?.close());

  it("inbound, signed hostile forms: 200 or a 400 that stores nothing, never a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: inboundForm }, { weight: 1, arbitrary: invalidUtf8Bytes }), async (body) => {
        const before = await rowCounts(server);
        const response = await sendSigned(server, INBOUND_PATH, body);
        const text = await response.text();
        // 413: a form past the 64 KB limit (the oversized generators reach it).
        expect([200, 400, 413], text.slice(0, 200)).toContain(response.status);
        const after = await rowCounts(server);
        if (response.status !== 200) expect(after).toEqual(before);
        // One message is at most one inbound row and one reply.
        expect(after.inbound - before.inbound).toBeLessThanOrEqual(1);
        expect(after.outbox - before.outbox).toBeLessThanOrEqual(1);
      }),
      { numRuns: fuzzRuns(30) },
    );
  });

  it("inbound, forged or missing signatures: 403 and nothing stored", async () => {
    await fc.assert(
      fc.asyncProperty(
        inboundForm,
        fc.option(fc.string({ unit: fc.constantFrom(..."ABCDEFabcdef0123456789+/="), maxLength: 40 })),
        async (body, forged) => {
          const before = await rowCounts(server);
          const response = await fetchAnswer(`${server.url}${INBOUND_PATH}`, {
            method: "POST",
            headers: { "Content-Type": "application/x-www-form-urlencoded", ...(forged === null ? {} : { "X-Twilio-Signature": forged }) },
            body,
          });
          // 413 before the signature is looked at, for a form past the limit.
          expect([403, 413]).toContain(response.status);
          expect(await rowCounts(server)).toEqual(before);
        },
      ),
      { numRuns: fuzzRuns(10) },
    );
  });

  it("inbound, hostile query strings on a signed request: never a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(hostileComponent, async (query) => {
        const path = `${INBOUND_PATH}?${query}=${query}`;
        const body = new URLSearchParams({
          MessageSid: newMessageSid(),
          From: freshNumber("+996", "55"),
          To: OUR_KG_NUMBER,
          Body: "HELP",
        }).toString();
        const response = await sendSigned(server, path, body);
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: fuzzRuns(8) },
    );
  });

  it("stored nothing PostgreSQL or a phone cannot take", async () => {
    const stored = await server.db.select().from(subscribers);
    for (const row of stored) for (const value of Object.values(row)) if (typeof value === "string") expect(value).not.toMatch(UNSTORABLE);
    const sids = await server.db.select({ sid: inboundMessages.messageSid }).from(inboundMessages);
    for (const { sid } of sids) expect(sid).toMatch(/^[A-Z]{2}[0-9a-fA-F]{32}$/);
    const replies = await server.db.select({ body: outboxMessages.body }).from(outboxMessages);
    for (const { body } of replies) expect(body ?? "").not.toMatch(UNSTORABLE);
  });

  it("status callbacks, signed hostile forms and query strings: 200 or 400, never a 5xx; receipts only for real SIDs", async () => {
    const statusForm = fc
      .record({
        MessageSid: field(fc.constant(null).map(newMessageSid)),
        MessageStatus: field(fc.constantFrom(...TWILIO_MESSAGE_STATUSES)),
        ErrorCode: field(fc.constantFrom("", "30003", "21610", "9999999", "-1")),
        extra: fc.option(fc.tuple(hostileText, hostileText), { nil: undefined }),
      })
      .map(({ extra, ...fields }) => {
        const entries = Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined);
        if (extra) entries.push(extra);
        return new URLSearchParams(entries).toString();
      });
    const outbox = fc.option(fc.oneof(fc.constantFrom("1", "2", "99999999", "0", "-1", "1e3", "9".repeat(20)), hostileComponent), {
      nil: undefined,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 4, arbitrary: statusForm }, { weight: 1, arbitrary: invalidUtf8Bytes }),
        outbox,
        async (body, id) => {
          const before = await rowCounts(server);
          const path = id === undefined ? STATUS_PATH : `${STATUS_PATH}?outbox=${id}`;
          const response = await sendSigned(server, path, body);
          const text = await response.text();
          // A query with a broken escape (`%`, `%FF`) is one Twilio's own library cannot sign
          // reproducibly (it normalises the URL): Twilio never calls such a URL, so a 403 is fine; a
          // URL of tens of kilobytes is refused by Node itself (414/431).
          const expected = id === undefined || /^[\w.-]*$/.test(id) ? [200, 400, 413] : [200, 400, 403, 413, 414, 431];
          expect(expected, text.slice(0, 200)).toContain(response.status);
          if (response.status !== 200) expect(await rowCounts(server)).toEqual(before);
        },
      ),
      { numRuns: fuzzRuns(25) },
    );
    const receipts = await server.db.select().from(webhookReceipts);
    const statuses = TWILIO_MESSAGE_STATUSES.join("|");
    for (const receipt of receipts.filter((row) => row.provider === "twilio-status")) {
      expect(receipt.deliveryId).toMatch(new RegExp(`^(SM|MM)[0-9a-fA-F]{32}:(${statuses})$`));
    }
  });

  it("status callbacks, forged signatures: 403", async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, async (forged) => {
        const signature = Buffer.from(wellFormed(forged)).toString("base64").slice(0, 200);
        const body = new URLSearchParams({ MessageSid: newMessageSid(), MessageStatus: "delivered" }).toString();
        const response = await sendSigned(server, STATUS_PATH, body, signature === "" ? "x" : signature);
        expect(response.status).toBe(403);
      }),
      { numRuns: fuzzRuns(10) },
    );
  });
});
