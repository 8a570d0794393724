/**
 * `npm run broadcast -- …` (runBroadcastCommand) on a real database (PGlite; PostgreSQL too when
 * TEST_DATABASE_URL is set): usage errors, the run list, a run's progress, a cost estimate from
 * the example price table, and the operator's pause / resume / cancel by run id or document id.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { phoneBlindIndex } from "~/audience/phone-crypto.server";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { optOutByIndex } from "~/audience/opt-out.server";
import { listAudit } from "~/audit/audit-log.server";
import { BROADCAST_USAGE, runBroadcastCommand, type CommandDeps } from "~/broadcasts/broadcast-command.server";
import type { BroadcastDocument, SequenceDocument } from "~/broadcasts/broadcast-spec";
import type { CostEstimate } from "~/broadcasts/cost-estimate";
import { expandRun } from "~/broadcasts/expand.server";
import { senderTable } from "~/broadcasts/plan.server";
import type { RunProgress } from "~/broadcasts/progress.server";
import { broadcastRunSpec } from "~/broadcasts/run-spec";
import { controlRuns, ensureRun, listRuns, type RunSummary } from "~/broadcasts/runs.server";
import { ContentUnavailableError } from "~/content/content-errors";
import { runSql } from "~/db/run-sql.server";
import { twilioFake } from "../mocks/twilio";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";
import {
  broadcastDoc,
  broadcastRows,
  documentsContent,
  seedSubscribers,
  sequenceDoc,
  TEST_REGIONS,
  testNumber,
  type SeedSubscriber,
} from "./broadcast-kit";
import { outboxHarness, resetMessagingTables, testEnv } from "./outbox-kit";

/** Noon in Bishkek: "as soon as possible" rows are due at once. */
const NOW = new Date("2026-06-01T06:00:00Z");
/** 71 Cyrillic characters: UCS-2, two segments. */
const LONG_RU = "д".repeat(71);

