/**
 * The Twilio transport through the real twilio SDK against the msw fake of the Messages API
 * (and, once, against the local fake server over a socket).
 */
import { beforeEach, describe, expect, it } from "vitest";
import { createTwilioTransport, parseSenders } from "~/messaging/transports/twilio-transport.server";
import type { OutgoingMessage } from "~/messaging/transport";
import { FAKE_ACCOUNT_SID, FAKE_AUTH_TOKEN, twilioFake } from "../mocks/twilio";
import { startFakeTwilioServer } from "../fixtures/fake-twilio-server";
import { AF_NUMBER, capturedLogger, DEFAULT_SENDER, KG_NUMBER, KG_SENDER, PUBLIC_BASE_URL, WHATSAPP_SENDER } from "../db/outbox-kit";

const MESSAGING_SERVICE = `MG${"a".repeat(32)}`;

function transport(overrides: Partial<Parameters<typeof createTwilioTransport>[0]> = {}) {
  const { logger, lines } = capturedLogger();
  const instance = createTwilioTransport({
    accountSid: FAKE_ACCOUNT_SID,
    authToken: FAKE_AUTH_TOKEN,
    senders: parseSenders(`KG=${KG_SENDER},default=${DEFAULT_SENDER}`),
    whatsappSender: WHATSAPP_SENDER,
    publicBaseUrl: `${PUBLIC_BASE_URL}/`,
    timeoutMs: 5_000,
    logger,
    ...overrides,
  });
  return { instance, lines };
}

function message(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    outboxId: 7,
    channel: "sms",
    to: KG_NUMBER,
    from: null,
    body: "Call 0800 000 000",
    contentSid: null,
    contentVariables: null,
    ...overrides,
  };
}

beforeEach(() => twilioFake.reset());

