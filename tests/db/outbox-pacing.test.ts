/**
 * Send pacing shared through the database (app/outbox/sender-pacing.server.ts), on one injected
 * clock: a fresh sender gets its burst, then a token per interval (with half an interval of
 * tolerance for the dispatcher's once-a-second rhythm); the messages without a token learn when
 * their turn comes; senders are paced apart in one statement; takes from many connections at the
 * same instant never hand out more than the pace allows; a clock that went back stalls a sender
 * for an interval at most; and with the limit off the dispatcher runs no pacing statement at all.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { senderPace, takeSendTokens, type SenderPace } from "~/outbox/sender-pacing.server";
import { twilioFake } from "../mocks/twilio";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";
import { AF_NUMBER, KG_NUMBER, KG_SENDER, outboxHarness, resetMessagingTables, testEnv } from "./outbox-kit";

const T0 = Date.parse("2026-12-01T07:00:00.000Z");
const at = (ms: number) => new Date(T0 + ms);
const ONE_PER_SECOND = senderPace(1)!;

describe.each(DATABASE_KINDS)("send pacing on %s", (kind) => {
  let testDb: TestDatabase;

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

  async function take(sender: string, wanted: number, ms: number, pace: SenderPace = ONE_PER_SECOND) {
    return (await takeSendTokens(testDb.db, [{ sender, wanted }], pace, at(ms))).get(sender)!;
  }

  it("gives a fresh sender its burst, then one token per interval, and tells the others when their turn comes", async () => {
    expect(await take(KG_SENDER, 3, 0)).toEqual({ granted: 1, waitMs: [500, 1_500] });
    expect(await take(KG_SENDER, 1, 400)).toEqual({ granted: 0, waitMs: [100] });
    expect(await take(KG_SENDER, 2, 500)).toEqual({ granted: 1, waitMs: [1_000] });
    // Early by half an interval at most: the steady rate holds, one a second.
    expect(await take(KG_SENDER, 1, 1_000)).toEqual({ granted: 0, waitMs: [500] });
    expect(await take(KG_SENDER, 1, 1_500)).toEqual({ granted: 1, waitMs: [] });
    expect(await take(KG_SENDER, 1, 2_500)).toEqual({ granted: 1, waitMs: [] });
    // After a quiet spell the sender starts afresh, with no credit saved up beyond its burst.
    expect(await take(KG_SENDER, 3, 60_000)).toEqual({ granted: 1, waitMs: [500, 1_500] });
  });

  it("a faster sender gets a burst of one second's worth, then its interval", async () => {
    const fivePerSecond = senderPace(5)!;
    expect(await take(KG_SENDER, 8, 0, fivePerSecond)).toEqual({ granted: 5, waitMs: [100, 300, 500] });
    expect(await take(KG_SENDER, 3, 100, fivePerSecond)).toEqual({ granted: 1, waitMs: [200, 400] });
  });

  it("paces each sender on its own, all in one statement", async () => {
    const grants = await takeSendTokens(
      testDb.db,
      [
        { sender: KG_SENDER, wanted: 2 },
        { sender: "+447700900001", wanted: 1 },
      ],
      ONE_PER_SECOND,
      at(0),
    );
    expect(Object.fromEntries(grants)).toEqual({
      [KG_SENDER]: { granted: 1, waitMs: [500] },
      "+447700900001": { granted: 1, waitMs: [] },
    });
  });

  it("hands out no more than the pace allows to takes from many connections at the same instant", async () => {
    const handles: DatabaseHandle[] =
      kind === "postgres" ? await Promise.all([0, 1, 2].map(() => openDatabase({ kind: "postgres", url: testDb.url! }))) : [];
    try {
      const databases = [testDb.db, ...handles.map((handle) => handle.db)];
      for (const instant of [0, 1_000, 2_000]) {
        const grants = await Promise.all(
          Array.from({ length: 24 }, (_, i) =>
            takeSendTokens(databases[i % databases.length]!, [{ sender: KG_SENDER, wanted: 2 }], ONE_PER_SECOND, at(instant)),
          ),
        );
        expect(
          grants.reduce((sum, grant) => sum + grant.get(KG_SENDER)!.granted, 0),
          `at +${instant} ms`,
        ).toBe(1);
      }
    } finally {
      await Promise.all(handles.map((handle) => handle.close()));
    }
  });

  it("a clock that went back stalls the sender for one interval, not until it catches up", async () => {
    expect(await take(KG_SENDER, 1, 3_600_000)).toEqual({ granted: 1, waitMs: [] });
    expect(await take(KG_SENDER, 1, 0)).toEqual({ granted: 0, waitMs: [1_000] });
    expect(await take(KG_SENDER, 1, 1_000)).toEqual({ granted: 1, waitMs: [] });
  });

  it("with the limit off the dispatcher runs no pacing statement; with it on, one row per sender", async () => {
    const pacingRows = async () =>
      Number((await runSql<{ n: number }>(testDb.db, sql`select count(*)::int as n from outbox_sender_pacing`)).rows[0]!.n);
    const free = outboxHarness(testDb.db, { env: testEnv({ OUTBOX_RATE_PER_SENDER: "0" }) });
    for (const to of [KG_NUMBER, KG_NUMBER, AF_NUMBER]) await free.enqueue({ to, now: at(0) });
    expect(await free.dispatch({ now: at(0) })).toMatchObject({ claimed: 3, sent: 3, deferred: 0 });
    expect(await pacingRows()).toBe(0);

    const paced = outboxHarness(testDb.db, { env: testEnv({ OUTBOX_RATE_PER_SENDER: "1" }) });
    for (const to of [KG_NUMBER, KG_NUMBER, AF_NUMBER]) await paced.enqueue({ to, now: at(10_000) });
    expect(await paced.dispatch({ now: at(10_000) })).toMatchObject({ claimed: 3, sent: 2, deferred: 1 });
    expect(await pacingRows()).toBe(2);
  });
});
