/**
 * WhatsApp broadcasts through the real Twilio transport (msw fake of the Messages API): free
 * text inside the customer-care window, the approved template outside it, nothing sent when
 * there is no template (recorded as 63016), and the template sent instead when Twilio refuses the
 * free text with 63016.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import type { BroadcastDocument } from "~/broadcasts/broadcast-spec";
import { expandRun } from "~/broadcasts/expand.server";
import { senderTable } from "~/broadcasts/plan.server";
import { broadcastRunSpec } from "~/broadcasts/run-spec";
import { ensureRun } from "~/broadcasts/runs.server";
import { twilioFake } from "../mocks/twilio";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";
import { broadcastDoc, broadcastRows, seedSubscribers, TEST_REGIONS, testNumber } from "./broadcast-kit";
import { outboxHarness, resetMessagingTables, testEnv, type OutboxHarness } from "./outbox-kit";

const NOW = new Date("2026-12-01T06:00:00Z"); // midday in Bishkek: inside the send window
const TEMPLATE = { contentSid: `HX${"b".repeat(32)}`, variables: { "1": "Bishkek" } };

describe.each(DATABASE_KINDS)("WhatsApp broadcasts on %s", (kind) => {
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

  async function broadcastTo(lastInboundAt: Array<Date | null>, templates: BroadcastDocument["whatsappTemplates"] = { en: TEMPLATE }): Promise<void> {
    await seedSubscribers(
      testDb.db,
      keyring,
      lastInboundAt.map((at, n) => ({ phone: testNumber("KG", n), channel: "whatsapp" as const, regionCode: "KG-GB", lastInboundAt: at })),
    );
    const spec = broadcastRunSpec(broadcastDoc({ channel: "whatsapp", whatsappTemplates: templates }), { kind: "asap" }, TEST_REGIONS);
    const run = await ensureRun(testDb.db, { source: "broadcast", documentId: "b", occurrence: "once", title: "t", spec });
    await expandRun(testDb.db, run.id, { senders: senderTable(h.transport), now: NOW });
  }

  const creates = () => twilioFake.createCalls().filter((call) => call.answered === 201).map((call) => call.params);

  it("free text to someone who wrote an hour ago, the template to someone who wrote two days ago", async () => {
    await broadcastTo([new Date(NOW.getTime() - 3_600_000), new Date(NOW.getTime() - 2 * 86_400_000)]);
    expect(await h.dispatch({ now: NOW })).toMatchObject({ sent: 2, failed: 0 });
    const byTo = new Map(creates().map((params) => [params.To, params]));
    const recent = byTo.get(`whatsapp:${testNumber("KG", 0)}`);
    const older = byTo.get(`whatsapp:${testNumber("KG", 1)}`);
    expect(recent).toMatchObject({ Body: broadcastDoc().messages.ru });
    expect(recent?.ContentSid).toBeUndefined();
    expect(older).toMatchObject({ ContentSid: TEMPLATE.contentSid, ContentVariables: JSON.stringify(TEMPLATE.variables) });
    expect(older?.Body).toBeUndefined();
  });

  it("outside the window without a template nothing is sent: the row fails with 63016", async () => {
    await broadcastTo([null], {});
    expect(await h.dispatch({ now: NOW })).toMatchObject({ sent: 0, failed: 1 });
    expect(twilioFake.createCalls()).toHaveLength(0);
    expect((await broadcastRows(testDb.db)).map((row) => [row.status, row.error_code])).toEqual([["failed", "63016"]]);
  });

  it("when Twilio refuses the free text with 63016, the template goes instead, once", async () => {
    await broadcastTo([new Date(NOW.getTime() - 3_600_000)]);
    twilioFake.fail("create", { status: 400, code: 63016 }, { times: 1, when: (params) => Boolean(params.Body) });
    expect(await h.dispatch({ now: NOW })).toMatchObject({ sent: 1, failed: 0, retried: 0 });
    expect(creates()).toEqual([expect.objectContaining({ ContentSid: TEMPLATE.contentSid })]);
    expect(twilioFake.createsByTo.get(`whatsapp:${testNumber("KG", 0)}`)).toBe(1);
    expect((await broadcastRows(testDb.db)).map((row) => row.status)).toEqual(["sent"]);
  });
});
