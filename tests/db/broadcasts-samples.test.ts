/**
 * Sample content never reaches a real person: the sample dataset's broadcasts and sequences
 * (`isSample`) through the real jobs (job table, content source over a copy of campaigns/, the
 * transport the configuration picks), on PGlite and PostgreSQL. With Twilio configured (its HTTP
 * API faked by msw) or in production, nothing is planned, enrolled, queued or sent from them,
 * while a real broadcast beside them still goes out through Twilio; with the local transport
 * outside production they still go to the dev phone. Then what happens to runs planned before a
 * document became a sample (or on a database that used to run with the local transport).
 * One injected clock throughout: a fixed Monday in 2026, in the machine's past.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import type { BroadcastDocument, SequenceDocument } from "~/broadcasts/broadcast-spec";
import { enrollSequences } from "~/broadcasts/enroll.server";
import { planBroadcasts } from "~/broadcasts/plan.server";
import { samplePolicy, type SamplePolicy } from "~/broadcasts/sample-policy";
import { SAMPLE_CANCEL_CODE } from "~/broadcasts/sample-runs.server";
import { SampleSkipLog } from "~/broadcasts/sample-skip-log";
import { listRuns } from "~/broadcasts/runs.server";
import { createContentSource } from "~/content/content-source.server";
import { runSql } from "~/db/run-sql.server";
import { parseEnv, type Env } from "~/env.server";
import { createJobContext } from "../../jobs/job-context";
import { runJobOnce, type JobRunReport } from "../../jobs/job-run";
import { createLogger } from "~/lib/logger.server";
import { createTransport } from "~/messaging/transports/transports.server";
import { findJob } from "../../jobs/job-table";
import { copyDataset, localEnv, SAMPLE_DATASET_DIR, type DatasetCopy } from "../fixtures/content";
import { twilioFake } from "../mocks/twilio";
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
import { capturedLogger, outboxHarness, PUBLIC_BASE_URL, resetMessagingTables, testEnv } from "./outbox-kit";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(ms);
/** Monday 2026-06-01, 10:00 in Bishkek (UTC+6): the sample "Mondays 10:00" broadcast is due. */
const MONDAY_TEN_BISHKEK = new Date("2026-06-01T04:00:00Z");
/** Inside the planner's ten-minute lead. */
const PLAN_AT = at(MONDAY_TEN_BISHKEK.getTime() - 5 * MINUTE);
/** After the sequence steps' runs exist: subscribers joining now are enrolled. */
const STEPS_CREATED = at(MONDAY_TEN_BISHKEK.getTime() + HOUR);
const JOINED = at(STEPS_CREATED.getTime() + HOUR);

const KBYG = "know-before-you-go";
const SAMPLE_BROADCAST = "broadcast-know-before-you-go-sample";
const SAMPLE_BROADCASTS = [SAMPLE_BROADCAST, "broadcast-safe-journeys-sample"];
const SAMPLE_SEQUENCES = ["sequence-know-before-you-go-first-week", "sequence-safe-journeys-first-week"];
const REAL_BROADCAST = "broadcast-real-contract-reminder";
const REAL_TEXT = "Real reminder: read your contract before you sign. Reply STOP to stop.";

/** A real (unmarked) broadcast beside the samples: Mondays 10:00 to Kyrgyzstan. */
const realBroadcast = {
  _id: REAL_BROADCAST,
  _type: "broadcast",
  _createdAt: "2026-05-01T09:00:00Z",
  _updatedAt: "2026-05-01T09:00:00Z",
  title: "Real: contract reminder",
  campaign: { _type: "reference", _ref: `campaign-${KBYG}` },
  messages: { _type: "localeSmsText", en: REAL_TEXT },
  channel: "sms",
  audience: { countries: ["KG"] },
  schedule: { mode: "recurring", recurrence: "0 10 * * 1" },
  status: "scheduled",
};

/** Development with the local transport (the dev phone): samples are sent there. */
const devEnv = () => parseEnv({ NODE_ENV: "test", LOG_LEVEL: "silent", PUBLIC_BASE_URL, OUTBOX_RATE_PER_SENDER: "0" });
/** Production without Twilio: messaging is off, but `npm run job` still runs the jobs by hand. */
const productionEnv = () =>
  parseEnv({ NODE_ENV: "production", LOG_LEVEL: "silent", PUBLIC_BASE_URL, SESSION_SECRET: "s".repeat(16) + "-production-secret-32" });

