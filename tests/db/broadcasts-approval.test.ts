/**
 * Four-eyes approval bound to the content (app/broadcasts/approvals.server.ts, approval-runs.server.ts)
 * on a real database, through the planner and the dispatcher the jobs run: the preparer cannot
 * approve their own broadcast above the self-approval size and can below it (capped at it); a
 * sequence always needs a second person; a Studio edit after approval holds the planned run
 * (nothing expanded, nothing claimed) until the new version is approved, after which the old
 * text is cancelled and the new version reaches whoever the old one had not; putting the content
 * back resumes the old run; a revoked approval holds at once; an operator cannot resume a run
 * the approval holds. One injected clock, in the machine's past.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { approve, liveSubmission, revokeApproval, submitForApproval } from "~/broadcasts/approvals.server";
import type { BroadcastDocument } from "~/broadcasts/broadcast-spec";
import { broadcastContentHash, sequenceContentHash } from "~/broadcasts/content-hash";
import { expandRun } from "~/broadcasts/expand.server";
import { planBroadcasts, senderTable } from "~/broadcasts/plan.server";
import { controlRuns, listRuns } from "~/broadcasts/runs.server";
import { samplePolicy } from "~/broadcasts/sample-policy";
import { claimDueMessages } from "~/outbox/claim.server";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";
import {
  approvalStaff,
  approve as kitApprove,
  broadcastDoc,
  broadcastRows,
  documentsContent,
  seedSubscribers,
  sequenceDoc,
  testNumber,
} from "./broadcast-kit";
import { capturedLogger, outboxHarness, resetMessagingTables, testEnv } from "./outbox-kit";

const MINUTE = 60_000;
/** 2026-06-01 10:00 in Bishkek: the one-off's send time. */
const BISHKEK_TEN = new Date("2026-06-01T04:00:00Z");
const LEAD = new Date(BISHKEK_TEN.getTime() - 10 * MINUTE);
const at = (ms: number) => new Date(ms);
const SELF_MAX = 50;

function oneOff(overrides: Partial<BroadcastDocument> = {}): BroadcastDocument {
  return broadcastDoc({
    schedule: { mode: "at", sendAt: "2026-06-01T10:00" },
    audience: { ...broadcastDoc().audience, countries: ["KG"] },
    ...overrides,
  });
}

