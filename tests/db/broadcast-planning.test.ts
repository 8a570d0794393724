/**
 * The plan-broadcasts and enroll-sequences jobs on a real database: runs created when due and
 * only once, the Studio status followed (pause holds, scheduled resumes, cancel ends for good),
 * an operator's pause kept, recurring occurrences, bad documents skipped; sequence steps queued
 * once per subscriber when their day comes. Content is served through the ContentSource
 * interface from documents the tests edit between ticks.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { enrollSequences } from "~/broadcasts/enroll.server";
import { planBroadcasts } from "~/broadcasts/plan.server";
import { controlRuns, listRuns } from "~/broadcasts/runs.server";
import { runSql } from "~/db/run-sql.server";
import { claimDueMessages } from "~/outbox/claim.server";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";
import { broadcastDoc, broadcastRows, documentsContent, seedSubscribers, sequenceDoc, testNumber, type SeedSubscriber } from "./broadcast-kit";
import { capturedLogger, outboxHarness, resetMessagingTables, testEnv } from "./outbox-kit";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 10:00 in Bishkek (UTC+6) on the broadcast's day. */
const BISHKEK_TEN = new Date("2026-12-01T04:00:00Z");

describe.each(DATABASE_KINDS)("broadcast planning on %s", (kind) => {
  let testDb: TestDatabase;
  const env = testEnv();
  const keyring = phoneKeyringFromEnv(env);
  let transport: ReturnType<typeof outboxHarness>["transport"];

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    transport = outboxHarness(testDb.db, { env }).transport;
  });
  afterAll(async () => {
    await testDb?.close();
  });
  beforeEach(async () => {
    await resetMessagingTables(testDb.db);
  });

  const seed = (subscribers: SeedSubscriber[]) => seedSubscribers(testDb.db, keyring, subscribers);
  function planner(content: ReturnType<typeof documentsContent>) {
    const { logger, lines } = capturedLogger();
    return { lines, plan: (now: Date) => planBroadcasts({ db: testDb.db, content, transport, logger, now }) };
  }
  const claimAll = (now: Date) => claimDueMessages(testDb.db, { workerId: "w", limit: 1_000, leaseSeconds: 30, now });

  describe("plan-broadcasts", () => {
    it("plans nothing before the lead, then one run whose rows are due at each zone's 10:00; a second tick adds nothing", async () => {
      await seed([
        { phone: testNumber("KG", 1), country: "KG", regionCode: "KG-GB" },
        { phone: testNumber("IQ", 2), country: "IQ", regionCode: "IQ-BG", locale: "ar" },
      ]);
      const content = documentsContent({ broadcasts: [broadcastDoc()] });
      const { plan } = planner(content);
      expect(await plan(new Date(BISHKEK_TEN.getTime() - 11 * 60_000))).toMatchObject({ runsCreated: 0, queued: 0 });
      expect(await plan(new Date(BISHKEK_TEN.getTime() - 9 * 60_000))).toMatchObject({ runsCreated: 1, queued: 2 });
      expect(await plan(BISHKEK_TEN)).toMatchObject({ runsCreated: 0, queued: 0 });
      const rows = await broadcastRows(testDb.db);
      expect(rows.map((row) => new Date(row.due_ms).toISOString())).toEqual(["2026-12-01T04:00:00.000Z", "2026-12-01T07:00:00.000Z"]);
      // No Arabic text: the campaign's fallback (en).
      expect(rows[1]!.body).toBe(broadcastDoc().messages.en);
    });

    it("follows the Studio status: paused holds the queued rows, scheduled releases them, cancelled ends them for good", async () => {
      await seed([{ phone: testNumber("KG", 1) }, { phone: testNumber("KG", 2) }]);
      const broadcast = broadcastDoc();
      const content = documentsContent({ broadcasts: [broadcast] });
      const { plan } = planner(content);
      await plan(BISHKEK_TEN);
      broadcast.status = "paused";
      expect(await plan(BISHKEK_TEN)).toMatchObject({ paused: 1 });
      expect((await claimAll(BISHKEK_TEN)).messages).toHaveLength(0);
      broadcast.status = "scheduled";
      expect(await plan(BISHKEK_TEN)).toMatchObject({ resumed: 1, runsCreated: 0 });
      expect((await claimAll(BISHKEK_TEN)).messages).toHaveLength(2);

      await resetMessagingTables(testDb.db);
      await seed([{ phone: testNumber("KG", 3) }]);
      broadcast.status = "scheduled";
      await plan(BISHKEK_TEN);
      broadcast.status = "cancelled";
      expect(await plan(BISHKEK_TEN)).toMatchObject({ cancelled: 1 });
      broadcast.status = "scheduled";
      expect(await plan(BISHKEK_TEN)).toMatchObject({ runsCreated: 0, resumed: 0, queued: 0 });
      expect((await claimAll(BISHKEK_TEN)).messages).toHaveLength(0);
      expect((await broadcastRows(testDb.db)).map((row) => [row.status, row.error_code])).toEqual([["cancelled", "broadcast-cancelled"]]);
    });

    it("never resumes an operator's pause", async () => {
      await seed([{ phone: testNumber("KG", 1) }]);
      const content = documentsContent({ broadcasts: [broadcastDoc()] });
      const { plan } = planner(content);
      await plan(BISHKEK_TEN);
      await controlRuns(testDb.db, "pause", { source: "broadcast", documentId: "broadcast-test" }, "operator");
      expect(await plan(BISHKEK_TEN)).toMatchObject({ resumed: 0 });
      expect((await claimAll(BISHKEK_TEN)).messages).toHaveLength(0);
    });

    it("'as soon as approved' waits for the approval", async () => {
      await seed([{ phone: testNumber("KG", 1) }]);
      const broadcast = broadcastDoc({ schedule: { mode: "whenApproved" } });
      const content = documentsContent({ broadcasts: [broadcast] });
      const { plan } = planner(content);
      expect(await plan(BISHKEK_TEN)).toMatchObject({ runsCreated: 0 });
      broadcast.approvedAt = BISHKEK_TEN.toISOString();
      expect(await plan(BISHKEK_TEN)).toMatchObject({ runsCreated: 1, queued: 1 });
    });

    it("a recurring broadcast gets one run per occurrence, each once", async () => {
      await seed([{ phone: testNumber("KG", 1) }]);
      // Mondays at 10:00; 2026-11-30 and 2026-12-07 are Mondays.
      const content = documentsContent({ broadcasts: [broadcastDoc({ schedule: { mode: "recurring", recurrence: "0 10 * * 1" } })] });
      const { plan } = planner(content);
      const firstMonday = new Date("2026-11-30T04:00:00Z");
      expect(await plan(firstMonday)).toMatchObject({ runsCreated: 1, queued: 1 });
      expect(await plan(new Date(firstMonday.getTime() + HOUR))).toMatchObject({ runsCreated: 0 });
      expect(await plan(new Date(firstMonday.getTime() + 3 * DAY))).toMatchObject({ runsCreated: 0 });
      expect(await plan(new Date(firstMonday.getTime() + 7 * DAY))).toMatchObject({ runsCreated: 1, queued: 1 });
      expect((await listRuns(testDb.db)).map((run) => run.occurrence).sort()).toEqual(["2026-11-30 10:00", "2026-12-07 10:00"]);
    });

    it("a one-off broadcast first seen days after its time is reported missed, not sent", async () => {
      await seed([{ phone: testNumber("KG", 1) }]);
      const { plan } = planner(documentsContent({ broadcasts: [broadcastDoc()] }));
      expect(await plan(new Date(BISHKEK_TEN.getTime() + 3 * DAY))).toMatchObject({ runsCreated: 0, skipped: 1, queued: 0 });
    });

    it("skips a broadcast without text in the fallback locale, logs it, and still plans the others", async () => {
      await seed([{ phone: testNumber("KG", 1) }]);
      const broken = broadcastDoc({ id: "broadcast-broken", messages: { ru: "Только по-русски." } });
      const { plan, lines } = planner(documentsContent({ broadcasts: [broken, broadcastDoc()] }));
      expect(await plan(BISHKEK_TEN)).toMatchObject({ runsCreated: 1, skipped: 1 });
      expect(lines.some((line) => line.includes("broadcast-broken") && line.includes("fallback"))).toBe(true);
      expect(lines.join("\n")).not.toContain(testNumber("KG", 1));
      expect(lines.join("\n")).not.toContain("Только");
    });

    it("a content outage rejects the tick and leaves existing runs alone", async () => {
      await seed([{ phone: testNumber("KG", 1) }]);
      const content = documentsContent({ broadcasts: [broadcastDoc()] });
      const { plan } = planner(content);
      await plan(BISHKEK_TEN);
      const failing = { ...content, broadcasts: async () => Promise.reject(new Error("content lake unreachable")) };
      const { logger } = capturedLogger();
      await expect(planBroadcasts({ db: testDb.db, content: failing, transport, logger, now: BISHKEK_TEN })).rejects.toThrow("unreachable");
      expect((await listRuns(testDb.db)).map((run) => run.status)).toEqual(["active"]);
      expect((await claimAll(BISHKEK_TEN)).messages).toHaveLength(1);
    });
  });

  describe("enroll-sequences", () => {
    const JOINED = new Date("2026-12-01T05:00:00Z"); // 11:00 in Bishkek
    function enroller(content: ReturnType<typeof documentsContent>) {
      const { logger } = capturedLogger();
      return (now: Date) => enrollSequences({ db: testDb.db, content, transport, logger, now });
    }

    it("queues day 0 for the campaign's subscribers who finished the menus, day 3 three days later, each once", async () => {
      const content = documentsContent({ sequences: [sequenceDoc()] });
      const enroll = enroller(content);
      // The step runs exist from before these people joined.
      await enroll(new Date(JOINED.getTime() - HOUR));
      const [done, , , ] = await seed([
        { phone: testNumber("KG", 1), campaign: "know-before-you-go", consentAt: JOINED },
        { phone: testNumber("KG", 2), campaign: "know-before-you-go", consentAt: JOINED, conversation: { step: "choose-region", options: ["KG-GB"] } },
        { phone: testNumber("KG", 3), campaign: "another-campaign", consentAt: JOINED },
        { phone: testNumber("KG", 4), campaign: "know-before-you-go", consentAt: new Date(JOINED.getTime() - 30 * DAY) },
      ]);
      const justAfter = new Date(JOINED.getTime() + 60_000);
      expect(await enroll(justAfter)).toMatchObject({ queued: 1 });
      expect(await enroll(new Date(justAfter.getTime() + 60_000))).toMatchObject({ queued: 0 });
      const welcome = await broadcastRows(testDb.db);
      expect(welcome.map((row) => [row.subscriber_id, row.body])).toEqual([[done, "Добро пожаловать."]]);

      expect(await enroll(new Date(JOINED.getTime() + 2 * DAY))).toMatchObject({ queued: 0 });
      expect(await enroll(new Date(JOINED.getTime() + 3 * DAY + 60_000))).toMatchObject({ queued: 1 });
      expect(await enroll(new Date(JOINED.getTime() + 3 * DAY + 120_000))).toMatchObject({ queued: 0 });
      const rows = await broadcastRows(testDb.db);
      // Day 3 has no Russian text: English, the fallback.
      expect(rows.map((row) => row.body)).toEqual(["Добро пожаловать.", "Check your contract before you sign."]);
    });

    it("the welcome waits for the menus to be finished", async () => {
      const enroll = enroller(documentsContent({ sequences: [sequenceDoc()] }));
      await enroll(new Date(JOINED.getTime() - HOUR));
      const [id] = await seed([
        { phone: testNumber("KG", 1), campaign: "know-before-you-go", consentAt: JOINED, conversation: { step: "choose-language", options: ["ky"] } },
      ]);
      expect(await enroll(new Date(JOINED.getTime() + 60_000))).toMatchObject({ queued: 0 });
      await runSql(testDb.db, sql`update subscribers set conversation = null where id = ${id!}`);
      expect(await enroll(new Date(JOINED.getTime() + 10 * 60_000))).toMatchObject({ queued: 1 });
    });

    it("an inactive sequence holds its queued messages; a removed step is cancelled; edited text applies to later enrollments", async () => {
      const sequence = sequenceDoc();
      const enroll = enroller(documentsContent({ sequences: [sequence] }));
      await enroll(new Date(JOINED.getTime() - HOUR));
      await seed([{ phone: testNumber("KG", 1), campaign: "know-before-you-go", consentAt: JOINED }]);
      await enroll(new Date(JOINED.getTime() + 60_000));

      sequence.active = false;
      expect(await enroll(new Date(JOINED.getTime() + 120_000))).toMatchObject({ paused: 2 });
      expect((await broadcastRows(testDb.db)).map((row) => row.status)).toEqual(["held"]);
      sequence.active = true;
      expect(await enroll(new Date(JOINED.getTime() + 180_000))).toMatchObject({ resumed: 2 });

      sequence.steps = [{ ...sequence.steps[0]!, messages: { en: "Welcome, edited." } }];
      expect(await enroll(new Date(JOINED.getTime() + 240_000))).toMatchObject({ cancelled: 1 });
      await seed([{ phone: testNumber("KG", 2), locale: "en", campaign: "know-before-you-go", consentAt: new Date(JOINED.getTime() + 200_000) }]);
      await enroll(new Date(JOINED.getTime() + 300_000));
      expect((await broadcastRows(testDb.db)).map((row) => row.body)).toEqual(["Добро пожаловать.", "Welcome, edited."]);
      expect((await listRuns(testDb.db)).map((run) => [run.occurrence, run.status]).sort()).toEqual([
        ["contract", "cancelled"],
        ["welcome", "active"],
      ]);
    });
  });
});