type LogLine = { msg: string; documentIds?: string[]; because?: string; [field: string]: unknown };

describe.each(DATABASE_KINDS)("sample broadcasts and sequences on %s", (kind) => {
  let testDb: TestDatabase;
  let dataset: DatasetCopy;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    dataset = await copyDataset(SAMPLE_DATASET_DIR);
    await writeFile(path.join(dataset.dir, "zz-real-broadcast.ndjson"), `${JSON.stringify(realBroadcast)}\n`);
  });
  afterAll(async () => {
    await testDb?.close();
    await dataset?.remove();
  });
  beforeEach(async () => {
    await resetMessagingTables(testDb.db);
    twilioFake.reset();
  });

  const seed = (env: Env, subscribers: SeedSubscriber[]) => seedSubscribers(testDb.db, phoneKeyringFromEnv(env), subscribers);
  const kyrgyz = (n: number, extra: Partial<SeedSubscriber> = {}): SeedSubscriber => ({
    phone: testNumber("KG", n),
    country: "KG",
    locale: "en",
    ...extra,
  });

  /** The jobs as a process runs them (job table, job context), over the dataset copy, on a clock the test moves. */
  function jobsProcess(env: Env) {
    const { logger, lines } = capturedLogger();
    // The content source's own warnings are not what these tests read.
    const content = createContentSource({ env: localEnv({ CONTENT_DATASET_DIR: dataset.dir }), logger: createLogger({ level: "silent" }) });
    const keyring = phoneKeyringFromEnv(env);
    const transport = createTransport(env, { db: testDb.db, keyring, logger });
    let clock = PLAN_AT;
    const context = createJobContext({ db: testDb.db, dbKind: testDb.kind, content, env, logger, transport, keyring, now: () => clock });
    // The real broadcast is approved (four eyes) as the content source reads it; samples need no approval.
    let approved: Promise<unknown> | null = null;
    const run = async (name: string, now: Date): Promise<Record<string, number>> => {
      approved ??= content.broadcasts().then((all) =>
        approve(
          testDb.db,
          all.find((doc) => doc.id === REAL_BROADCAST)!,
        ),
      );
      await approved;
      clock = now;
      const report: JobRunReport = await runJobOnce(findJob(name)!, context);
      if (report.status !== "done") throw new Error(`${name}: ${JSON.stringify(report)}`);
      return report.summary as Record<string, number>;
    };
    return {
      content,
      plan: (now: Date) => run("plan-broadcasts", now),
      enroll: (now: Date) => run("enroll-sequences", now),
      dispatch: (now: Date) => run("dispatch-outbox", now),
      logged: (fragment: string) => lines.map((line) => JSON.parse(line) as LogLine).filter((line) => line.msg.includes(fragment)),
    };
  }

  const sentBodies = () => twilioFake.createCalls().map((call) => call.params.Body);

  describe("through the jobs, with the sample dataset", () => {
    it("with Twilio configured: no run, row or Twilio call from a sample broadcast, while a real broadcast goes out through Twilio", async () => {
      const env = testEnv();
      await seed(env, [kyrgyz(1), kyrgyz(2, { locale: "ru" })]);
      const jobs = jobsProcess(env);

      expect(await jobs.plan(PLAN_AT)).toMatchObject({ broadcasts: 3, runsCreated: 1, queued: 2, samplesSkipped: 2 });
      expect((await listRuns(testDb.db)).map((run) => run.documentId)).toEqual([REAL_BROADCAST]);
      expect(await jobs.dispatch(at(MONDAY_TEN_BISHKEK.getTime() + MINUTE))).toMatchObject({ claimed: 2, sent: 2 });
      expect(sentBodies()).toEqual([REAL_TEXT, REAL_TEXT]);
      expect(
        twilioFake
          .createCalls()
          .map((call) => call.params.To)
          .sort(),
      ).toEqual([testNumber("KG", 1), testNumber("KG", 2)]);

      // Every later tick, all week: still nothing from the samples.
      for (const later of [MONDAY_TEN_BISHKEK.getTime() + HOUR, MONDAY_TEN_BISHKEK.getTime() + 3 * DAY + 4 * HOUR]) {
        expect(await jobs.plan(at(later))).toMatchObject({ runsCreated: 0, queued: 0, samplesSkipped: 2 });
      }
      expect((await listRuns(testDb.db)).map((run) => run.documentId)).toEqual([REAL_BROADCAST]);
      expect(twilioFake.createCalls()).toHaveLength(2);
    });

    it("with Twilio configured: a sample sequence enrolls no one, queues nothing and sends nothing", async () => {
      const env = testEnv();
      const jobs = jobsProcess(env);
      expect(await jobs.enroll(STEPS_CREATED)).toMatchObject({ sequences: 2, steps: 0, queued: 0, samplesSkipped: 2 });
      await seed(env, [
        kyrgyz(1, { campaign: KBYG, consentAt: JOINED }),
        kyrgyz(2, { campaign: "safe-journeys", country: "AF", phone: testNumber("AF", 2), consentAt: JOINED }),
      ]);
      for (const tick of [JOINED.getTime() + MINUTE, JOINED.getTime() + 3 * DAY, JOINED.getTime() + 7 * DAY]) {
        expect(await jobs.enroll(at(tick))).toMatchObject({ queued: 0, samplesSkipped: 2 });
      }
      expect(await listRuns(testDb.db, { source: "sequence-step" })).toEqual([]);
      expect(await broadcastRows(testDb.db)).toEqual([]);
      expect(await jobs.dispatch(at(JOINED.getTime() + 7 * DAY + MINUTE))).toMatchObject({ claimed: 0 });
      expect(twilioFake.calls).toEqual([]);
    });

    it("in production without Twilio (jobs run by hand): nothing planned or enrolled from the samples", async () => {
      const env = productionEnv();
      const jobs = jobsProcess(env);
      await seed(env, [kyrgyz(1, { campaign: KBYG, consentAt: JOINED })]);
      expect(await jobs.plan(PLAN_AT)).toMatchObject({ samplesSkipped: 2 });
      expect(await jobs.enroll(STEPS_CREATED)).toMatchObject({ samplesSkipped: 2 });
      expect(await jobs.enroll(at(JOINED.getTime() + MINUTE))).toMatchObject({ queued: 0 });
      expect((await listRuns(testDb.db)).map((run) => run.documentId)).toEqual([REAL_BROADCAST]);
      expect(jobs.logged("not sent").map((line) => line.because)).toEqual(["production", "production"]);
    });

    it("with the local transport outside production: the samples still reach the dev phone", async () => {
      const env = devEnv();
      const jobs = jobsProcess(env);
      const [member] = await seed(env, [kyrgyz(1, { campaign: KBYG, consentAt: JOINED })]);

      expect(await jobs.plan(PLAN_AT)).toMatchObject({ runsCreated: 2, samplesSkipped: 0 });
      expect((await listRuns(testDb.db)).map((run) => run.documentId).sort()).toEqual([SAMPLE_BROADCAST, REAL_BROADCAST]);
      expect(await jobs.enroll(STEPS_CREATED)).toMatchObject({ steps: 6, samplesSkipped: 0 });
      expect(await jobs.enroll(at(JOINED.getTime() + MINUTE))).toMatchObject({ queued: 1 });
      const welcome = (await listRuns(testDb.db, { source: "sequence-step" })).find(
        (run) => run.occurrence === "day-0" && run.documentId === SAMPLE_SEQUENCES[0],
      );
      expect((await broadcastRows(testDb.db, welcome!.id)).map((row) => [row.subscriber_id, row.status])).toEqual([[member, "queued"]]);

      expect(await jobs.dispatch(at(JOINED.getTime() + 2 * MINUTE))).toMatchObject({ sent: 3 });
      const devPhone = await runSql<{ count: number }>(testDb.db, sql`select count(*)::int as count from dev_phone_messages`);
      expect(Number(devPhone.rows[0]?.count)).toBe(3);
      expect(twilioFake.calls).toEqual([]);
      expect(jobs.logged("not sent")).toEqual([]);
    });

    it("says once, not every tick, which samples it leaves out and why; again when the list changes", async () => {
      const jobs = jobsProcess(testEnv());
      for (let tick = 0; tick < 4; tick++) await jobs.plan(at(PLAN_AT.getTime() + tick * 20_000));
      for (let tick = 0; tick < 3; tick++) await jobs.enroll(at(STEPS_CREATED.getTime() + tick * MINUTE));
      expect(jobs.logged("not sent")).toEqual([
        expect.objectContaining({
          documentIds: SAMPLE_BROADCASTS,
          because: "twilio",
          msg: expect.stringContaining("Twilio is configured"),
        }),
        expect.objectContaining({ documentIds: SAMPLE_SEQUENCES, because: "twilio" }),
      ]);

      // Staff delete one sample broadcast: the next tick says what is left out now, once.
      const original = await readFile(path.join(dataset.dir, "safe-journeys.ndjson"), "utf8");
      try {
        await writeFile(
          path.join(dataset.dir, "safe-journeys.ndjson"),
          original
            .split("\n")
            .filter((line) => !line.includes('"_id":"broadcast-safe-journeys-sample"'))
            .join("\n"),
        );
        jobs.content.invalidate();
        await jobs.plan(at(PLAN_AT.getTime() + 80_000));
        await jobs.plan(at(PLAN_AT.getTime() + 100_000));
      } finally {
        await writeFile(path.join(dataset.dir, "safe-journeys.ndjson"), original);
      }
      expect(jobs.logged("sample broadcasts not sent").map((line) => line.documentIds)).toEqual([SAMPLE_BROADCASTS, [SAMPLE_BROADCAST]]);
    });
  });

  describe("runs planned before the document was a sample", () => {
    const twilio = testEnv();
    const blocked = samplePolicy(twilio);
    const plan = (broadcasts: BroadcastDocument[], samples: SamplePolicy, now: Date, sampleSkipLog = new SampleSkipLog()) => {
      const { logger, lines } = capturedLogger();
      const transport = outboxHarness(testDb.db, { env: twilio }).transport;
      // Every unmarked version the test plans is approved (four eyes): what is tested here is the sample mark.
      const approvals = Promise.all(broadcasts.filter((doc) => !doc.isSample).map((doc) => approve(testDb.db, doc)));
      return {
        lines,
        done: approvals.then(() =>
          planBroadcasts({ db: testDb.db, content: documentsContent({ broadcasts }), transport, logger, samples, sampleSkipLog, now }),
        ),
      };
    };
    const oneOff = (overrides: Partial<BroadcastDocument> = {}) =>
      broadcastDoc({ schedule: { mode: "at", sendAt: "2026-06-01T10:00" }, ...overrides });
    const dispatchTwilio = (now: Date) => outboxHarness(testDb.db, { env: twilio }).dispatch({ now });
    const rowStates = async () => (await broadcastRows(testDb.db)).map((row) => [row.status, row.error_code]);

    it("a broadcast marked sample after planning: its run is cancelled and its rows never reach Twilio; unmarking does not bring them back", async () => {
      await seed(twilio, [kyrgyz(1), kyrgyz(2)]);
      const broadcast = oneOff();
      expect(await plan([broadcast], blocked, PLAN_AT).done).toMatchObject({ runsCreated: 1, queued: 2 });

      broadcast.isSample = true;
      const marked = plan([broadcast], blocked, at(PLAN_AT.getTime() + 20_000));
      expect(await marked.done).toMatchObject({ cancelled: 1, samplesSkipped: 1 });
      expect(marked.lines.map((line) => JSON.parse(line) as LogLine).find((line) => line.msg.includes("cancelled"))).toMatchObject({
        documentId: "broadcast-test",
        runs: 1,
        messages: 2,
        because: "twilio",
      });
      expect((await listRuns(testDb.db)).map((run) => run.status)).toEqual(["cancelled"]);
      expect(await rowStates()).toEqual([
        ["cancelled", SAMPLE_CANCEL_CODE],
        ["cancelled", SAMPLE_CANCEL_CODE],
      ]);
      expect(await dispatchTwilio(at(MONDAY_TEN_BISHKEK.getTime() + HOUR))).toMatchObject({ claimed: 0 });
      expect(twilioFake.calls).toEqual([]);

      // Later ticks change nothing more; unmarking (the frozen text was the sample's) sends nothing late.
      expect(await plan([broadcast], blocked, at(PLAN_AT.getTime() + 40_000)).done).toMatchObject({ cancelled: 0 });
      broadcast.isSample = false;
      expect(await plan([broadcast], blocked, at(PLAN_AT.getTime() + 60_000)).done).toMatchObject({
        runsCreated: 0,
        resumed: 0,
        queued: 0,
      });
      expect(await dispatchTwilio(at(MONDAY_TEN_BISHKEK.getTime() + 2 * HOUR))).toMatchObject({ claimed: 0 });
      expect(twilioFake.calls).toEqual([]);
    });

    it("an operator's paused run of a broadcast marked sample is cancelled too", async () => {
      await seed(twilio, [kyrgyz(1)]);
      const broadcast = oneOff();
      await plan([broadcast], blocked, PLAN_AT).done;
      const [run] = await listRuns(testDb.db);
      await runSql(testDb.db, sql`update broadcast_runs set status = 'paused', paused_by = 'operator' where id = ${run!.id}`);
      await runSql(testDb.db, sql`update outbox_messages set status = 'held' where broadcast_run_id = ${run!.id}`);
      broadcast.isSample = true;
      expect(await plan([broadcast], blocked, at(PLAN_AT.getTime() + 20_000)).done).toMatchObject({ cancelled: 1 });
      expect(await rowStates()).toEqual([["cancelled", SAMPLE_CANCEL_CODE]]);
    });

    it("a run planned with the local transport is withdrawn at the first tick once the same database sends through Twilio", async () => {
      await seed(twilio, [kyrgyz(1)]);
      const sample = oneOff({ isSample: true, schedule: { mode: "recurring", recurrence: "0 10 * * 1" } });
      expect(await plan([sample], { send: true }, PLAN_AT).done).toMatchObject({ runsCreated: 1, queued: 1, samplesSkipped: 0 });
      expect(await plan([sample], blocked, at(PLAN_AT.getTime() + 20_000)).done).toMatchObject({ cancelled: 1, samplesSkipped: 1 });
      expect(await rowStates()).toEqual([["cancelled", SAMPLE_CANCEL_CODE]]);
      // Next Monday: still nothing.
      expect(await plan([sample], blocked, at(PLAN_AT.getTime() + 7 * DAY)).done).toMatchObject({ runsCreated: 0, queued: 0 });
      expect(await dispatchTwilio(at(MONDAY_TEN_BISHKEK.getTime() + 7 * DAY + MINUTE))).toMatchObject({ claimed: 0 });
      expect(twilioFake.calls).toEqual([]);
    });

    it("a sequence marked sample: its steps pause and their queued messages are cancelled; unmarked, it enrolls whoever has no message yet", async () => {
      const sequence: SequenceDocument = sequenceDoc({ campaignSlug: KBYG });
      const enroll = async (samples: SamplePolicy, now: Date) => {
        const { logger } = capturedLogger();
        const transport = outboxHarness(testDb.db, { env: twilio }).transport;
        // Unmarked versions are approved (four eyes): what is tested here is the sample mark.
        if (!sequence.isSample) await approve(testDb.db, sequence);
        return enrollSequences({ db: testDb.db, content: documentsContent({ sequences: [sequence] }), transport, logger, samples, now });
      };
      await enroll(blocked, STEPS_CREATED);
      // Joined 10:00 UTC = 16:00 in Bishkek: the welcome waits in the outbox a while, as a backlog would.
      const [early] = await seed(twilio, [kyrgyz(1, { campaign: KBYG, consentAt: JOINED })]);
      expect(await enroll(blocked, at(JOINED.getTime() + MINUTE))).toMatchObject({ queued: 1 });

      sequence.isSample = true;
      expect(await enroll(blocked, at(JOINED.getTime() + 2 * MINUTE))).toMatchObject({ paused: 2, samplesSkipped: 1 });
      expect((await listRuns(testDb.db, { source: "sequence-step" })).map((run) => run.status)).toEqual(["paused", "paused"]);
      expect(await rowStates()).toEqual([["cancelled", SAMPLE_CANCEL_CODE]]);
      const [later] = await seed(twilio, [kyrgyz(2, { campaign: KBYG, consentAt: at(JOINED.getTime() + 3 * MINUTE) })]);
      expect(await enroll(blocked, at(JOINED.getTime() + 4 * MINUTE))).toMatchObject({ queued: 0, paused: 0 });

      // Staff review the texts and untick the mark: steps resume; the cancelled welcome stays cancelled.
      sequence.isSample = false;
      const [newcomer] = await seed(twilio, [kyrgyz(3, { campaign: KBYG, consentAt: at(JOINED.getTime() + 5 * MINUTE) })]);
      expect(await enroll(blocked, at(JOINED.getTime() + 6 * MINUTE))).toMatchObject({ resumed: 2, queued: 2 });
      const rows = await broadcastRows(testDb.db);
      expect(rows.map((row) => [row.subscriber_id, row.status])).toEqual([
        [early, "cancelled"],
        [later, "queued"],
        [newcomer, "queued"],
      ]);
    });
  });
});
