/**
 * Twilio answering in bursts of 429 (20429, "too many requests") and 500 in the middle of a
 * broadcast, on a fake clock advancing one second per dispatcher tick: every message is sent
 * exactly once in the end, each failed attempt is put back with its error code and an exponential
 * backoff (half to all of 5 s × 2^(attempt−1)), and no retry is made before its backoff is over.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { expandRun } from "~/broadcasts/expand.server";
import { senderTable } from "~/broadcasts/plan.server";
import { broadcastRunSpec } from "~/broadcasts/run-spec";
import { ensureRun } from "~/broadcasts/runs.server";
import { runSql } from "~/db/run-sql.server";
import { twilioFake } from "../mocks/twilio";
import { broadcastDoc, seedSubscribers, TEST_REGIONS } from "../db/broadcast-kit";
import { outboxHarness, outboxRows, resetMessagingTables, testEnv, type OutboxRowView } from "../db/outbox-kit";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";
import { exactlyOnceProblems, recipientNumber } from "./fault-kit";

const RECIPIENTS = 300;
/** 10:00 in Baghdad, 13:00 in Bishkek: every recipient's send window is open for hours. */
const T0 = Date.parse("2026-12-01T07:00:00Z");
const TICK_MS = 1_000;
const BASE_BACKOFF_MS = 5_000;

interface Attempt {
  at: number;
  answered: number | "network";
}

