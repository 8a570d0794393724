/**
 * Several dispatchers on PostgreSQL, each with its own connection pool (as separate job worker
 * processes would have), draining one outbox at the same time: every row is sent exactly once
 * and none is left behind. PGlite has a single connection, so this runs on PostgreSQL only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { openDatabase, type DatabaseHandle } from "~/db/client.server";
import { createTransport } from "~/messaging/transports/transports.server";
import { dispatchOnce } from "~/outbox/dispatcher.server";
import { enqueueMessage } from "~/outbox/enqueue.server";
import { twilioFake } from "../mocks/twilio";
import { createTestDatabase, NO_POSTGRES, type TestDatabase } from "../setup/test-database";
import { capturedLogger, outboxRows, testEnv } from "./outbox-kit";
import { smsSegmentCount } from "~/messaging/sms-segments";

const ROWS = 500;

describe.skipIf(NO_POSTGRES)("two dispatchers on PostgreSQL", () => {
  let testDb: TestDatabase;
  let second: DatabaseHandle;

  beforeAll(async () => {
    testDb = await createTestDatabase("postgres");
    second = await openDatabase({ kind: "postgres", url: testDb.url! });
  });
  afterAll(async () => {
    await second?.close();
    await testDb?.close();
  });

  it(`never send the same row twice and leave none behind (${ROWS} rows)`, async () => {
    twilioFake.reset();
    const env = testEnv({ OUTBOX_BATCH_SIZE: "20" });
    const keyring = phoneKeyringFromEnv(env);
    const { logger, lines } = capturedLogger();
    const pools = [testDb.db, second.db];
    const transports = pools.map((db) => createTransport(env, { db, keyring, logger }));
    for (let i = 0; i < ROWS; i += 1) {
      await enqueueMessage(
        testDb.db,
        { keyring, senderFor: transports[0]!.senderFor, segmentsOf: smsSegmentCount },
        {
          to: `+99655${String(i).padStart(7, "0")}`,
          channel: "sms",
          subscriberId: null,
          body: `message ${i}`,
          kind: i % 5 === 0 ? "reply" : "broadcast",
        },
      );
    }

    const claimedBy = new Map<string, number>();
    async function drain(workerId: string, poolIndex: number): Promise<void> {
      for (;;) {
        const report = await dispatchOnce({
          db: pools[poolIndex]!,
          transport: transports[poolIndex]!,
          keyring,
          logger,
          env,
          workerId,
          concurrency: 4,
        });
        claimedBy.set(workerId, (claimedBy.get(workerId) ?? 0) + report.claimed);
        if (report.claimed === 0 && report.reconciled === 0) return;
      }
    }
    // Two dispatchers per pool, all four draining at once.
    await Promise.all([drain("a1", 0), drain("b1", 1), drain("a2", 0), drain("b2", 1)]);

    const rows = await outboxRows(testDb.db);
    expect(rows).toHaveLength(ROWS);
    expect(rows.filter((r) => r.status !== "sent")).toEqual([]);
    expect(twilioFake.createsByOutboxId.size).toBe(ROWS);
    const duplicates = [...twilioFake.createsByOutboxId].filter(([, count]) => count !== 1);
    expect(duplicates).toEqual([]);
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
    expect([...claimedBy.values()].reduce((a, b) => a + b, 0)).toBe(ROWS);
    // Both pools did real work: the claims genuinely competed.
    expect((claimedBy.get("a1") ?? 0) + (claimedBy.get("a2") ?? 0)).toBeGreaterThan(0);
    expect((claimedBy.get("b1") ?? 0) + (claimedBy.get("b2") ?? 0)).toBeGreaterThan(0);
    expect(lines.filter((line) => line.includes('"level":50'))).toEqual([]);
  }, 120_000);
});
