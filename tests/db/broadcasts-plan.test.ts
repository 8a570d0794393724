/**
 * The plan-broadcasts and enroll-sequences jobs on a real database (PGlite; PostgreSQL too when
 * TEST_DATABASE_URL is set), driven through the ContentSource interface with documents the tests
 * edit between ticks, on a fixed clock. The clock is deliberately in the past of the machine's
 * own clock: anything that mixes the injected clock with the database's now() shows up here.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import type { BroadcastDocument, SequenceDocument } from "~/broadcasts/broadcast-spec";
import { enrollSequences } from "~/broadcasts/enroll.server";
import { planBroadcasts } from "~/broadcasts/plan.server";
import { samplePolicy } from "~/broadcasts/sample-policy";
import { controlRuns, listRuns } from "~/broadcasts/runs.server";
import { runSql } from "~/db/run-sql.server";
import { claimDueMessages } from "~/outbox/claim.server";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";
import {
  approve,
  broadcastDoc,
  broadcastRows,
  documentsContent,
  seedSubscribers,
  sequenceDoc,
  testNumber,
  type SeedSubscriber,
} from "./broadcast-kit";
import { capturedLogger, outboxHarness, resetMessagingTables, testEnv } from "./outbox-kit";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** 2026-06-01 (a Monday) 10:00 in Bishkek (UTC+6): the first zone to reach the send time. */
const BISHKEK_TEN = new Date("2026-06-01T04:00:00Z");
const LEAD = new Date(BISHKEK_TEN.getTime() - 10 * MINUTE);
const at = (ms: number) => new Date(ms);
const CAMPAIGN = "know-before-you-go";

function oneOff(overrides: Partial<BroadcastDocument> = {}): BroadcastDocument {
  return broadcastDoc({ schedule: { mode: "at", sendAt: "2026-06-01T10:00" }, ...overrides });
}