describe.each(DATABASE_KINDS)("broadcast command on %s", (kind) => {
  let testDb: TestDatabase;
  const env = testEnv();
  const keyring = phoneKeyringFromEnv(env);
  let senders: ReturnType<typeof senderTable>;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    senders = senderTable(outboxHarness(testDb.db, { env }).transport);
  });
  afterAll(async () => {
    await testDb?.close();
  });
  beforeEach(async () => {
    await resetMessagingTables(testDb.db);
    twilioFake.reset();
  });

  function deps(broadcasts: BroadcastDocument[] = [], priceTableFile?: string, sequences: SequenceDocument[] = []): CommandDeps {
    return { db: testDb.db, content: documentsContent({ broadcasts, sequences }), env: { ...env, PRICE_TABLE_FILE: priceTableFile } };
  }
  const run = (args: string[], commandDeps = deps()) => runBroadcastCommand(args, commandDeps);
  const seed = (subscribers: SeedSubscriber[]) => seedSubscribers(testDb.db, keyring, subscribers);
  const kg = (n: number, extra: Partial<SeedSubscriber> = {}): SeedSubscriber => ({
    phone: testNumber("KG", n),
    country: "KG",
    regionCode: "KG-GB",
    ...extra,
  });

  /** A planned and expanded run of `documentId` (rows queued, due now). */
  async function expandedRun(documentId: string, occurrence = "once"): Promise<number> {
    const spec = broadcastRunSpec(broadcastDoc({ id: documentId }), { kind: "asap" }, TEST_REGIONS);
    const { id } = await ensureRun(testDb.db, {
      source: "broadcast",
      contentHash: "",
      documentId,
      occurrence,
      title: `Title of ${documentId}`,
      spec,
    });
    await expandRun(testDb.db, id, { senders, now: NOW });
    return id;
  }

  describe("usage", () => {
    it.each([
      [[]],
      [["frobnicate"]],
      [["progress"]],
      [["progress", "broadcast-a"]],
      [["estimate"]],
      [["pause"]],
      [["resume"]],
      [["cancel"]],
    ])("%j exits 2 with the usage", async (args) => {
      const result = await run(args);
      expect(result.exitCode).toBe(2);
      expect(result.output).toMatchObject({ usage: BROADCAST_USAGE, error: expect.any(String) });
    });
  });

  it("list shows every run, newest first, with status and recipients", async () => {
    await seed([kg(1), kg(2)]);
    const first = await expandedRun("broadcast-a");
    const second = await expandedRun("broadcast-b");
    await controlRuns(testDb.db, "pause", { runId: first }, "operator");
    const result = await run(["list"]);
    expect(result.exitCode).toBe(0);
    expect((result.output as RunSummary[]).map((r) => [r.id, r.documentId, r.status, r.recipients, r.expanded])).toEqual([
      [second, "broadcast-b", "active", 2, true],
      [first, "broadcast-a", "paused", 2, true],
    ]);
  });

  it("list marks the runs whose broadcast or sequence is a sample, and says when it cannot tell", async () => {
    await seed([kg(1)]);
    const sample = await expandedRun("broadcast-sample");
    const real = await expandedRun("broadcast-real");
    const sequenceStep = await expandedRun("sequence-sample");
    const content = deps([broadcastDoc({ id: "broadcast-sample", isSample: true }), broadcastDoc({ id: "broadcast-real" })], undefined, [
      sequenceDoc({ id: "sequence-sample", isSample: true }),
    ]);
    const listed = (await run(["list"], content)).output as Array<RunSummary & { sample: boolean | null }>;
    expect(listed.map((r) => [r.id, r.sample])).toEqual([
      [sequenceStep, true],
      [real, false],
      [sample, true],
    ]);
    const unreadable = {
      ...content,
      content: { ...content.content, sequences: () => Promise.reject(new ContentUnavailableError("sanity")) },
    };
    expect(((await run(["list"], unreadable)).output as Array<{ sample: unknown }>).map((r) => r.sample)).toEqual([null, null, null]);
  });

  it("progress of a run counts rows by state, failures by kind and code, cancellations by reason and opt-outs since planning", async () => {
    await seed([kg(1), kg(2), kg(3), kg(4)]);
    const runId = await expandedRun("broadcast-a");
    // STOP during the broadcast cancels that number's queued row at once.
    await optOutByIndex(testDb.db, phoneBlindIndex(keyring, testNumber("KG", 4)), "keyword");
    twilioFake.fail("create", { status: 400, code: 21211 }, { times: 1, when: (params) => params.To === testNumber("KG", 3) });
    expect(await outboxHarness(testDb.db, { env }).dispatch({ now: NOW })).toMatchObject({ claimed: 3, sent: 2, failed: 1 });

    const result = await run(["progress", String(runId)]);
    expect(result.exitCode).toBe(0);
    expect(result.output as RunProgress).toEqual({
      runId,
      total: 4,
      byStatus: { sent: 2, failed: 1, cancelled: 1 },
      failedByKind: { "invalid-number": 1 },
      failedByCode: { "21211": 1 },
      cancelledByReason: { "opted-out": 1 },
      optedOutSince: 1,
    });
  });

  it("progress of a run that does not exist is empty", async () => {
    expect(await run(["progress", "4242"])).toEqual({
      exitCode: 0,
      output: { runId: 4242, total: 0, byStatus: {}, failedByKind: {}, failedByCode: {}, cancelledByReason: {}, optedOutSince: 0 },
    });
  });

  describe("estimate", () => {
    const broadcast = broadcastDoc({
      id: "broadcast-estimate",
      channel: "subscriberPreference",
      messages: { en: "Check your contract.", ru: LONG_RU, ky: "Келишимди текшериңиз." },
    });
    const audience = () =>
      seed([
        kg(1, { locale: "ru" }),
        kg(2, { locale: "ru" }),
        kg(3, { locale: "ky" }),
        { phone: testNumber("IQ", 4), country: "IQ", regionCode: "IQ-BG", locale: "ar" },
        { phone: testNumber("KZ", 5), country: "KZ", regionCode: "KZ-75", locale: "kk", channel: "whatsapp" },
        kg(6, { status: "opted_out" }),
      ]);

    it("counts recipients by country and locale and totals the cost from the example price table", async () => {
      await audience();
      const result = await run(["estimate", broadcast.id], deps([broadcast]));
      expect(result.exitCode).toBe(0);
      const estimate = result.output as CostEstimate;
      expect(estimate).toMatchObject({ currency: "USD", example: true, recipients: 5 });
      // KG: 2 × 2 segments (Russian) + 1 × 1 (Kyrgyz) at 0.15; IQ: 1 × 1 (English fallback) at 0.15;
      // KZ: one WhatsApp marketing message at 0.05.
      expect(estimate.byCountry).toEqual({
        KG: { recipients: 3, cost: 0.75 },
        IQ: { recipients: 1, cost: 0.15 },
        KZ: { recipients: 1, cost: 0.05 },
      });
      expect(estimate.byLocale).toEqual({
        ru: { recipients: 2, cost: 0.6 },
        ky: { recipients: 1, cost: 0.15 },
        ar: { recipients: 1, cost: 0.15 },
        kk: { recipients: 1, cost: 0.05 },
      });
      expect(estimate.segmentsByLocale).toEqual({ ru: 2, ky: 1, en: 1 });
      expect(estimate.total).toBe(0.95);
    });

    it("uses the price table file when one is configured", async () => {
      await audience();
      const dir = await mkdtemp(join(tmpdir(), "price-table-"));
      try {
        const file = join(dir, "prices.json");
        await writeFile(
          file,
          JSON.stringify({
            currency: "EUR",
            sms: { perSegment: { default: 0.01 } },
            whatsapp: { perMessage: { default: { marketing: 0.02, utility: 0, authentication: 0, service: 0 } } },
          }),
        );
        const estimate = (await run(["estimate", broadcast.id], deps([broadcast], file))).output as CostEstimate;
        expect(estimate).toMatchObject({ currency: "EUR", example: false, recipients: 5 });
        // SMS units: 4 + 1 + 1 = 6 segments at 0.01; one WhatsApp message at 0.02.
        expect(estimate.total).toBe(0.08);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it("marks a sample broadcast's estimate and says this site (Twilio configured) would not send it", async () => {
      await audience();
      const sample = { ...broadcast, isSample: true };
      const twilioSite = (await run(["estimate", broadcast.id], deps([sample]))).output as CostEstimate & {
        sample: boolean;
        sampleNote: string;
      };
      expect(twilioSite).toMatchObject({
        recipients: 5,
        sample: true,
        sampleNote: expect.stringContaining("not sent here: Twilio is configured"),
      });
      const devSite = {
        ...deps([sample]),
        env: { PRICE_TABLE_FILE: undefined, messagingTransport: "local" as const, isProduction: false },
      };
      expect((await run(["estimate", broadcast.id], devSite)).output).toMatchObject({
        sample: true,
        sampleNote: expect.stringContaining("sent here only because"),
      });
      expect((await run(["estimate", broadcast.id], deps([broadcast]))).output).toMatchObject({ sample: false });
      expect((await run(["estimate", broadcast.id], deps([broadcast]))).output).not.toHaveProperty("sampleNote");
    });

    it("exits 1 for a broadcast the content does not have", async () => {
      const result = await run(["estimate", "broadcast-unknown"], deps([broadcast]));
      expect(result.exitCode).toBe(1);
      expect(result.output).toMatchObject({ error: expect.stringContaining("broadcast-unknown") });
    });
  });

  describe("pause, resume, cancel", () => {
    it("pause by run id holds that run's rows as an operator pause, which the Studio cannot resume; resume releases them", async () => {
      await seed([kg(1), kg(2)]);
      const runId = await expandedRun("broadcast-a");
      const other = await expandedRun("broadcast-b");
      expect(await run(["pause", String(runId)])).toEqual({ exitCode: 0, output: { runs: 1, messages: 2 } });
      expect((await broadcastRows(testDb.db, runId)).map((row) => row.status)).toEqual(["held", "held"]);
      expect((await broadcastRows(testDb.db, other)).map((row) => row.status)).toEqual(["queued", "queued"]);
      expect(await controlRuns(testDb.db, "resume", { source: "broadcast", documentId: "broadcast-a" }, "studio")).toEqual({
        runs: 0,
        messages: 0,
      });

      expect(await run(["resume", String(runId)])).toEqual({ exitCode: 0, output: { runs: 1, messages: 2 } });
      expect((await broadcastRows(testDb.db, runId)).map((row) => row.status)).toEqual(["queued", "queued"]);
      // Audited as the command line, never as a person.
      const entries = (await listAudit(testDb.db, { limit: 20, targetType: "broadcast-run" })).filter((e) => e.targetId === String(runId));
      expect(entries.map((entry) => [entry.action, entry.actorLabel, entry.actorUserId])).toEqual([
        ["run-resumed", "cli", null],
        ["run-paused", "cli", null],
      ]);
    });

    it("will not resume a run the four-eyes approval holds, and says why", async () => {
      await seed([kg(1)]);
      const runId = await expandedRun("broadcast-a");
      await runSql(
        testDb.db,
        sql`update broadcast_runs set status = 'paused', paused_by = 'approval', hold_reason = 'content-changed' where id = ${runId}`,
      );
      const refused = await run(["resume", String(runId)]);
      expect(refused.exitCode).toBe(1);
      expect(JSON.stringify(refused.output)).toContain("held for approval");
    });

    it("pause, resume and cancel by document id act on every run of that broadcast and no other", async () => {
      await seed([kg(1)]);
      const monday = await expandedRun("broadcast-a", "2026-06-01 10:00");
      const nextMonday = await expandedRun("broadcast-a", "2026-06-08 10:00");
      const other = await expandedRun("broadcast-b");
      expect(await run(["pause", "broadcast-a"])).toEqual({ exitCode: 0, output: { runs: 2, messages: 2 } });
      expect(await run(["resume", "broadcast-a"])).toEqual({ exitCode: 0, output: { runs: 2, messages: 2 } });
      expect(await run(["cancel", "broadcast-a"])).toEqual({ exitCode: 0, output: { runs: 2, messages: 2 } });
      const status = new Map((await listRuns(testDb.db)).map((r) => [r.id, r.status]));
      expect([status.get(monday), status.get(nextMonday), status.get(other)]).toEqual(["cancelled", "cancelled", "active"]);
      const rowsOf = async (runId: number) => (await broadcastRows(testDb.db, runId)).map((row) => [row.status, row.error_code]);
      expect([await rowsOf(monday), await rowsOf(nextMonday), await rowsOf(other)]).toEqual([
        [["cancelled", "broadcast-cancelled"]],
        [["cancelled", "broadcast-cancelled"]],
        [["queued", null]],
      ]);
    });

    it("cancel by run id ends a paused run for good: it can be neither resumed nor cancelled again", async () => {
      await seed([kg(1)]);
      const runId = await expandedRun("broadcast-a");
      await run(["pause", String(runId)]);
      expect(await run(["cancel", String(runId)])).toEqual({ exitCode: 0, output: { runs: 1, messages: 1 } });
      expect((await run(["resume", String(runId)])).exitCode).toBe(1);
      expect((await run(["cancel", String(runId)])).exitCode).toBe(1);
      expect((await broadcastRows(testDb.db, runId)).map((row) => row.status)).toEqual(["cancelled"]);
    });

    it("exits 1 when there is nothing to pause, resume or cancel", async () => {
      await seed([kg(1)]);
      const runId = await expandedRun("broadcast-a");
      expect(await run(["pause", "4242"])).toMatchObject({
        exitCode: 1,
        output: { runs: 0, messages: 0, error: expect.stringContaining("4242") },
      });
      expect(await run(["pause", "broadcast-unknown"])).toMatchObject({ exitCode: 1, output: { runs: 0 } });
      expect((await run(["resume", String(runId)])).exitCode).toBe(1);
      await run(["pause", String(runId)]);
      expect(await run(["pause", String(runId)])).toMatchObject({ exitCode: 1, output: { runs: 0 } });
      expect((await broadcastRows(testDb.db, runId)).map((row) => row.status)).toEqual(["held"]);
    });
  });
});