describe.each(DATABASE_KINDS)("four-eyes approval on %s", (kind) => {
  let testDb: TestDatabase;
  const env = testEnv();
  const keyring = phoneKeyringFromEnv(env);
  const samples = samplePolicy(env);
  let staff: { preparer: number; approver: number };

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await testDb?.close();
  });
  beforeEach(async () => {
    await resetMessagingTables(testDb.db);
    staff = await approvalStaff(testDb.db);
  });

  const kyrgyz = (count: number) =>
    seedSubscribers(
      testDb.db,
      keyring,
      Array.from({ length: count }, (_, n) => ({ phone: testNumber("KG", n + 1), country: "KG", regionCode: "KG-GB", locale: "ru" })),
    );
  const claimAll = (now: Date) => claimDueMessages(testDb.db, { workerId: "w", limit: 1_000, leaseSeconds: 30, now });
  const statuses = async () => (await broadcastRows(testDb.db)).map((row) => row.status);
  function planner(broadcast: BroadcastDocument, batchSize?: number) {
    const content = documentsContent({ broadcasts: [broadcast] });
    const { logger } = capturedLogger();
    const { transport } = outboxHarness(testDb.db, { env });
    return { content, plan: (now: Date) => planBroadcasts({ db: testDb.db, content, transport, logger, samples, now, batchSize }) };
  }
  const submit = (document: BroadcastDocument, recipients: number, preparedBy = staff.preparer) =>
    submitForApproval(testDb.db, {
      subject: "broadcast",
      documentId: document.id,
      contentHash: broadcastContentHash(document),
      title: document.title,
      recipients,
      preparedBy,
    });
  const approveAs = (approvalId: number, approverId: number, document: BroadcastDocument, recipientsNow: number) =>
    approve(testDb.db, {
      approvalId,
      approverId,
      currentHash: broadcastContentHash(document),
      seenHash: broadcastContentHash(document),
      recipientsNow,
      selfApprovalMax: SELF_MAX,
    });

  describe("the four-eyes rule", () => {
    it("the preparer cannot approve a broadcast above the self-approval size; someone else can", async () => {
      const broadcast = oneOff();
      const submitted = await submit(broadcast, SELF_MAX + 1);
      expect(await approveAs(submitted.id, staff.preparer, broadcast, SELF_MAX + 1)).toEqual({ ok: false, reason: "own-submission" });
      const approved = await approveAs(submitted.id, staff.approver, broadcast, SELF_MAX + 1);
      expect(approved).toMatchObject({ ok: true, selfApproved: false, approval: { approvedBy: staff.approver, recipientCap: null } });
      expect(await approveAs(submitted.id, staff.approver, broadcast, 0)).toEqual({ ok: false, reason: "already-approved" });
    });

    it("judges the size on the larger of the submitted and the current estimate (an audience that grew)", async () => {
      const broadcast = oneOff();
      const submitted = await submit(broadcast, 3);
      expect(await approveAs(submitted.id, staff.preparer, broadcast, SELF_MAX + 20)).toEqual({ ok: false, reason: "own-submission" });
    });

    it("the preparer may approve a small broadcast alone; its run is capped at the self-approval size", async () => {
      await kyrgyz(SELF_MAX + 5);
      const broadcast = oneOff();
      const submitted = await submit(broadcast, SELF_MAX);
      const approved = await approveAs(submitted.id, staff.preparer, broadcast, SELF_MAX);
      expect(approved).toMatchObject({ ok: true, selfApproved: true, approval: { recipientCap: SELF_MAX } });
      // The audience grew past the size after approval: the run still reaches at most SELF_MAX.
      const { plan } = planner(broadcast);
      expect(await plan(LEAD)).toMatchObject({ runsCreated: 1, queued: SELF_MAX });
    });

    it("a sequence always needs a second person, whatever its size", async () => {
      const sequence = sequenceDoc();
      const hash = sequenceContentHash(sequence);
      const submitted = await submitForApproval(testDb.db, {
        subject: "sequence",
        documentId: sequence.id,
        contentHash: hash,
        title: sequence.title,
        recipients: 0,
        preparedBy: staff.preparer,
      });
      const request = { approvalId: submitted.id, currentHash: hash, seenHash: hash, recipientsNow: 0, selfApprovalMax: SELF_MAX };
      expect(await approve(testDb.db, { ...request, approverId: staff.preparer })).toEqual({ ok: false, reason: "own-submission" });
      expect(await approve(testDb.db, { ...request, approverId: staff.approver })).toMatchObject({ ok: true });
    });

    it("refuses a version that is not the current content, or not the one the approver saw", async () => {
      const broadcast = oneOff();
      const submitted = await submit(broadcast, 1);
      const edited = { ...broadcast, messages: { ...broadcast.messages, ru: "Другой текст." } };
      const request = { approvalId: submitted.id, approverId: staff.approver, recipientsNow: 1, selfApprovalMax: SELF_MAX };
      expect(await approve(testDb.db, { ...request, currentHash: broadcastContentHash(edited), seenHash: submitted.contentHash })).toEqual({
        ok: false,
        reason: "content-changed",
      });
      expect(await approve(testDb.db, { ...request, currentHash: submitted.contentHash, seenHash: broadcastContentHash(edited) })).toEqual({
        ok: false,
        reason: "content-changed",
      });
    });

    it("submitting the same version twice keeps one submission; after a revoke it can be submitted again", async () => {
      const broadcast = oneOff();
      const first = await submit(broadcast, 1);
      expect((await submit(broadcast, 1)).id).toBe(first.id);
      expect(await revokeApproval(testDb.db, { approvalId: first.id, revokerId: staff.approver })).toMatchObject({ ok: true });
      expect(await liveSubmission(testDb.db, "broadcast", broadcast.id, first.contentHash)).toBeNull();
      const again = await submit(broadcast, 1);
      expect(again.id).not.toBe(first.id);
      expect(await revokeApproval(testDb.db, { approvalId: first.id, revokerId: staff.approver })).toEqual({
        ok: false,
        reason: "not-found",
      });
    });
  });

  describe("the jobs send only under an approval of the current content", () => {
    it("nothing is planned for a scheduled broadcast that was never approved", async () => {
      await kyrgyz(2);
      const { plan } = planner(oneOff());
      expect(await plan(LEAD)).toMatchObject({ runsCreated: 0, queued: 0, awaitingApproval: 1 });
      expect(await listRuns(testDb.db)).toEqual([]);
    });

    it("a Studio edit after approval holds the planned run: nothing more is expanded or claimed until the new version is approved", async () => {
      await kyrgyz(4);
      const broadcast = oneOff();
      await kitApprove(testDb.db, broadcast);
      // Planned, then two of four expanded (one batch of two, then the worker stopped), one of them sent.
      const { plan, content } = planner(broadcast, 2);
      const stopped = new AbortController();
      stopped.abort();
      const harness = outboxHarness(testDb.db, { env });
      await planBroadcasts({
        db: testDb.db,
        content,
        transport: harness.transport,
        logger: harness.logger,
        samples,
        now: LEAD,
        signal: stopped.signal,
      });
      const [run] = await listRuns(testDb.db);
      const oneBatch = new AbortController();
      await expandRun(testDb.db, run!.id, {
        senders: senderTable(harness.transport),
        batchSize: 2,
        now: LEAD,
        signal: oneBatch.signal,
        onBatch: () => oneBatch.abort(),
      });
      const firstRows = await broadcastRows(testDb.db);
      expect(firstRows).toHaveLength(2);
      await harness.dispatch({ now: BISHKEK_TEN, env: { ...env, OUTBOX_BATCH_SIZE: 1 } });
      const sentBefore = (await broadcastRows(testDb.db)).filter((row) => row.status === "sent").map((row) => row.subscriber_id);
      expect(sentBefore).toHaveLength(1);

      // Edited in the Studio: a new hash, with no approval.
      content.broadcastList[0] = { ...broadcast, messages: { ...broadcast.messages, ru: "Исправленный текст." } };
      expect(await plan(at(BISHKEK_TEN.getTime() + MINUTE))).toMatchObject({ held: 1, awaitingApproval: 1, queued: 0 });
      const [held] = await listRuns(testDb.db);
      expect(held).toMatchObject({ status: "paused", pausedBy: "approval", holdReason: "content-changed" });
      const rowsWhileHeld = await broadcastRows(testDb.db);
      expect(rowsWhileHeld.length).toBe(firstRows.length);
      expect(rowsWhileHeld.filter((row) => row.status !== "sent").every((row) => row.status === "held")).toBe(true);
      expect((await claimAll(at(BISHKEK_TEN.getTime() + 2 * MINUTE))).messages).toEqual([]);
      expect(await plan(at(BISHKEK_TEN.getTime() + 3 * MINUTE))).toMatchObject({ held: 0, queued: 0, runsCreated: 0 });

      // The Studio's resume and an operator's resume cannot release it.
      expect((await controlRuns(testDb.db, "resume", { runId: held!.id }, "operator")).runs).toBe(0);
      expect((await controlRuns(testDb.db, "resume", { runId: held!.id }, "studio")).runs).toBe(0);

      // The new version approved: the old text is cancelled, the new run skips whoever got the old one.
      await kitApprove(testDb.db, content.broadcastList[0]!);
      expect(await plan(at(BISHKEK_TEN.getTime() + 4 * MINUTE))).toMatchObject({ runsCreated: 1, cancelled: 1, queued: 3 });
      const runs = await listRuns(testDb.db);
      expect(runs.map((run) => [run.status, run.holdReason])).toEqual([
        ["active", null],
        ["cancelled", "content-changed"],
      ]);
      const rows = await broadcastRows(testDb.db);
      const newRows = rows.filter((row) => row.status === "queued");
      expect(newRows.map((row) => row.body)).toEqual(["Исправленный текст.", "Исправленный текст.", "Исправленный текст."]);
      expect(newRows.map((row) => row.subscriber_id)).not.toContain(sentBefore[0]);
      expect(rows.filter((row) => row.status === "cancelled").every((row) => row.error_code === "content-changed")).toBe(true);
    });

    it("a run that had sent everything keeps its status through an edit; the newer approval marks it superseded, once", async () => {
      await kyrgyz(2);
      const broadcast = oneOff();
      await kitApprove(testDb.db, broadcast);
      const { plan, content } = planner(broadcast);
      await plan(LEAD);
      const harness = outboxHarness(testDb.db, { env });
      await harness.dispatch({ now: BISHKEK_TEN });
      expect(await statuses()).toEqual(["sent", "sent"]);

      const edited = { ...broadcast, messages: { ...broadcast.messages, ru: "Исправленный текст." } };
      content.broadcastList[0] = edited;
      // Nothing left to hold: not paused, only marked with the reason.
      expect(await plan(at(BISHKEK_TEN.getTime() + MINUTE))).toMatchObject({ held: 0, awaitingApproval: 1 });
      expect((await listRuns(testDb.db))[0]).toMatchObject({ status: "active", holdReason: "content-changed" });

      await kitApprove(testDb.db, edited);
      // Everyone was reached by the first version: the new run queues no one.
      expect(await plan(at(BISHKEK_TEN.getTime() + 2 * MINUTE))).toMatchObject({ runsCreated: 1, queued: 0, cancelled: 0 });
      const runs = await listRuns(testDb.db);
      expect(runs.map((run) => [run.status, run.holdReason])).toEqual([
        ["active", null],
        ["active", "superseded"],
      ]);
      expect(await statuses()).toEqual(["sent", "sent"]);
      expect(await plan(at(BISHKEK_TEN.getTime() + 3 * MINUTE))).toMatchObject({ held: 0, resumed: 0, cancelled: 0, runsCreated: 0 });
    });

    it("putting the content back as approved resumes the held run", async () => {
      await kyrgyz(2);
      const broadcast = oneOff();
      await kitApprove(testDb.db, broadcast);
      const { plan, content } = planner(broadcast);
      expect(await plan(LEAD)).toMatchObject({ queued: 2 });
      content.broadcastList[0] = { ...broadcast, maxRecipients: 1 };
      expect(await plan(at(LEAD.getTime() + MINUTE))).toMatchObject({ held: 1 });
      expect(await statuses()).toEqual(["held", "held"]);
      content.broadcastList[0] = broadcast;
      expect(await plan(at(LEAD.getTime() + 2 * MINUTE))).toMatchObject({ resumed: 1, runsCreated: 0 });
      expect(await statuses()).toEqual(["queued", "queued"]);
      expect((await listRuns(testDb.db))[0]).toMatchObject({ status: "active", holdReason: null });
    });

    it("a revoked approval holds the run at once, before any planner tick; a new approval of the same content resumes it", async () => {
      await kyrgyz(2);
      const broadcast = oneOff();
      const approval = await kitApprove(testDb.db, broadcast);
      const { plan } = planner(broadcast);
      await plan(LEAD);
      const revoked = await revokeApproval(testDb.db, { approvalId: approval.id, revokerId: staff.approver });
      expect(revoked).toMatchObject({ ok: true, runsHeld: 1, messagesHeld: 2 });
      expect((await claimAll(BISHKEK_TEN)).messages).toEqual([]);
      expect((await listRuns(testDb.db))[0]).toMatchObject({ status: "paused", holdReason: "approval-revoked" });
      expect(await plan(at(LEAD.getTime() + MINUTE))).toMatchObject({ awaitingApproval: 1, queued: 0 });
      await kitApprove(testDb.db, broadcast);
      expect(await plan(at(LEAD.getTime() + 2 * MINUTE))).toMatchObject({ resumed: 1 });
      expect((await claimAll(BISHKEK_TEN)).messages).toHaveLength(2);
    });

    it("an operator's pause survives a new approval: the run stays paused until the operator resumes it", async () => {
      await kyrgyz(1);
      const broadcast = oneOff();
      const approval = await kitApprove(testDb.db, broadcast);
      const { plan } = planner(broadcast);
      await plan(LEAD);
      const [run] = await listRuns(testDb.db);
      await controlRuns(testDb.db, "pause", { runId: run!.id }, "operator");
      await revokeApproval(testDb.db, { approvalId: approval.id, revokerId: staff.approver });
      expect((await controlRuns(testDb.db, "resume", { runId: run!.id }, "operator")).runs).toBe(0);
      await kitApprove(testDb.db, broadcast);
      await plan(at(LEAD.getTime() + MINUTE));
      expect((await listRuns(testDb.db))[0]).toMatchObject({ status: "paused", pausedBy: "operator", holdReason: null });
      expect((await controlRuns(testDb.db, "resume", { runId: run!.id }, "operator")).runs).toBe(1);
    });
  });
});
