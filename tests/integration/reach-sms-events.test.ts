/**
 * Messaging reach events, written with the state change they record, on both databases: a
 * JOIN → language → region → HELP → STOP conversation and a JOIN → DELETE over the real webhook;
 * a broadcast dispatched (sent, failed at once) and then delivered and undelivered by status
 * callbacks. Events carry the subscriber's country, region, locale and channel, never the number.
 */
import { twilioStatusCallback } from "~/messaging/transports/twilio-outcomes";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { phoneBlindIndex } from "~/audience/phone-crypto.server";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { runSql } from "~/db/run-sql.server";
import { createLogger } from "~/lib/logger.server";
import { applyStatusCallback } from "~/outbox/status-updates.server";
import { twilioFake } from "../mocks/twilio";
import { KG_NUMBER, outboxHarness, outboxRows, resetMessagingTables, testEnv } from "../db/outbox-kit";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";
import { freshNumber, sendOk, startInboundServer, type InboundServer } from "./twilio-inbound-harness";

interface EventRow {
  event: string;
  country: string;
  region: string;
  locale: string;
  channel: string;
  detail: string;
  campaign: string;
}

async function reachEvents(db: TestDatabase["db"], events?: string[]): Promise<EventRow[]> {
  const { rows } = await runSql<EventRow>(
    db,
    sql`
    select event, country, region, locale, channel, detail, campaign from reach_events order by id`,
  );
  return events ? rows.filter((row) => events.includes(row.event)) : rows;
}

describe.each(DATABASE_KINDS)("messaging reach events (%s)", (kind) => {
  describe("conversations", () => {
    let server: InboundServer;
    beforeAll(async () => {
      server = await startInboundServer(kind);
    });
    afterAll(() => server?.close());

    it("JOIN → language → region → HELP → STOP: subscribed, help_requested, opted_out with the subscriber's place", async () => {
      const from = freshNumber("+996", "55");
      await sendOk(server, from, "JOIN");
      await sendOk(server, from, "1"); // Кыргызча
      const regions = (await server.repliesTo(from)).at(-1)!;
      const osh = /(\d+) Ош облусу/.exec(regions)?.[1];
      expect(osh).toBeDefined();
      await sendOk(server, from, osh!);
      await sendOk(server, from, "HELP");
      await sendOk(server, from, "STOP");
      // A second STOP changes nothing: no second event.
      await sendOk(server, from, "STOP");
      const rows = await reachEvents(server.db);
      expect(rows).toEqual([
        // At the JOIN the number's country is known; language and region come with the menus.
        { event: "subscribed", country: "KG", region: "", locale: "", channel: "sms", detail: "", campaign: "" },
        { event: "help_requested", country: "KG", region: "KG-O", locale: "ky", channel: "sms", detail: "", campaign: "" },
        { event: "opted_out", country: "KG", region: "KG-O", locale: "ky", channel: "sms", detail: "keyword", campaign: "" },
      ]);
      const dump = JSON.stringify(await runSql(server.db, sql`select * from reach_events`));
      expect(dump).not.toContain(from.slice(1));
    });

    it("JOIN → DELETE: deleted, counted from the row before it goes", async () => {
      await runSql(server.db, sql`truncate reach_events`);
      const from = freshNumber("+93", "70");
      await sendOk(server, from, "JOIN");
      await sendOk(server, from, "DELETE");
      expect((await reachEvents(server.db)).map((row) => [row.event, row.country])).toEqual([
        ["subscribed", "AF"],
        ["deleted", "AF"],
      ]);
      expect(await server.subscriberOf(from)).toBeUndefined();
    });
  });

  describe("a broadcast", () => {
    let testDb: TestDatabase;
    beforeAll(async () => {
      testDb = await createTestDatabase(kind);
    });
    afterAll(async () => {
      await testDb?.close();
    });
    beforeEach(async () => {
      await resetMessagingTables(testDb.db);
      await runSql(testDb.db, sql`truncate reach_events`);
      twilioFake.reset();
    });

    it("sent and failed at dispatch, then delivered and undelivered by callbacks, by failure kind", async () => {
      const h = outboxHarness(testDb.db);
      const keyring = phoneKeyringFromEnv(testEnv());
      const numbers = [KG_NUMBER, "+996555123457", "+996555123458"];
      const ids: number[] = [];
      for (const [index, e164] of numbers.entries()) {
        const { rows } = await runSql<{ id: string }>(
          testDb.db,
          sql`
          insert into subscribers (phone_ciphertext, phone_index, channel, locale, country, region_code, status, campaign)
          values ('v1.test', ${phoneBlindIndex(keyring, e164)}, 'sms', 'ru', 'KG', ${index === 0 ? "KG-GB" : "KG-O"}, 'active', 'safe-work')
          returning id::text as id`,
        );
        ids.push(await h.enqueue({ to: e164, kind: "broadcast", subscriberId: Number(rows[0]!.id) }));
      }
      // A reply is a message too, but not a broadcast: not a reach event.
      await h.enqueue({ to: KG_NUMBER });
      twilioFake.fail("create", { status: 400, code: 21211 }, { when: (params) => params.To === numbers[2] });
      expect(await h.dispatch()).toMatchObject({ sent: 3, failed: 1 });
      const sids = new Map((await outboxRows(testDb.db)).map((row) => [row.id, row.provider_message_id]));
      const logger = createLogger({ level: "silent" });
      await applyStatusCallback(
        testDb.db,
        twilioStatusCallback({ messageSid: sids.get(ids[0]!)!, messageStatus: "delivered", errorCode: null, outboxId: ids[0]! }),
        { logger },
      );
      await applyStatusCallback(
        testDb.db,
        twilioStatusCallback({ messageSid: sids.get(ids[1]!)!, messageStatus: "undelivered", errorCode: 30003, outboxId: ids[1]! }),
        { logger },
      );
      // Late and repeated: ignored, no second event.
      await applyStatusCallback(
        testDb.db,
        twilioStatusCallback({ messageSid: sids.get(ids[0]!)!, messageStatus: "delivered", errorCode: null, outboxId: ids[0]! }),
        { logger },
      );
      const rows = await reachEvents(testDb.db);
      expect(rows.map((row) => [row.event, row.region, row.detail]).sort()).toEqual(
        [
          ["message_sent", "KG-GB", ""],
          ["message_sent", "KG-O", ""],
          ["message_failed", "KG-O", "invalid-number"],
          ["message_delivered", "KG-GB", ""],
          ["message_failed", "KG-O", "unreachable"],
        ].sort(),
      );
      for (const row of rows) expect(row).toMatchObject({ country: "KG", locale: "ru", channel: "sms", campaign: "safe-work" });
    });
  });
});
