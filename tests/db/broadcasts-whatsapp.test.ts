/**
 * A broadcast on each subscriber's own channel, planned and expanded by the planner and sent by
 * the dispatcher through the real Twilio transport against the msw fake of the Messages API
 * (PGlite; PostgreSQL too when TEST_DATABASE_URL is set). WhatsApp allows free text only inside
 * the 24-hour customer-care window: outside it the approved template goes, and without one
 * nothing goes at all (recorded as 63016).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import type { BroadcastDocument } from "~/broadcasts/broadcast-spec";
import { planBroadcasts } from "~/broadcasts/plan.server";
import { samplePolicy } from "~/broadcasts/sample-policy";
import { twilioFake } from "../mocks/twilio";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";
import { approve, broadcastDoc, broadcastRows, documentsContent, seedSubscribers, testNumber, type SeedSubscriber } from "./broadcast-kit";
import { KG_SENDER, outboxHarness, resetMessagingTables, testEnv, WHATSAPP_SENDER, type OutboxHarness } from "./outbox-kit";

const HOUR = 3_600_000;
/** 12:00 in Bishkek: inside the send window, so "as soon as approved" rows are due at once. */
const NOW = new Date("2026-06-01T06:00:00Z");
const TEMPLATE = { contentSid: `HX${"b".repeat(32)}`, variables: { "1": "Bishkek" } };
const TEXT_RU = broadcastDoc().messages.ru!;

const SMS_PHONE = testNumber("KG", 1);
const RECENT_PHONE = testNumber("KG", 2);
const OLDER_PHONE = testNumber("KG", 3);