describe("twilio transport: sending", () => {
  it("sends SMS from the recipient country's number with a status callback carrying the outbox id", async () => {
    const { instance } = transport();
    const result = await instance.send(message());
    expect(result).toMatchObject({ outcome: "accepted", status: "queued", segments: 1 });
    expect(result.outcome === "accepted" && result.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(twilioFake.createCalls()[0]?.params).toEqual({
      To: KG_NUMBER,
      From: KG_SENDER,
      Body: "Call 0800 000 000",
      StatusCallback: `${PUBLIC_BASE_URL}/webhooks/twilio/status?outbox=7`,
      SmartEncoded: "false",
    });
  });

  it("picks senders: per country, else default, else the Messaging Service", () => {
    expect(transport().instance.senderFor(KG_NUMBER, "sms")).toBe(KG_SENDER);
    expect(transport().instance.senderFor(AF_NUMBER, "sms")).toBe(DEFAULT_SENDER);
    const serviceOnly = transport({ senders: new Map(), messagingServiceSid: MESSAGING_SERVICE }).instance;
    expect(serviceOnly.senderFor(AF_NUMBER, "sms")).toBe(MESSAGING_SERVICE);
    expect(transport().instance.senderFor(AF_NUMBER, "whatsapp")).toBe(WHATSAPP_SENDER);
    // By the number's own country, not only the programme's: a Russian sender for numbers in Russia.
    const withRussia = transport({ senders: parseSenders(`KG=${KG_SENDER},RU=+79000000900,default=${DEFAULT_SENDER}`) }).instance;
    expect(withRussia.senderFor("+79161234567", "sms")).toBe("+79000000900");
    expect(withRussia.senderFor("+77011234567", "sms")).toBe(DEFAULT_SENDER);
  });

  it("sends through the Messaging Service when that is the sender", async () => {
    const { instance } = transport({ senders: new Map(), messagingServiceSid: MESSAGING_SERVICE });
    const result = await instance.send(message({ from: MESSAGING_SERVICE }));
    // A service picks its sender later and reports 0 segments until then: unknown, not zero.
    expect(result).toMatchObject({ outcome: "accepted", status: "accepted", segments: null });
    expect(twilioFake.createCalls()[0]?.params).toMatchObject({ MessagingServiceSid: MESSAGING_SERVICE });
    expect(twilioFake.createCalls()[0]?.params.From).toBeUndefined();
  });

  it("addresses WhatsApp as whatsapp:+… and sends templates by content SID and JSON variables", async () => {
    const { instance } = transport();
    await instance.send(
      message({
        channel: "whatsapp",
        to: AF_NUMBER,
        from: WHATSAPP_SENDER,
        body: null,
        contentSid: `HX${"b".repeat(32)}`,
        contentVariables: { 1: "Kabul" },
      }),
    );
    expect(twilioFake.createCalls()[0]?.params).toMatchObject({
      To: `whatsapp:${AF_NUMBER}`,
      From: `whatsapp:${WHATSAPP_SENDER}`,
      ContentSid: `HX${"b".repeat(32)}`,
      ContentVariables: '{"1":"Kabul"}',
    });
    expect(twilioFake.createCalls()[0]?.params.Body).toBeUndefined();
  });

  it("answers a configuration error, without calling Twilio, when no sender exists for the channel", async () => {
    const { instance } = transport({ whatsappSender: undefined });
    const result = await instance.send(message({ channel: "whatsapp" }));
    expect(result).toEqual({ outcome: "permanent-failure", kind: "configuration", diagnosticCode: "no-sender" });
    expect(twilioFake.calls).toHaveLength(0);
  });

  it.each([
    { failure: { status: 400, code: 21211 }, named: { outcome: "invalid-number" }, code: "21211" },
    { failure: { status: 400, code: 21614 }, named: { outcome: "invalid-number" }, code: "21614" },
    { failure: { status: 400, code: 30005 }, named: { outcome: "permanent-failure", kind: "cannot-receive" }, code: "30005" },
    { failure: { status: 400, code: 30006 }, named: { outcome: "permanent-failure", kind: "cannot-receive" }, code: "30006" },
    { failure: { status: 400, code: 21610 }, named: { outcome: "contact-stopped" }, code: "21610" },
    { failure: { status: 400, code: 30003 }, named: { outcome: "retryable", reason: "unreachable" }, code: "30003" },
    { failure: { status: 429, code: 20429 }, named: { outcome: "retryable", reason: "throttled" }, code: "20429" },
    { failure: { status: 429 }, named: { outcome: "retryable", reason: "throttled" }, code: "http-429" },
    { failure: { status: 500, code: 20500 }, named: { outcome: "may-have-been-sent" }, code: "20500" },
    { failure: { status: 503 }, named: { outcome: "may-have-been-sent" }, code: "http-503" },
    { failure: { status: 401, code: 20003 }, named: { outcome: "permanent-failure", kind: "configuration" }, code: "20003" },
    { failure: "network" as const, named: { outcome: "may-have-been-sent" }, code: "network" },
  ])("maps $failure to $named ($code) through the real SDK", async ({ failure, named, code }) => {
    twilioFake.fail("create", failure);
    const { instance, lines } = transport();
    const result = await instance.send(message());
    expect(result).toMatchObject({ ...named, diagnosticCode: code });
    // Logged by outbox id and code, never with the number or the text.
    expect(lines.join("\n")).toContain('"outboxId":7');
    expect(lines.join("\n")).not.toContain(KG_NUMBER.slice(1));
    expect(lines.join("\n")).not.toContain("0800 000 000");
  });

  it("keeps Twilio's own error text (which can quote the number) out of the result", async () => {
    twilioFake.fail("create", { status: 400, code: 21211, message: `The 'To' number ${KG_NUMBER} is not a valid phone number.` });
    const result = await transport().instance.send(message());
    expect(JSON.stringify(result)).not.toContain(KG_NUMBER.slice(1));
  });

  it("talks to a fake Twilio on another origin when given one (benchmarks)", async () => {
    const fake = await startFakeTwilioServer();
    try {
      const { instance } = transport({ apiOrigin: fake.origin });
      const result = await instance.send(message({ outboxId: 99 }));
      expect(result.outcome).toBe("accepted");
      expect(fake.api.createsByOutboxId.get(99)).toBe(1);
      expect(twilioFake.calls).toHaveLength(0);
    } finally {
      await fake.close();
    }
  });
});

describe("twilio transport: finding a message after a crash", () => {
  const since = () => new Date(Date.now() - 1_000);

  it("finds our message by recipient and exact body, even while Twilio still has it queued", async () => {
    const { instance } = transport();
    twilioFake.seed({ to: AF_NUMBER, body: "Call 0800 000 000", dateCreated: new Date() });
    const ours = twilioFake.seed({ to: KG_NUMBER, body: "Call 0800 000 000", dateCreated: new Date() });
    twilioFake.seed({ to: KG_NUMBER, body: "another text", dateCreated: new Date() });
    const lookup = await instance.findSent({ outboxId: 7, to: KG_NUMBER, channel: "sms", body: "Call 0800 000 000", since: since() });
    expect(lookup).toEqual({ found: true, providerMessageId: ours.sid, status: "queued" });
    expect(twilioFake.listCalls()[0]?.params).toMatchObject({ To: KG_NUMBER, PageSize: "20" });
  });

  it("does not take an older message, or one already recorded on another row, for ours", async () => {
    const { instance } = transport();
    twilioFake.seed({ to: KG_NUMBER, body: "Call 0800 000 000", dateCreated: new Date(Date.now() - 60 * 60_000) });
    const recorded = twilioFake.seed({ to: KG_NUMBER, body: "Call 0800 000 000", dateCreated: new Date() });
    const lookup = await instance.findSent({
      outboxId: 7,
      to: KG_NUMBER,
      channel: "sms",
      body: "Call 0800 000 000",
      since: since(),
      excludeProviderIds: [recorded.sid],
    });
    expect(lookup).toEqual({ found: false });
  });

  it("says unknown when Twilio cannot be asked", async () => {
    twilioFake.fail("list", { status: 503 });
    const lookup = await transport().instance.findSent({ outboxId: 7, to: KG_NUMBER, channel: "sms", body: "x", since: since() });
    expect(lookup).toMatchObject({ found: "unknown" });
  });

  it("looks WhatsApp messages up by their whatsapp: address", async () => {
    const seeded = twilioFake.seed({ to: `whatsapp:${AF_NUMBER}`, body: "Template text as rendered", dateCreated: new Date() });
    const lookup = await transport().instance.findSent({ outboxId: 7, to: AF_NUMBER, channel: "whatsapp", body: null, since: since() });
    expect(lookup).toMatchObject({ found: true, providerMessageId: seeded.sid });
  });
});
