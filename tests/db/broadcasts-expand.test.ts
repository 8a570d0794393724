/**
 * Broadcast runs on a real database (PGlite; PostgreSQL too when TEST_DATABASE_URL is set):
 * set-based expansion into the outbox (audience, texts, channels, local due times, exactly one
 * row per subscriber however often it runs), pause / resume / cancel against the claim, STOP in
 * the middle of a broadcast, quiet hours at claim time, and progress.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { phoneBlindIndex } from "~/audience/phone-crypto.server";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { optOutByIndex } from "~/audience/opt-out.server";
import { expandRun } from "~/broadcasts/expand.server";
import { senderTable } from "~/broadcasts/plan.server";
import { runProgress } from "~/broadcasts/progress.server";
import { broadcastRunSpec, type RunSpec } from "~/broadcasts/run-spec";
import { controlRuns, ensureRun } from "~/broadcasts/runs.server";
import { runSql } from "~/db/run-sql.server";
import { claimDueMessages } from "~/outbox/claim.server";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";
import { broadcastDoc, broadcastRows, seedSubscribers, TEST_REGIONS, testNumber, type SeedSubscriber } from "./broadcast-kit";
import { KG_SENDER, DEFAULT_SENDER, outboxHarness, resetMessagingTables, testEnv } from "./outbox-kit";

const NOW = new Date("2026-12-01T00:00:00Z");
const AT_TEN = { kind: "at" as const, localTime: "2026-12-01 10:00:00" };

describe.each(DATABASE_KINDS)("broadcast expansion on %s", (kind) => {
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
  });

  const seed = (subscribers: SeedSubscriber[]) => seedSubscribers(testDb.db, keyring, subscribers);
  const spec = (overrides: Parameters<typeof broadcastDoc>[0] = {}, schedule: RunSpec["schedule"] = AT_TEN) =>
    broadcastRunSpec(broadcastDoc(overrides), schedule, TEST_REGIONS);
  async function plannedRun(runSpec: RunSpec, occurrence = "once"): Promise<number> {
    return (
      await ensureRun(testDb.db, {
        source: "broadcast",
        contentHash: "",
        documentId: "broadcast-test",
        occurrence,
        title: "Test",
        spec: runSpec,
      })
    ).id;
  }
  const expand = (runId: number, batchSize?: number) => expandRun(testDb.db, runId, { senders, batchSize, now: NOW });

  it("queues one row per active subscriber, in their locale or the campaign's fallback", async () => {
    const ids = await seed([
      { phone: testNumber("KG", 1), locale: "ky", regionCode: "KG-GB" },
      { phone: testNumber("KG", 2), locale: "uz", regionCode: "KG-GB" },
      { phone: testNumber("KG", 3), locale: null },
      { phone: testNumber("KG", 4), status: "pending" },
      { phone: testNumber("KG", 5), status: "opted_out" },
    ]);
    const runId = await plannedRun(spec());
    const report = await expand(runId);
    expect(report).toMatchObject({ inserted: 3, done: true });
    const rows = await broadcastRows(testDb.db, runId);
    expect(rows.map((r) => r.subscriber_id)).toEqual(ids.slice(0, 3));
    expect(rows.map((r) => r.body)).toEqual([
      "Кетер алдында келишимди текшериңиз.",
      "Before you go: check your contract.",
      "Before you go: check your contract.",
    ]);
    expect(rows.every((r) => r.status === "queued" && r.channel === "sms" && r.sender === KG_SENDER && r.content_sid === null)).toBe(true);
    // UCS-2 Cyrillic under 70 characters: one segment; the English one too.
    expect(rows.map((r) => r.segments)).toEqual([1, 1, 1]);
  });

  it("stores the run's texts once, not on each row: a row names its text's locale, and the claim reads the text", async () => {
    await seed([
      { phone: testNumber("KG", 1), locale: "ky", regionCode: "KG-GB" },
      { phone: testNumber("KG", 2), locale: "ky", regionCode: "KG-GB" },
      { phone: testNumber("KG", 3), locale: null, regionCode: "KG-GB" },
    ]);
    const runSpec = spec();
    const runId = await plannedRun(runSpec);
    // One subscriber per statement: each writes the texts again, which must stay one set.
    expect(await expand(runId, 1)).toMatchObject({ inserted: 3, batches: 3, done: true });
    const stored = await runSql<{ body: string | null; run_text_locale: string | null }>(
      testDb.db,
      sql`select body, run_text_locale from outbox_messages where broadcast_run_id = ${runId} order by subscriber_id`,
    );
    expect(stored.rows).toEqual([
      { body: null, run_text_locale: "ky" },
      { body: null, run_text_locale: "ky" },
      { body: null, run_text_locale: "en" },
    ]);
    const texts = await runSql<{ locale: string; body: string }>(
      testDb.db,
      sql`select locale, body from broadcast_run_texts where run_id = ${runId} order by locale`,
    );
    expect(texts.rows).toEqual(
      runSpec.texts.map((t) => ({ locale: t.locale, body: t.body })).sort((a, b) => (a.locale < b.locale ? -1 : 1)),
    );
    const claimed = await claimDueMessages(testDb.db, {
      workerId: "w",
      limit: 10,
      leaseSeconds: 30,
      now: new Date(NOW.getTime() + 4 * 3_600_000),
    });
    expect(claimed.messages.map((m) => m.body)).toEqual([
      "Кетер алдында келишимди текшериңиз.",
      "Кетер алдында келишимди текшериңиз.",
      "Before you go: check your contract.",
    ]);
  });

  it("leaves out numbers erased with DELETE (tombstone) and those that opted out", async () => {
    await seed([{ phone: testNumber("KG", 1) }, { phone: testNumber("KG", 2) }, { phone: testNumber("KG", 3) }]);
    await optOutByIndex(testDb.db, phoneBlindIndex(keyring, testNumber("KG", 2)), "keyword");
    await runSql(testDb.db, sql`insert into opt_out_tombstones (phone_index) values (${phoneBlindIndex(keyring, testNumber("KG", 3))})`);
    const runId = await plannedRun(spec());
    expect((await expand(runId)).inserted).toBe(1);
  });

  it("applies every audience filter: countries, regions, locales, subscription age, campaign, WhatsApp only", async () => {
    const recent = new Date(NOW.getTime() - 2 * 86_400_000);
    const ids = await seed([
      { phone: testNumber("KG", 1), country: "KG", regionCode: "KG-GB", locale: "ky", campaign: "kbg" },
      { phone: testNumber("AF", 2), country: "AF", regionCode: "AF-KAB", locale: "fa-AF", campaign: "kbg" },
      { phone: testNumber("KG", 3), country: "KG", regionCode: null, locale: "ru", campaign: "other" },
      { phone: testNumber("KG", 4), country: "KG", regionCode: "KG-GB", locale: "ru", consentAt: recent, channel: "whatsapp" },
    ]);
    const only = async (audience: Partial<RunSpec["audience"]>, channel: RunSpec["channel"] = "sms") => {
      await resetRuns();
      const runId = await plannedRun(spec({ channel, audience: { ...broadcastDoc().audience, ...audience } }));
      await expand(runId);
      return (await broadcastRows(testDb.db, runId)).map((row) => row.subscriber_id);
    };
    expect(await only({ countries: ["AF"] })).toEqual([ids[1]]);
    expect(await only({ countries: ["KG"], regionCodes: ["KG-GB"] })).toEqual([ids[0], ids[3]]);
    expect(await only({ locales: ["ru"] })).toEqual([ids[2], ids[3]]);
    expect(await only({ minSubscriptionDays: 7 })).toEqual([ids[0], ids[1], ids[2]]);
    expect(await only({ campaignSlug: "kbg" })).toEqual([ids[0], ids[1]]);
    expect(await only({}, "whatsapp")).toEqual([ids[3]]);
  });

  async function resetRuns(): Promise<void> {
    await runSql(testDb.db, sql`delete from outbox_messages`);
    await runSql(testDb.db, sql`delete from broadcast_runs`);
  }

  it("sends on each subscriber's own channel when asked, with the WhatsApp template alongside the text", async () => {
    await seed([
      { phone: testNumber("KG", 1), channel: "sms", locale: "ru" },
      { phone: testNumber("KG", 2), channel: "whatsapp", locale: "ru" },
    ]);
    const template = { contentSid: `HX${"a".repeat(32)}`, variables: { "1": "Bishkek" } };
    const runId = await plannedRun(spec({ channel: "subscriberPreference", whatsappTemplates: { en: template } }));
    await expand(runId);
    const rows = await broadcastRows(testDb.db, runId);
    expect(rows.map((r) => [r.channel, r.content_sid, r.segments])).toEqual([
      ["sms", null, 1],
      ["whatsapp", template.contentSid, 1],
    ]);
    expect(rows[0]!.body).toBe(rows[1]!.body);
  });

  it("due at 10:00 on each recipient's own clock in the seven countries, window closing at 20:00 local", async () => {
    await seed(
      TEST_REGIONS.map((region, n) => ({ phone: testNumber(region.country, n), country: region.country, regionCode: region.code })),
    );
    const runId = await plannedRun(spec());
    await expand(runId);
    const rows = await broadcastRows(testDb.db, runId);
    const utcHours = rows.map((row) => new Date(row.due_ms).toISOString().slice(11, 16));
    // Bishkek +6, Almaty +5, Dushanbe +5, Tashkent +5, Kabul +4:30, Karachi +5, Baghdad +3.
    expect(utcHours).toEqual(["04:00", "05:00", "05:00", "05:00", "05:30", "05:00", "07:00"]);
    expect(rows.map((row) => row.closes_ms! - row.due_ms)).toEqual(rows.map(() => 10 * 3_600_000));
  });

  it("uses the country's zone for a subscriber without a region, and the default sender for unknown countries", async () => {
    await seed([
      { phone: testNumber("IQ", 1), country: "IQ", regionCode: null },
      { phone: testNumber("XX", 2), country: null },
    ]);
    const runId = await plannedRun(spec());
    await expand(runId);
    const [iraq, unknown] = await broadcastRows(testDb.db, runId);
    expect(new Date(iraq!.due_ms).toISOString()).toBe("2026-12-01T07:00:00.000Z");
    expect(new Date(unknown!.due_ms).toISOString()).toBe("2026-12-01T05:00:00.000Z");
    expect(unknown!.sender).toBe(DEFAULT_SENDER);
  });

  it("keeps quiet hours where the person is now, not where their SIM or home is", async () => {
    await seed([
      // A Kyrgyz number from Bishkek, its owner in Moscow; the same at home; the same "in another country".
      { phone: testNumber("KG", 1), country: "KG", regionCode: "KG-GB", currentPlace: "RU" },
      { phone: testNumber("KG", 2), country: "KG", regionCode: "KG-GB", currentPlace: "KG" },
      { phone: testNumber("KG", 3), country: "KG", regionCode: "KG-GB", currentPlace: "ZZ" },
      // An Afghan in Iran, a Tajik in Germany, someone of unknown home in the UAE.
      { phone: testNumber("AF", 4), country: "AF", regionCode: "AF-KAB", currentPlace: "IR" },
      { phone: testNumber("TJ", 5), country: "TJ", regionCode: null, currentPlace: "DE" },
      { phone: testNumber("XX", 6), country: null, currentPlace: "AE" },
    ]);
    const runId = await plannedRun(spec());
    await expand(runId);
    const rows = await broadcastRows(testDb.db, runId);
    // 10:00 in Moscow (+3), Bishkek (+6) twice, Tehran (+3:30), Berlin (+1 in December), Dubai (+4).
    expect(rows.map((row) => new Date(row.due_ms).toISOString().slice(11, 16))).toEqual([
      "07:00",
      "04:00",
      "04:00",
      "06:30",
      "09:00",
      "06:00",
    ]);
    // The send window closes ten hours later on the same local clock.
    expect(rows.map((row) => row.closes_ms! - row.due_ms)).toEqual(rows.map(() => 10 * 3_600_000));
  });

  it("is idempotent: replays, a reset cursor and two expanders at once never create a second row", async () => {
    await seed(Array.from({ length: 120 }, (_, n) => ({ phone: testNumber("KG", n) })));
    const runId = await plannedRun(spec());
    const [a, b] = await Promise.all([expand(runId, 7), expand(runId, 11)]);
    expect(a.inserted + b.inserted).toBe(120);
    await runSql(testDb.db, sql`update broadcast_runs set cursor = 0, expanded_at = null where id = ${runId}`);
    expect((await expand(runId, 50)).inserted).toBe(0);
    expect(await broadcastRows(testDb.db, runId)).toHaveLength(120);
    // Planning the same occurrence again finds the same run.
    expect(await plannedRun(spec())).toBe(runId);
  });

  it("expands in batches up to the maximum number of recipients, lowest ids first", async () => {
    const ids = await seed(Array.from({ length: 30 }, (_, n) => ({ phone: testNumber("KG", n) })));
    const runId = await plannedRun(spec({ maxRecipients: 12 }));
    const report = await expand(runId, 5);
    expect(report).toMatchObject({ inserted: 12, done: true, batches: 3 });
    expect((await broadcastRows(testDb.db, runId)).map((r) => r.subscriber_id)).toEqual(ids.slice(0, 12));
  });

  it("subscribers who join after planning are not part of that run", async () => {
    await seed([{ phone: testNumber("KG", 1) }]);
    const runId = await plannedRun(spec());
    await seed([{ phone: testNumber("KG", 2) }]);
    expect((await expand(runId)).inserted).toBe(1);
  });

  it("pause holds queued rows at once, resume releases them, cancel ends them; sending rows are untouched", async () => {
    await seed(Array.from({ length: 10 }, (_, n) => ({ phone: testNumber("KG", n) })));
    const runId = await plannedRun(spec({}, { kind: "asap" }));
    await expand(runId);
    const claimAt = new Date(NOW.getTime() + 4 * 3_600_000); // 10:00 in Bishkek
    const first = await claimDueMessages(testDb.db, { workerId: "w1", limit: 3, leaseSeconds: 30, now: claimAt });
    expect(first.messages).toHaveLength(3);

    expect(await controlRuns(testDb.db, "pause", { runId }, "operator")).toEqual({ runs: 1, messages: 7 });
    expect((await claimDueMessages(testDb.db, { workerId: "w2", limit: 50, leaseSeconds: 30, now: claimAt })).messages).toHaveLength(0);
    // A paused run does not expand either, and the Studio cannot resume an operator's pause.
    expect(await controlRuns(testDb.db, "resume", { source: "broadcast", documentId: "broadcast-test" }, "studio")).toEqual({
      runs: 0,
      messages: 0,
    });

    expect(await controlRuns(testDb.db, "resume", { runId }, "operator")).toEqual({ runs: 1, messages: 7 });
    expect((await claimDueMessages(testDb.db, { workerId: "w2", limit: 2, leaseSeconds: 30, now: claimAt })).messages).toHaveLength(2);

    expect(await controlRuns(testDb.db, "cancel", { runId }, "operator")).toEqual({ runs: 1, messages: 5 });
    const statuses = (await broadcastRows(testDb.db, runId)).map((r) => r.status);
    expect(statuses.filter((s) => s === "sending")).toHaveLength(5);
    expect(statuses.filter((s) => s === "cancelled")).toHaveLength(5);
    expect(await controlRuns(testDb.db, "resume", { runId }, "operator")).toEqual({ runs: 0, messages: 0 });

    const progress = await runProgress(testDb.db, runId);
    expect(progress).toMatchObject({ total: 10, byStatus: { sending: 5, cancelled: 5 }, cancelledByReason: { "broadcast-cancelled": 5 } });
  });

  it("an operator's pause takes over a run the Studio paused: the Studio can no longer resume it", async () => {
    await seed([{ phone: testNumber("KG", 1) }]);
    const runId = await plannedRun(spec({}, { kind: "asap" }));
    await expand(runId);
    const byDocument = { source: "broadcast" as const, documentId: "broadcast-test" };
    expect((await controlRuns(testDb.db, "pause", byDocument, "studio")).runs).toBe(1);
    expect((await controlRuns(testDb.db, "pause", { runId }, "operator")).runs).toBe(1);
    expect((await controlRuns(testDb.db, "resume", byDocument, "studio")).runs).toBe(0);
    expect((await broadcastRows(testDb.db, runId)).map((r) => r.status)).toEqual(["held"]);
    expect((await controlRuns(testDb.db, "resume", { runId }, "operator")).runs).toBe(1);
  });

  it("a paused run stops expanding and continues from its cursor on resume", async () => {
    await seed(Array.from({ length: 20 }, (_, n) => ({ phone: testNumber("KG", n) })));
    const runId = await plannedRun(spec());
    await controlRuns(testDb.db, "pause", { runId }, "studio");
    expect(await expand(runId, 5)).toMatchObject({ inserted: 0, stopped: "paused" });
    await controlRuns(testDb.db, "resume", { runId }, "studio");
    expect(await expand(runId, 5)).toMatchObject({ inserted: 20, done: true });
  });

  it("STOP in the middle of a broadcast cancels that number's queued and held rows; progress counts it", async () => {
    await seed([{ phone: testNumber("KG", 1) }, { phone: testNumber("KG", 2) }]);
    const runId = await plannedRun(spec({}, { kind: "asap" }));
    await expand(runId);
    await controlRuns(testDb.db, "pause", { runId }, "studio");
    await optOutByIndex(testDb.db, phoneBlindIndex(keyring, testNumber("KG", 1)), "keyword");
    await controlRuns(testDb.db, "resume", { runId }, "studio");
    const claimed = await claimDueMessages(testDb.db, {
      workerId: "w",
      limit: 10,
      leaseSeconds: 30,
      now: new Date(NOW.getTime() + 4 * 3_600_000),
    });
    expect(claimed.messages).toHaveLength(1);
    const progress = await runProgress(testDb.db, runId);
    expect(progress.optedOutSince).toBe(1);
    expect(progress.cancelledByReason).toEqual({ "opted-out": 1 });
  });

  it("a row whose send window has closed (a backlog) is moved to the next window start, not sent at night", async () => {
    await seed([{ phone: testNumber("KG", 1), regionCode: "KG-GB" }]);
    const runId = await plannedRun(spec());
    await expand(runId);
    const [row] = await broadcastRows(testDb.db, runId);
    const lateEvening = new Date(row!.closes_ms! + 60_000); // 20:01 in Bishkek
    const claim = await claimDueMessages(testDb.db, { workerId: "w", limit: 10, leaseSeconds: 30, now: lateEvening });
    expect(claim).toMatchObject({ messages: [], rescheduled: 1 });
    const [moved] = await broadcastRows(testDb.db, runId);
    expect(new Date(moved!.due_ms).toISOString()).toBe("2026-12-02T03:00:00.000Z"); // 09:00 next day in Bishkek
    expect(new Date(moved!.closes_ms!).toISOString()).toBe("2026-12-02T14:00:00.000Z");
    const nextMorning = await claimDueMessages(testDb.db, { workerId: "w", limit: 10, leaseSeconds: 30, now: new Date(moved!.due_ms) });
    expect(nextMorning.messages).toHaveLength(1);
  });
});