describe.each(DATABASE_KINDS)("broadcast planning jobs on %s", (kind) => {
  let testDb: TestDatabase;
  const env = testEnv();
  const keyring = phoneKeyringFromEnv(env);
  const samples = samplePolicy(env);
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
  const claimAll = (now: Date) => claimDueMessages(testDb.db, { workerId: "w", limit: 1_000, leaseSeconds: 30, now });
  const statuses = async () => (await broadcastRows(testDb.db)).map((row) => row.status);

  describe("planBroadcasts", () => {
    /** The documents as given are approved (four eyes) before the first tick, unless `approved: false`. */
    function planner(broadcasts: BroadcastDocument[], options: { approved?: boolean } = {}) {
      const content = documentsContent({ broadcasts });
      const { logger, lines } = capturedLogger();
      const initial = broadcasts.map((broadcast) => structuredClone(broadcast));
      let approvals: Promise<unknown> | null = options.approved === false ? Promise.resolve() : null;
      const plan = async (now: Date) => {
        // One that cannot be sent (no fallback text) cannot be approved either: the planner skips it.
        approvals ??= Promise.all(
          initial.filter((broadcast) => broadcast.messages[broadcast.fallbackLocale]).map((b) => approve(testDb.db, b)),
        );
        await approvals;
        return planBroadcasts({ db: testDb.db, content, transport, logger, samples, now });
      };
      return { content, lines, plan };
    }
    const seedThree = () =>
      seed([
        { phone: testNumber("KG", 1), country: "KG", regionCode: "KG-GB", locale: "ky" },
        { phone: testNumber("KZ", 2), country: "KZ", regionCode: "KZ-75", locale: "kk" },
        { phone: testNumber("IQ", 3), country: "IQ", regionCode: "IQ-BG", locale: "ar" },
      ]);

    it("creates no run before ten minutes ahead of the first zone's send time", async () => {
      await seedThree();
      const { plan } = planner([oneOff()]);
      expect(await plan(at(LEAD.getTime() - 1))).toMatchObject({ broadcasts: 1, runsCreated: 0, queued: 0 });
      expect(await listRuns(testDb.db)).toEqual([]);
      expect(await broadcastRows(testDb.db)).toEqual([]);
    });

    it("plans the run when due and queues a row per recipient, due at their own 10:00", async () => {
      await seedThree();
      const { plan } = planner([oneOff()]);
      expect(await plan(LEAD)).toMatchObject({ runsCreated: 1, queued: 3 });
      const runs = await listRuns(testDb.db);
      expect(runs).toMatchObject([
        { source: "broadcast", documentId: "broadcast-test", occurrence: "once", status: "active", recipients: 3, expanded: true },
      ]);
      const rows = await broadcastRows(testDb.db, runs[0]!.id);
      expect(rows.map((row) => [row.status, new Date(row.due_ms).toISOString()])).toEqual([
        ["queued", "2026-06-01T04:00:00.000Z"],
        ["queued", "2026-06-01T05:00:00.000Z"],
        ["queued", "2026-06-01T07:00:00.000Z"],
      ]);
      // Kyrgyz has its own text; Kazakh and Arabic get the campaign's fallback (en).
      expect(rows.map((row) => row.body)).toEqual([oneOff().messages.ky, oneOff().messages.en, oneOff().messages.en]);
    });

    it("a second tick creates no second run and no second row", async () => {
      await seedThree();
      const { plan } = planner([oneOff()]);
      await plan(LEAD);
      expect(await plan(BISHKEK_TEN)).toMatchObject({ runsCreated: 0, queued: 0 });
      expect(await plan(at(BISHKEK_TEN.getTime() + 2 * HOUR))).toMatchObject({ runsCreated: 0, queued: 0 });
      expect(await listRuns(testDb.db)).toHaveLength(1);
      expect(await broadcastRows(testDb.db)).toHaveLength(3);
    });

    it("Studio status paused holds the queued rows, so the dispatcher claims none of them", async () => {
      await seedThree();
      const { plan, content } = planner([oneOff()]);
      await plan(LEAD);
      content.broadcastList[0]!.status = "paused";
      expect(await plan(BISHKEK_TEN)).toMatchObject({ paused: 1, runsCreated: 0 });
      expect(await statuses()).toEqual(["held", "held", "held"]);
      expect((await claimAll(at(BISHKEK_TEN.getTime() + 4 * HOUR))).messages).toHaveLength(0);
      expect((await listRuns(testDb.db))[0]!.status).toBe("paused");
    });

    it("Studio status back to scheduled releases the held rows to the dispatcher", async () => {
      await seedThree();
      const { plan, content } = planner([oneOff()]);
      await plan(LEAD);
      content.broadcastList[0]!.status = "paused";
      await plan(BISHKEK_TEN);
      content.broadcastList[0]!.status = "scheduled";
      expect(await plan(BISHKEK_TEN)).toMatchObject({ resumed: 1, runsCreated: 0, queued: 0 });
      expect(await statuses()).toEqual(["queued", "queued", "queued"]);
      expect((await claimAll(at(BISHKEK_TEN.getTime() + 4 * HOUR))).messages).toHaveLength(3);
    });

    it("Studio status cancelled cancels the queued rows, and a later 'scheduled' sends nothing again", async () => {
      await seedThree();
      const { plan, content } = planner([oneOff()]);
      await plan(LEAD);
      content.broadcastList[0]!.status = "cancelled";
      expect(await plan(BISHKEK_TEN)).toMatchObject({ cancelled: 1 });
      expect((await broadcastRows(testDb.db)).map((row) => [row.status, row.error_code])).toEqual(
        Array.from({ length: 3 }, () => ["cancelled", "broadcast-cancelled"]),
      );
      content.broadcastList[0]!.status = "scheduled";
      expect(await plan(at(BISHKEK_TEN.getTime() + HOUR))).toMatchObject({ runsCreated: 0, resumed: 0, queued: 0 });
      expect((await listRuns(testDb.db)).map((run) => run.status)).toEqual(["cancelled"]);
      expect(await statuses()).toEqual(["cancelled", "cancelled", "cancelled"]);
      expect((await claimAll(at(BISHKEK_TEN.getTime() + 4 * HOUR))).messages).toHaveLength(0);
    });

    it("does not resume an operator's pause, even across a Studio pause and resume", async () => {
      await seedThree();
      const { plan, content } = planner([oneOff()]);
      await plan(LEAD);
      const [run] = await listRuns(testDb.db);
      await controlRuns(testDb.db, "pause", { runId: run!.id }, "operator");
      expect(await plan(BISHKEK_TEN)).toMatchObject({ resumed: 0 });
      content.broadcastList[0]!.status = "paused";
      await plan(BISHKEK_TEN);
      content.broadcastList[0]!.status = "scheduled";
      expect(await plan(BISHKEK_TEN)).toMatchObject({ resumed: 0 });
      expect((await listRuns(testDb.db))[0]!.status).toBe("paused");
      expect(await statuses()).toEqual(["held", "held", "held"]);
      expect((await claimAll(at(BISHKEK_TEN.getTime() + 4 * HOUR))).messages).toHaveLength(0);
    });

    it("'as soon as approved' plans nothing until approved, then queues rows due at once", async () => {
      await seed([{ phone: testNumber("KG", 1), country: "KG", regionCode: "KG-GB" }]);
      const { plan, content } = planner([oneOff({ schedule: { mode: "whenApproved" } })], { approved: false });
      const noon = at(BISHKEK_TEN.getTime() + 2 * HOUR);
      expect(await plan(noon)).toMatchObject({ runsCreated: 0, awaitingApproval: 1 });
      expect(await listRuns(testDb.db)).toEqual([]);
      await approve(testDb.db, content.broadcastList[0]!, noon);
      expect(await plan(noon)).toMatchObject({ runsCreated: 1, queued: 1, awaitingApproval: 0 });
      expect((await broadcastRows(testDb.db)).map((row) => row.due_ms)).toEqual([noon.getTime()]);
      expect(await plan(at(noon.getTime() + DAY))).toMatchObject({ runsCreated: 0, queued: 0 });
    });

    it("a recurring broadcast creates one run per occurrence: two Mondays, two runs", async () => {
      await seed([{ phone: testNumber("KG", 1), country: "KG", regionCode: "KG-GB" }]);
      const { plan } = planner([oneOff({ schedule: { mode: "recurring", recurrence: "0 10 * * 1" } })]);
      expect(await plan(LEAD)).toMatchObject({ runsCreated: 1, queued: 1 });
      expect(await plan(at(BISHKEK_TEN.getTime() + HOUR))).toMatchObject({ runsCreated: 0, queued: 0 });
      expect(await plan(at(BISHKEK_TEN.getTime() + 3 * DAY))).toMatchObject({ runsCreated: 0, queued: 0 });
      expect(await plan(at(LEAD.getTime() + 7 * DAY))).toMatchObject({ runsCreated: 1, queued: 1 });
      expect(await plan(at(BISHKEK_TEN.getTime() + 7 * DAY))).toMatchObject({ runsCreated: 0, queued: 0 });
      const runs = await listRuns(testDb.db);
      expect(runs.map((run) => run.occurrence).sort()).toEqual(["2026-06-01 10:00", "2026-06-08 10:00"]);
      const rows = await broadcastRows(testDb.db);
      expect(rows.map((row) => new Date(row.due_ms).toISOString()).sort()).toEqual([
        "2026-06-01T04:00:00.000Z",
        "2026-06-08T04:00:00.000Z",
      ]);
    });

    it("skips and logs a broadcast without text in its fallback locale, and still plans the others", async () => {
      await seedThree();
      const broken = oneOff({ id: "broadcast-broken", messages: { ru: "Только по-русски." } });
      const { plan, lines } = planner([broken, oneOff()]);
      expect(await plan(LEAD)).toMatchObject({ broadcasts: 2, runsCreated: 1, skipped: 1, queued: 3 });
      expect((await listRuns(testDb.db)).map((run) => run.documentId)).toEqual(["broadcast-test"]);
      const warning = lines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((line) => line.documentId === "broadcast-broken");
      expect(warning).toMatchObject({ locale: "en" });
      expect(String(warning?.msg)).toContain("fallback");
    });

    it("rejects the tick when the content source fails, leaving existing runs and rows alone", async () => {
      await seedThree();
      const { plan, content } = planner([oneOff()]);
      await plan(LEAD);
      const { logger } = capturedLogger();
      const failing = { ...content, broadcasts: () => Promise.reject(new Error("content lake unreachable")) };
      await expect(planBroadcasts({ db: testDb.db, content: failing, transport, logger, samples, now: BISHKEK_TEN })).rejects.toThrow(
        "unreachable",
      );
      const failingRegions = { ...content, regions: () => Promise.reject(new Error("regions unreachable")) };
      await expect(
        planBroadcasts({ db: testDb.db, content: failingRegions, transport, logger, samples, now: BISHKEK_TEN }),
      ).rejects.toThrow("unreachable");
      expect((await listRuns(testDb.db)).map((run) => run.status)).toEqual(["active"]);
      expect(await statuses()).toEqual(["queued", "queued", "queued"]);
    });

    it("a broadcast missing from the content (unpublished, or invalid) keeps its run as it is", async () => {
      await seedThree();
      const { plan, content } = planner([oneOff()]);
      await plan(LEAD);
      content.broadcastList.length = 0;
      expect(await plan(BISHKEK_TEN)).toMatchObject({ broadcasts: 0, cancelled: 0, paused: 0 });
      expect((await listRuns(testDb.db)).map((run) => run.status)).toEqual(["active"]);
      expect(await statuses()).toEqual(["queued", "queued", "queued"]);
    });

    it("logs no phone number and no message body, whatever happens", async () => {
      const phones = [testNumber("KG", 1), testNumber("KZ", 2), testNumber("IQ", 3)];
      await seedThree();
      const broken = oneOff({ id: "broadcast-broken", messages: { ru: "Только по-русски." } });
      const { plan, content, lines } = planner([broken, oneOff()]);
      await plan(LEAD);
      content.broadcastList[1]!.status = "paused";
      await plan(BISHKEK_TEN);
      content.broadcastList[1]!.status = "scheduled";
      await plan(BISHKEK_TEN);
      content.broadcastList[1]!.status = "cancelled";
      await plan(BISHKEK_TEN);
      expect(lines.length).toBeGreaterThanOrEqual(2);
      const logged = lines.join("\n");
      for (const phone of phones) {
        expect(logged).not.toContain(phone);
        expect(logged).not.toContain(phone.slice(1));
      }
      for (const body of [...Object.values(oneOff().messages), "Только по-русски."]) expect(logged).not.toContain(body);
    });
  });

  describe("enrollSequences", () => {
    /** 2026-06-01 11:00 in Bishkek: inside the send window. */
    const JOINED = new Date("2026-06-01T05:00:00Z");
    /** When the sequence's step runs were first created (a tick before anyone joined). */
    const STEPS_CREATED = new Date(JOINED.getTime() - HOUR);
    const WELCOME = sequenceDoc().steps[0]!;
    const CONTRACT = sequenceDoc().steps[1]!;

    /** The sequences as given are approved (four eyes) before the first tick. */
    function enroller(sequences: SequenceDocument[]) {
      const content = documentsContent({ sequences });
      const { logger, lines } = capturedLogger();
      const initial = sequences.map((sequence) => structuredClone(sequence));
      let approvals: Promise<unknown> | null = null;
      const enroll = async (now: Date) => {
        approvals ??= Promise.all(initial.map((sequence) => approve(testDb.db, sequence)));
        await approvals;
        return enrollSequences({ db: testDb.db, content, transport, logger, samples, now });
      };
      return { content, lines, enroll };
    }
    async function rowsOfStep(key: string) {
      const run = (await listRuns(testDb.db, { source: "sequence-step" })).find((r) => r.occurrence === key);
      return run ? broadcastRows(testDb.db, run.id) : [];
    }
    const member = (n: number, extra: Partial<SeedSubscriber> = {}): SeedSubscriber => ({
      phone: testNumber("KG", n),
      country: "KG",
      regionCode: "KG-GB",
      locale: "ru",
      campaign: CAMPAIGN,
      consentAt: JOINED,
      ...extra,
    });

    it("queues day 0 only for the campaign's subscribers who finished the menus after the step existed", async () => {
      const { enroll } = enroller([sequenceDoc()]);
      await enroll(STEPS_CREATED);
      const [finished] = await seed([
        member(1),
        member(2, { conversation: { step: "choose-region", options: ["KG-GB"] } }),
        member(3, { campaign: "another-campaign" }),
        member(4, { campaign: null }),
        member(5, { consentAt: new Date(STEPS_CREATED.getTime() - HOUR) }),
        member(6, { status: "opted_out" }),
      ]);
      expect(await enroll(at(JOINED.getTime() + MINUTE))).toMatchObject({ queued: 1 });
      expect((await rowsOfStep("welcome")).map((row) => [row.subscriber_id, row.body, row.status])).toEqual([
        [finished, WELCOME.messages.ru, "queued"],
      ]);
      expect(await rowsOfStep("contract")).toEqual([]);
    });

    it("queues the welcome once the subscriber finishes the menus", async () => {
      const { enroll } = enroller([sequenceDoc()]);
      await enroll(STEPS_CREATED);
      const [id] = await seed([member(1, { conversation: { step: "choose-language", options: ["ky"] } })]);
      expect(await enroll(at(JOINED.getTime() + MINUTE))).toMatchObject({ queued: 0 });
      await runSql(testDb.db, sql`update subscribers set conversation = null where id = ${id!}`);
      expect(await enroll(at(JOINED.getTime() + 5 * MINUTE))).toMatchObject({ queued: 1 });
    });

    it("queues day 3 only once consent + 3 days has come, in the fallback locale when the step has no own text", async () => {
      const { enroll } = enroller([sequenceDoc()]);
      await enroll(STEPS_CREATED);
      const [id] = await seed([member(1)]);
      await enroll(at(JOINED.getTime() + MINUTE));
      expect(await enroll(at(JOINED.getTime() + 2 * DAY))).toMatchObject({ queued: 0 });
      expect(await enroll(at(JOINED.getTime() + 3 * DAY - MINUTE))).toMatchObject({ queued: 0 });
      expect(await rowsOfStep("contract")).toEqual([]);
      expect(await enroll(at(JOINED.getTime() + 3 * DAY))).toMatchObject({ queued: 1 });
      expect((await rowsOfStep("contract")).map((row) => [row.subscriber_id, row.body])).toEqual([[id, CONTRACT.messages.en]]);
    });

    it("a later step still reaches someone who joined shortly before the sequence existed, when their day comes", async () => {
      const { enroll } = enroller([sequenceDoc()]);
      await enroll(STEPS_CREATED);
      const [early] = await seed([member(1, { consentAt: new Date(STEPS_CREATED.getTime() - HOUR) })]);
      expect(await enroll(at(JOINED.getTime() + MINUTE))).toMatchObject({ queued: 0 });
      expect(await enroll(at(STEPS_CREATED.getTime() - HOUR + 3 * DAY))).toMatchObject({ queued: 1 });
      expect((await rowsOfStep("contract")).map((row) => row.subscriber_id)).toEqual([early]);
    });

    it("a second tick queues nothing new", async () => {
      const { enroll } = enroller([sequenceDoc()]);
      await enroll(STEPS_CREATED);
      await seed([member(1), member(2)]);
      expect(await enroll(at(JOINED.getTime() + MINUTE))).toMatchObject({ queued: 2 });
      expect(await enroll(at(JOINED.getTime() + 2 * MINUTE))).toMatchObject({ queued: 0 });
      expect(await enroll(at(JOINED.getTime() + 3 * DAY))).toMatchObject({ queued: 2 });
      expect(await enroll(at(JOINED.getTime() + 3 * DAY + MINUTE))).toMatchObject({ queued: 0 });
      expect(await broadcastRows(testDb.db)).toHaveLength(4);
      const runs = await listRuns(testDb.db, { source: "sequence-step" });
      expect(runs.map((run) => [run.occurrence, run.recipients]).sort()).toEqual([
        ["contract", 2],
        ["welcome", 2],
      ]);
    });

    it("an inactive sequence holds its queued messages and enrolls no one; active again releases them", async () => {
      const { enroll, content } = enroller([sequenceDoc()]);
      await enroll(STEPS_CREATED);
      await seed([member(1)]);
      await enroll(at(JOINED.getTime() + MINUTE));
      content.sequenceList[0]!.active = false;
      expect(await enroll(at(JOINED.getTime() + 2 * MINUTE))).toMatchObject({ paused: 2 });
      expect(await statuses()).toEqual(["held"]);
      await seed([member(2, { consentAt: at(JOINED.getTime() + 2 * MINUTE) })]);
      expect(await enroll(at(JOINED.getTime() + 3 * MINUTE))).toMatchObject({ queued: 0 });
      expect((await claimAll(at(JOINED.getTime() + 3 * MINUTE))).messages).toHaveLength(0);

      content.sequenceList[0]!.active = true;
      expect(await enroll(at(JOINED.getTime() + 4 * MINUTE))).toMatchObject({ resumed: 2, queued: 1 });
      expect(await statuses()).toEqual(["queued", "queued"]);
    });

    it("a step removed in the Studio: held until the new version is approved, then its run and its queued messages are cancelled", async () => {
      const { enroll, content } = enroller([sequenceDoc()]);
      await enroll(STEPS_CREATED);
      await seed([member(1)]);
      await enroll(at(JOINED.getTime() + MINUTE));
      content.sequenceList[0]!.steps = [CONTRACT];
      expect(await enroll(at(JOINED.getTime() + 2 * MINUTE))).toMatchObject({ held: 2, awaitingApproval: 1, queued: 0 });
      expect(await statuses()).toEqual(["held"]);
      await approve(testDb.db, content.sequenceList[0]!, at(JOINED.getTime() + 2 * MINUTE));
      // Both step runs of the old version end; the approved version has only the contract step.
      expect(await enroll(at(JOINED.getTime() + 3 * MINUTE))).toMatchObject({ cancelled: 2 });
      expect((await listRuns(testDb.db)).map((run) => [run.occurrence, run.status]).sort()).toEqual([
        ["contract", "active"],
        ["contract", "cancelled"],
        ["welcome", "cancelled"],
      ]);
      expect((await broadcastRows(testDb.db)).map((row) => [row.status, row.error_code])).toEqual([["cancelled", "content-changed"]]);
      // Later subscribers get no welcome.
      await seed([member(2, { consentAt: at(JOINED.getTime() + 3 * MINUTE) })]);
      expect(await enroll(at(JOINED.getTime() + 4 * MINUTE))).toMatchObject({ queued: 0 });
    });

    it("an edited step holds the sequence until approved; then the old text is cancelled and everyone waiting gets the new one", async () => {
      const { enroll, content } = enroller([sequenceDoc()]);
      await enroll(STEPS_CREATED);
      const [first] = await seed([member(1)]);
      await enroll(at(JOINED.getTime() + MINUTE));
      content.sequenceList[0]!.steps = [
        { ...WELCOME, messages: { en: "Welcome (edited).", ru: "Добро пожаловать (исправлено)." } },
        CONTRACT,
      ];
      const [second] = await seed([member(2, { consentAt: at(JOINED.getTime() + 2 * MINUTE) })]);
      // Not approved: nothing of the old text leaves, no one is enrolled with the new one.
      expect(await enroll(at(JOINED.getTime() + 3 * MINUTE))).toMatchObject({ queued: 0, held: 2, awaitingApproval: 1 });
      expect(await statuses()).toEqual(["held"]);
      expect((await claimAll(at(JOINED.getTime() + 3 * MINUTE))).messages).toHaveLength(0);

      await approve(testDb.db, content.sequenceList[0]!, at(JOINED.getTime() + 4 * MINUTE));
      expect(await enroll(at(JOINED.getTime() + 5 * MINUTE))).toMatchObject({ queued: 2, cancelled: 2 });
      const rows = (await broadcastRows(testDb.db)).map((row) => [row.subscriber_id, row.body, row.status]);
      expect(rows).toEqual([
        [first, WELCOME.messages.ru, "cancelled"],
        [first, "Добро пожаловать (исправлено).", "queued"],
        [second, "Добро пожаловать (исправлено).", "queued"],
      ]);
    });
  });
});
