/**
 * POST /webhooks/twilio/inbound over real HTTP: the signature is checked against PUBLIC_BASE_URL
 * before anything is stored, the body is bounded, the form validated, the answer is empty TwiML,
 * and Twilio's retries of one MessageSid make one conversation step and one reply.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signTwilioRequest } from "~/messaging/twilio-signature.server";
import { DATABASE_KINDS } from "../setup/test-database";
import {
  AUTH_TOKEN,
  INBOUND_PATH,
  OUR_KG_NUMBER,
  OUR_WHATSAPP_NUMBER,
  PUBLIC_BASE_URL,
  freshNumber,
  newMessageSid,
  signedRequest,
  startInboundServer,
  type InboundServer,
} from "./twilio-inbound-harness";

describe.each(DATABASE_KINDS)("inbound webhook (%s)", (kind) => {
  let server: InboundServer;
  beforeAll(async () => {
    server = await startInboundServer(kind);
  });
  afterAll(() => server?.close());

  const params = (from: string, body = "HELP") => ({ MessageSid: newMessageSid(), From: from, To: OUR_KG_NUMBER, Body: body });
  const url = () => `${server.url}${INBOUND_PATH}`;

  it("answers a signed message with empty TwiML and queues the reply", async () => {
    const from = freshNumber("+996", "55");
    const response = await fetch(signedRequest(url(), params(from)));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/xml/);
    expect(await response.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    expect(await server.repliesTo(from)).toHaveLength(1);
  });

  it.each([
    ["missing", null],
    ["forged", "bm90LWEtcmVhbC1zaWduYXR1cmU="],
  ])("rejects a %s signature with 403 and stores nothing", async (_label, signature) => {
    const before = await server.inboundCount();
    const from = freshNumber("+996", "55");
    const response = await fetch(signedRequest(url(), params(from), signature));
    expect(response.status).toBe(403);
    expect(await server.inboundCount()).toBe(before);
    expect(await server.subscriberOf(from)).toBeUndefined();
    expect(await server.repliesTo(from)).toEqual([]);
  });

  it("rejects a signature made for another URL (the Host header is not trusted)", async () => {
    const from = freshNumber("+996", "55");
    const body = params(from);
    const signature = signTwilioRequest(AUTH_TOKEN, `${server.url}${INBOUND_PATH}`, body);
    const response = await fetch(signedRequest(url(), body, signature));
    expect(response.status).toBe(403);
    expect(await server.subscriberOf(from)).toBeUndefined();
  });

  it("rejects a signed request whose parameters were changed afterwards", async () => {
    const from = freshNumber("+996", "55");
    const original = params(from, "HELP");
    const signature = signTwilioRequest(AUTH_TOKEN, `${PUBLIC_BASE_URL}${INBOUND_PATH}`, original);
    const response = await fetch(signedRequest(url(), { ...original, Body: "STOP" }, signature));
    expect(response.status).toBe(403);
  });

  it("answers 413 to a body over 64 KB, before looking at it", async () => {
    const response = await fetch(url(), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `Body=${"a".repeat(70 * 1024)}`,
    });
    expect(response.status).toBe(413);
  });

  it.each([
    ["no MessageSid", { From: "+996555000001", To: OUR_KG_NUMBER, Body: "HELP" }, /MessageSid/],
    ["a malformed MessageSid", { MessageSid: "not-a-sid", From: "+996555000001", To: OUR_KG_NUMBER, Body: "HELP" }, /MessageSid/],
    ["no From", { MessageSid: newMessageSid(), To: OUR_KG_NUMBER, Body: "HELP" }, /From/],
  ])("answers 400 with a reason to a signed request with %s", async (_label, body, reason) => {
    const before = await server.inboundCount();
    const response = await fetch(signedRequest(url(), body as Record<string, string>));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(reason);
    expect(await server.inboundCount()).toBe(before);
  });

  it("handles five deliveries of one MessageSid as one conversation step with one reply", async () => {
    const from = freshNumber("+996", "55");
    const body = params(from, "JOIN");
    const responses = await Promise.all(Array.from({ length: 5 }, () => fetch(signedRequest(url(), body))));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const replies = await server.repliesTo(from);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain("1 Кыргызча");
    const subscriber = await server.subscriberOf(from);
    expect(subscriber?.conversation).toMatchObject({ step: "choose-language" });
    expect(subscriber?.consentSource).toBe("sms-keyword");
  });

  it("handles two different first messages from a new number arriving together: one subscriber, two replies", async () => {
    const from = freshNumber("+996", "55");
    const responses = await Promise.all(["HELP", "hello"].map((body) => fetch(signedRequest(url(), params(from, body)))));
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    expect(await server.repliesTo(from)).toHaveLength(2);
    expect((await server.subscriberOf(from))?.status).toBe("pending");
  });

  it("answers a WhatsApp message on WhatsApp", async () => {
    const from = freshNumber("+996", "55");
    const response = await fetch(signedRequest(url(), { ...params(`whatsapp:${from}`), To: `whatsapp:${OUR_KG_NUMBER}` }));
    expect(response.status).toBe(200);
    expect((await server.subscriberOf(from))?.channel).toBe("whatsapp");
    expect(await server.repliesTo(from)).toHaveLength(1);
  });

  it.each(["InfoSMS", "12345"])("records but does not answer a sender that is not a phone number (%s)", async (sender) => {
    const before = { inbound: await server.inboundCount(), outbox: await server.outboxCount() };
    const body = { MessageSid: newMessageSid(), From: sender, To: OUR_KG_NUMBER, Body: "Your code is 1234" };
    for (let i = 0; i < 2; i += 1) {
      const response = await fetch(signedRequest(url(), body));
      expect(response.status).toBe(200);
    }
    expect(await server.inboundCount()).toBe(before.inbound + 1);
    expect(await server.outboxCount()).toBe(before.outbox);
  });

  it("does not answer, or record as a subscriber, our own number", async () => {
    const before = { inbound: await server.inboundCount(), outbox: await server.outboxCount() };
    const response = await fetch(
      signedRequest(url(), {
        MessageSid: newMessageSid(),
        From: `whatsapp:${OUR_WHATSAPP_NUMBER}`,
        To: `whatsapp:${OUR_KG_NUMBER}`,
        Body: "HELP",
      }),
    );
    expect(response.status).toBe(200);
    expect(await server.inboundCount()).toBe(before.inbound + 1);
    expect(await server.outboxCount()).toBe(before.outbox);
    expect(await server.subscriberOf(OUR_WHATSAPP_NUMBER)).toBeUndefined();
    expect(server.logs.join("")).toContain('"suppressed":"automated-sender"');
  });
});
