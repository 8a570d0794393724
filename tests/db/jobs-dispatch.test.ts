/**
 * The sending jobs on a real database, through the real Twilio transport against the msw fake:
 * `dispatch-outbox` drains a backlog within one run (and stops at its budget or when aborted),
 * `reconcile-unknown-sends` settles rows a crashed worker left behind, and a run through the job
 * table logs one structured line with no phone number or body.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { createJobContext } from "../../jobs/job-context";
import { runJobOnce } from "../../jobs/job-run";
import { createContentSource } from "~/content/content-source.server";
import { runSql } from "~/db/run-sql.server";
import { reconcileUnknownSends } from "~/outbox/reconcile.server";
import { dispatchOutbox } from "../../jobs/dispatch-outbox";
import { findJob } from "../../jobs/job-table";
import { VALID_DATASET_DIR } from "../fixtures/content";
import { twilioFake } from "../mocks/twilio";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";
import { AF_NUMBER, KG_NUMBER, outboxHarness, outboxRows, resetMessagingTables, testEnv, type OutboxHarness } from "./outbox-kit";

const BODY = "Free hotline: 0800 000 000";

describe.each(DATABASE_KINDS)("sending jobs on %s", (kind) => {
  let testDb: TestDatabase;
  let h: OutboxHarness;
  const env = testEnv({ OUTBOX_BATCH_SIZE: "20" });

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

  const keyring = phoneKeyringFromEnv(env);
  const deps = () => ({
    db: testDb.db,
    transport: h.transport,
    keyring,
    logger: h.logger,
    env,
    workerId: "job-test-worker",
  });
  const base = () => ({
    db: testDb.db,
    dbKind: kind,
    env,
    logger: h.logger,
    transport: h.transport,
    content: createContentSource({ env: { ...env, CONTENT_DATASET_DIR: VALID_DATASET_DIR }, logger: h.logger }),
  });

  async function enqueueMany(count: number): Promise<void> {
    for (let i = 0; i < count; i++) await h.enqueue({ to: i % 2 ? KG_NUMBER : AF_NUMBER, body: BODY, kind: "broadcast" });
  }

  it("dispatch-outbox drains a backlog bigger than a batch in one run", async () => {
    await enqueueMany(45);
    const summary = await dispatchOutbox(deps());
    expect(summary).toMatchObject({ batches: 3, claimed: 45, sent: 45, failed: 0 });
    expect(twilioFake.createCalls()).toHaveLength(45);
    expect((await outboxRows(testDb.db)).every((row) => row.status === "sent")).toBe(true);
  });

  it("dispatch-outbox stops draining at its budget, and when the scheduler is stopping", async () => {
    await enqueueMany(45);
    expect(await dispatchOutbox({ ...deps(), budgetMs: 0 })).toMatchObject({ batches: 1, sent: 20 });
    const aborted = new AbortController();
    aborted.abort();
    expect(await dispatchOutbox({ ...deps(), signal: aborted.signal })).toMatchObject({ batches: 1, sent: 20 });
    expect(await dispatchOutbox(deps())).toMatchObject({ batches: 1, sent: 5 });
    expect(twilioFake.createCalls()).toHaveLength(45);
  });

  it("reconcile-unknown-sends queues again a crashed send the provider never received", async () => {
    const id = await h.enqueue({ to: KG_NUMBER, body: BODY, kind: "broadcast" });
    // As a worker that claimed the row and died before Twilio answered leaves it.
    await runSql(
      testDb.db,
      sql`
      update outbox_messages set status = 'sending', attempts = 1, leased_by = 'dead-worker',
        lease_expires_at = now() - interval '1 second', updated_at = now() - interval '2 minutes'
      where id = ${id}`,
    );
    const summary = await reconcileUnknownSends({
      db: testDb.db,
      transport: h.transport,
      keyring,
      logger: h.logger,
      workerId: "job-test-worker",
      leaseSeconds: 30,
    });
    expect(summary).toEqual({ found: 0, requeued: 1, failed: 0, unknown: 0 });
    expect(twilioFake.listCalls().length).toBeGreaterThan(0);
    expect(twilioFake.createCalls()).toHaveLength(0);
    expect((await outboxRows(testDb.db))[0]).toMatchObject({ id, status: "queued" });
  });

  it("a run through the job table logs one line with counts and duration, no number or body", async () => {
    await enqueueMany(3);
    const job = findJob("dispatch-outbox")!;
    const report = await runJobOnce(job, createJobContext({ ...base(), workerId: "job-test-worker" }));
    expect(report).toMatchObject({ job: "dispatch-outbox", status: "done", summary: { sent: 3, batches: 1 } });
    const lines = h.logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.job === "dispatch-outbox");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ job: "dispatch-outbox", msg: "job run", sent: 3, claimed: 3 });
    expect(typeof lines[0]!.durationMs).toBe("number");
    const everything = h.logLines.join("\n");
    for (const secret of [KG_NUMBER, AF_NUMBER, KG_NUMBER.slice(1), BODY]) expect(everything).not.toContain(secret);
  });

  it("an idle dispatch run is logged at debug, not info", async () => {
    const report = await runJobOnce(findJob("dispatch-outbox")!, createJobContext(base()));
    expect(report.status).toBe("done");
    const line = h.logLines.map((l) => JSON.parse(l) as { job?: string; level: number }).find((l) => l.job === "dispatch-outbox");
    expect(line?.level).toBe(20);
  });
});