describe.each(DATABASE_KINDS)("WhatsApp broadcast content on %s", (kind) => {
  let testDb: TestDatabase;
  let h: OutboxHarness;
  const env = testEnv();
  const keyring = phoneKeyringFromEnv(env);

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await testDb?.close();
  });
  beforeEach(async () => {
    await resetMessagingTables(testDb.db);
    twilioFake.reset();
    h = outboxHarness(testDb.db, { env });
  });

  const subscriber = (phone: string, channel: "sms" | "whatsapp", lastInboundAt: Date | null): SeedSubscriber => ({
    phone,
    channel,
    lastInboundAt,
    country: "KG",
    regionCode: "KG-GB",
    locale: "ru",
  });

  /** Plans and expands an approved subscriberPreference broadcast for these subscribers. */
  async function broadcastTo(
    subscribers: SeedSubscriber[],
    templates: BroadcastDocument["whatsappTemplates"] = { en: TEMPLATE },
  ): Promise<void> {
    await seedSubscribers(testDb.db, keyring, subscribers);
    const broadcast = broadcastDoc({
      channel: "subscriberPreference",
      whatsappTemplates: templates,
      schedule: { mode: "whenApproved" },
    });
    await approve(testDb.db, broadcast, NOW);
    const summary = await planBroadcasts({
      db: testDb.db,
      content: documentsContent({ broadcasts: [broadcast] }),
      transport: h.transport,
      logger: h.logger,
      samples: samplePolicy(env),
      now: NOW,
    });
    expect(summary).toMatchObject({ runsCreated: 1, queued: subscribers.length });
  }

  /** Create calls Twilio accepted, by recipient address. */
  const acceptedByTo = () =>
    new Map(
      twilioFake
        .createCalls()
        .filter((call) => call.answered === 201)
        .map((call) => [call.params.To, call.params]),
    );

  it("an SMS subscriber gets the text by SMS; a WhatsApp subscriber who wrote an hour ago gets it as free text", async () => {
    await broadcastTo([subscriber(SMS_PHONE, "sms", null), subscriber(RECENT_PHONE, "whatsapp", new Date(NOW.getTime() - HOUR))]);
    expect(await h.dispatch({ now: NOW })).toMatchObject({ claimed: 2, sent: 2, failed: 0 });
    const sent = acceptedByTo();
    expect(sent.get(SMS_PHONE)).toMatchObject({ From: KG_SENDER, Body: TEXT_RU });
    expect(sent.get(SMS_PHONE)?.ContentSid).toBeUndefined();
    const whatsapp = sent.get(`whatsapp:${RECENT_PHONE}`);
    expect(whatsapp).toMatchObject({ From: `whatsapp:${WHATSAPP_SENDER}`, Body: TEXT_RU });
    expect(whatsapp?.ContentSid).toBeUndefined();
    expect(whatsapp?.ContentVariables).toBeUndefined();
    expect((await broadcastRows(testDb.db)).map((row) => row.status)).toEqual(["sent", "sent"]);
  });

  it("a WhatsApp subscriber who wrote two days ago gets the approved template, not the free text", async () => {
    await broadcastTo([subscriber(SMS_PHONE, "sms", null), subscriber(OLDER_PHONE, "whatsapp", new Date(NOW.getTime() - 48 * HOUR))]);
    expect(await h.dispatch({ now: NOW })).toMatchObject({ sent: 2, failed: 0 });
    const sent = acceptedByTo();
    const whatsapp = sent.get(`whatsapp:${OLDER_PHONE}`);
    expect(whatsapp).toMatchObject({ ContentSid: TEMPLATE.contentSid });
    expect(JSON.parse(whatsapp!.ContentVariables!)).toEqual(TEMPLATE.variables);
    expect(whatsapp?.Body).toBeUndefined();
    // SMS has no window: still the text.
    expect(sent.get(SMS_PHONE)).toMatchObject({ Body: TEXT_RU });
  });

  it("a WhatsApp subscriber who never wrote, or wrote 23 hours ago, gets the template (free text only well inside the window)", async () => {
    const never = testNumber("KG", 4);
    const edge = testNumber("KG", 5);
    await broadcastTo([subscriber(never, "whatsapp", null), subscriber(edge, "whatsapp", new Date(NOW.getTime() - 23 * HOUR - 60_000))]);
    expect(await h.dispatch({ now: NOW })).toMatchObject({ sent: 2 });
    const sent = acceptedByTo();
    for (const phone of [never, edge]) {
      expect(sent.get(`whatsapp:${phone}`)).toMatchObject({ ContentSid: TEMPLATE.contentSid });
      expect(sent.get(`whatsapp:${phone}`)?.Body).toBeUndefined();
    }
  });

  it("outside the window without a template, the row fails as whatsapp-window-closed (no-template) and nothing reaches Twilio", async () => {
    await broadcastTo([subscriber(OLDER_PHONE, "whatsapp", new Date(NOW.getTime() - 48 * HOUR))], {});
    expect(await h.dispatch({ now: NOW })).toMatchObject({ claimed: 1, sent: 0, failed: 1, retried: 0 });
    expect(twilioFake.calls).toHaveLength(0);
    expect((await broadcastRows(testDb.db)).map((row) => [row.status, row.error_code])).toEqual([["failed", "no-template"]]);
    // Failed for good: a later tick does not try again.
    expect(await h.dispatch({ now: new Date(NOW.getTime() + HOUR) })).toMatchObject({ claimed: 0 });
    expect(twilioFake.calls).toHaveLength(0);
  });

  it("when Twilio refuses the free text with 63016, the template is sent instead and exactly one message is created", async () => {
    await broadcastTo([subscriber(RECENT_PHONE, "whatsapp", new Date(NOW.getTime() - HOUR))]);
    twilioFake.fail("create", { status: 400, code: 63016 }, { times: 1, when: (params) => Boolean(params.Body) });
    expect(await h.dispatch({ now: NOW })).toMatchObject({ claimed: 1, sent: 1, failed: 0, retried: 0 });
    const calls = twilioFake.createCalls();
    expect(calls.map((call) => [call.answered, call.params.Body ?? null, call.params.ContentSid ?? null])).toEqual([
      [400, TEXT_RU, null],
      [201, null, TEMPLATE.contentSid],
    ]);
    expect(twilioFake.messages).toHaveLength(1);
    expect(twilioFake.createsByTo.get(`whatsapp:${RECENT_PHONE}`)).toBe(1);
    expect((await broadcastRows(testDb.db)).map((row) => [row.status, row.error_code])).toEqual([["sent", null]]);
  });
});