describe.each(DATABASE_KINDS)("Twilio 429 and 500 bursts on %s", (kind) => {
  let testDb: TestDatabase;
  const env = testEnv({ OUTBOX_BATCH_SIZE: "50" });
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
  });

  it("retries with backoff, never early, and in the end sends every message exactly once", async () => {
    const subscribers = Array.from({ length: RECIPIENTS }, (_, n) => recipientNumber(n));
    await seedSubscribers(testDb.db, keyring, subscribers);
    const numbers = subscribers.map((s) => s.phone);
    const h = outboxHarness(testDb.db, { env });
    const spec = broadcastRunSpec(broadcastDoc(), { kind: "asap" }, TEST_REGIONS);
    const run = await ensureRun(testDb.db, {
      source: "broadcast",
      contentHash: "",
      documentId: "broadcast-test",
      occurrence: "once",
      title: "Bursts",
      spec,
    });
    await expandRun(testDb.db, run.id, { senders: senderTable(h.transport), now: new Date(T0) });
    expect((await outboxRows(testDb.db)).every((row) => row.next_attempt_at.getTime() <= T0)).toBe(true);

    // Bursts over whoever is being sent at the time; and from tick 1, two recipients not tried
    // yet that Twilio keeps refusing (429 four times, 500 three times), so one row's backoff is
    // seen growing.
    let throttledNumber = "";
    let brokenNumber = "";
    const bursts = new Map<number, () => void>([
      [0, () => twilioFake.fail("create", { status: 429, code: 20429, message: "Too Many Requests" }, { times: 20 })],
      [
        1,
        () => {
          const tried = new Set(twilioFake.createCalls().map((call) => call.params.To));
          [throttledNumber, brokenNumber] = numbers.filter((to) => !tried.has(to)).slice(-2) as [string, string];
          twilioFake.fail(
            "create",
            { status: 429, code: 20429, message: "Too Many Requests" },
            { times: 4, when: (p) => p.To === throttledNumber },
          );
          twilioFake.fail("create", { status: 500, message: "Internal Server Error" }, { times: 3, when: (p) => p.To === brokenNumber });
        },
      ],
      [2, () => twilioFake.fail("create", { status: 500, message: "Internal Server Error" }, { times: 25 })],
      [
        5,
        () => {
          twilioFake.fail("create", { status: 429, code: 20429, message: "Too Many Requests" }, { times: 15 });
          twilioFake.fail("create", { status: 500, message: "Internal Server Error" }, { times: 15 });
        },
      ],
    ]);

    const attempts = new Map<number, Attempt[]>();
    let checkedFirstBurst = false;
    let tick = 0;
    for (; tick < 600; tick += 1) {
      const now = T0 + tick * TICK_MS;
      bursts.get(tick)?.();
      const callsBefore = twilioFake.calls.length;
      const report = await h.dispatch({ now: new Date(now) });
      const refusedNow = new Set<number>();
      for (const call of twilioFake.calls.slice(callsBefore)) {
        if (call.kind !== "create") continue;
        if (call.answered === 500) refusedNow.add(call.outboxId!);
        attempts.set(call.outboxId!, [...(attempts.get(call.outboxId!) ?? []), { at: now, answered: call.answered }]);
      }
      if (tick === 0) {
        // The first burst's rows: back in the queue with the code, due after 2.5–5 s, attempt counted.
        expect(report).toMatchObject({ claimed: 50, retried: 20, sent: 30, failed: 0 });
        const throttled = (await outboxRows(testDb.db)).filter((row) => row.error_code === "20429");
        expect(throttled).toHaveLength(20);
        for (const row of throttled) {
          expect(row).toMatchObject({ status: "queued", attempts: 1, provider_message_id: null });
          expectBackoff(row, now, 1);
        }
        checkedFirstBurst = true;
      }
      if (tick === 2) {
        // Only the rows refused at this tick: the stubborn 500 recipient may have been refused at
        // tick 1 already, and its backoff runs from then.
        const broken = (await outboxRows(testDb.db)).filter((row) => refusedNow.has(row.id) && row.attempts === 1);
        expect(broken.every((row) => row.error_code === "http-500")).toBe(true);
        expect(broken.length).toBeGreaterThanOrEqual(20);
        for (const row of broken) expectBackoff(row, now, 1);
      }
      if (report.claimed === 0 && (await openRows()) === 0) break;
    }
    expect(checkedFirstBurst).toBe(true);

    // Nothing lost, nothing duplicated.
    const rows = await outboxRows(testDb.db);
    expect(rows.filter((row) => row.status !== "sent")).toEqual([]);
    expect(exactlyOnceProblems(twilioFake, numbers)).toEqual({ missing: 0, duplicated: 0, unexpected: 0 });
    expect([...twilioFake.createsByOutboxId.values()].every((count) => count === 1)).toBe(true);

    // Every injected failure was answered, and each counted as an attempt on its row.
    const answers = [...attempts.values()].flat().map((a) => a.answered);
    expect(answers.filter((a) => a === 429)).toHaveLength(4 + 20 + 15);
    expect(answers.filter((a) => a === 500)).toHaveLength(3 + 25 + 15);
    for (const row of rows) {
      const tries = attempts.get(row.id) ?? [];
      expect(tries.length).toBe(row.attempts);
      expect(tries.at(-1)?.answered).toBe(201);
      expect(row.error_code).toBeNull();
      // Backoff observed: retry n+1 never before half of 5 s × 2^(n−1) after failure n.
      for (let i = 1; i < tries.length; i += 1) {
        expect(tries[i]!.at - tries[i - 1]!.at).toBeGreaterThanOrEqual(minimumBackoff(i));
      }
    }
    // The two stubborn recipients: the waits between their attempts grew with each failure.
    for (const [to, failures] of [
      [throttledNumber, 4],
      [brokenNumber, 3],
    ] as const) {
      expect(to).not.toBe("");
      const outboxId = twilioFake.calls.find((call) => call.kind === "create" && call.params.To === to)!.outboxId!;
      const tries = attempts.get(outboxId)!;
      expect(tries.map((t) => t.answered)).toEqual([...Array.from({ length: failures }, () => (to === throttledNumber ? 429 : 500)), 201]);
      const waits = tries.slice(1).map((t, i) => t.at - tries[i]!.at);
      waits.forEach((wait, i) => expect(wait).toBeGreaterThanOrEqual(minimumBackoff(i + 1)));
      expect(waits.at(-1)!).toBeGreaterThan(waits[0]!);
    }
    // One extra attempt per refusal, no more.
    expect(rows.reduce((extra, row) => extra + row.attempts - 1, 0)).toBe(4 + 3 + 20 + 25 + 30);
  });

  async function openRows(): Promise<number> {
    const result = await runSql<{ open: number }>(
      testDb.db,
      sql`
      select count(*)::int as open from outbox_messages where status in ('queued', 'sending')`,
    );
    return Number(result.rows[0]!.open);
  }
});

/** The shortest wait after the n-th failed attempt: half of 5 s × 2^(n−1) (full jitter above it). */
function minimumBackoff(failedAttempt: number): number {
  return (BASE_BACKOFF_MS * 2 ** (failedAttempt - 1)) / 2;
}

function expectBackoff(row: OutboxRowView, failedAt: number, failedAttempt: number): void {
  const delay = row.next_attempt_at.getTime() - failedAt;
  expect(delay).toBeGreaterThanOrEqual(minimumBackoff(failedAttempt));
  expect(delay).toBeLessThanOrEqual(2 * minimumBackoff(failedAttempt));
}
