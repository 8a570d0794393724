/**
 * The broadcast page (/staff/broadcasts/:id) over HTTP, on both databases, with a real broadcast
 * beside the sample dataset: who may see and do what (no session, viewer, editor, approver), the
 * four-eyes rule (the preparer cannot approve above the self-approval size), an approval refused
 * once the Studio content changed, revoke, pause and cancel of a planned run, the test phone
 * (stored encrypted, shown masked) and a test send that goes through the outbox at reply priority
 * to the local transport's dev phone; an audit entry for each, with no phone number in any.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { listAudit } from "~/audit/audit-log.server";
import { planBroadcasts } from "~/broadcasts/plan.server";
import { listRuns } from "~/broadcasts/runs.server";
import { samplePolicy } from "~/broadcasts/sample-policy";
import { runSql } from "~/db/run-sql.server";
import { createLogger } from "~/lib/logger.server";
import { claimDueMessages } from "~/outbox/claim.server";
import { sendTest } from "~/staff/broadcast-actions.server";
import { findPageDocument } from "~/staff/broadcast-page.server";
import { seedSubscribers, testNumber } from "../db/broadcast-kit";
import { outboxHarness } from "../db/outbox-kit";
import { copyDataset, SAMPLE_DATASET_DIR, type DatasetCopy } from "../fixtures/content";
import { DATABASE_KINDS } from "../setup/test-database";
import { startTestServer, type TestServer } from "../setup/test-server";
import { text, expectOnlyTheQuickExitScript } from "./site-helpers";
import { signInAs, staffPost, type TestStaffSession } from "./staff-session-kit";

const ID = "broadcast-page-test";
const PATH = `/staff/broadcasts/${ID}`;
const AR_TEXT = "قبل السفر: اقرأ عقدك.";
const TEST_PHONE = "+996555765432";
const AT_ID = "broadcast-page-at-ten";

function realBroadcast(en: string) {
  return {
    _id: ID,
    _type: "broadcast",
    _createdAt: "2026-05-01T09:00:00Z",
    _updatedAt: "2026-05-01T09:00:00Z",
    title: "Contract reminder",
    campaign: { _type: "reference", _ref: "campaign-know-before-you-go" },
    messages: { _type: "localeSmsText", en, ru: "Перед отъездом прочитайте договор.", ar: AR_TEXT },
    channel: "sms",
    audience: { countries: ["KG"] },
    schedule: { mode: "whenApproved" },
    status: "scheduled",
  };
}

describe.each(DATABASE_KINDS)("the broadcast page on %s", (kind) => {
  let server: TestServer;
  let dataset: DatasetCopy;
  let viewer: TestStaffSession;
  let editor: TestStaffSession;
  let approver: TestStaffSession;
  let secondApprover: TestStaffSession;

  /** Beside it, a broadcast at a local time to Bishkek City and to Afghanistan, for the schedule table. */
  const atTime = {
    ...realBroadcast("At ten."),
    _id: AT_ID,
    title: "At ten",
    audience: { countries: ["KG", "AF"], regions: [{ _type: "reference", _ref: "region-KG-GB", _key: "gb" }] },
    schedule: { mode: "at", sendAt: "2026-12-20T10:00" },
  };
  const writeBroadcast = async (en: string) => {
    await writeFile(path.join(dataset.dir, "zz-page-test.ndjson"), `${JSON.stringify(realBroadcast(en))}\n${JSON.stringify(atTime)}\n`);
    server.content.invalidate();
  };

  beforeAll(async () => {
    dataset = await copyDataset(SAMPLE_DATASET_DIR);
    // Two subscribers in Kyrgyzstan: above a self-approval size of 1.
    server = await startTestServer({
      databaseKind: kind,
      env: { CONTENT_DATASET_DIR: dataset.dir, BROADCAST_SELF_APPROVAL_MAX_RECIPIENTS: "1", PUBLIC_BASE_URL: "http://127.0.0.1" },
    });
    await writeBroadcast("Before you go: read your contract.");
    await seedSubscribers(server.db, phoneKeyringFromEnv(server.env), [
      { phone: testNumber("KG", 1), country: "KG", regionCode: "KG-GB", locale: "ru" },
      { phone: testNumber("KG", 2), country: "KG", regionCode: "KG-GB", locale: "ar" },
    ]);
    viewer = await signInAs(server, "viewer");
    editor = await signInAs(server, "editor");
    approver = await signInAs(server, "approver");
    secondApprover = await signInAs(server, "approver");
  });
  afterAll(async () => {
    await server?.close();
    await dataset?.remove();
  });

  const get = (session: TestStaffSession | null, url = PATH) =>
    fetch(`${server.url}${url}`, { headers: session ? session.headers : { Accept: "text/html" }, redirect: "manual" });
  const post = (session: TestStaffSession, fields: Record<string, string>) => staffPost(server, session, PATH, fields);
  const pageText = async (session: TestStaffSession) => text(await (await get(session)).text());
  const hashOnPage = async (session: TestStaffSession) => /name="hash" value="([0-9a-f]{64})"/.exec(await (await get(session)).text())?.[1];
  const approvalRows = () =>
    runSql<{ id: number; prepared_by: number; approved_by: number | null; revoked_at: string | null }>(
      server.db,
      sql`select id::int as id, prepared_by, approved_by, revoked_at::text as revoked_at from broadcast_approvals where document_id = ${ID} order by id`,
    );
  const plan = () =>
    planBroadcasts({
      db: server.db,
      content: server.content,
      transport: outboxHarness(server.db, { env: server.env }).transport,
      logger: createLogger({ level: "silent" }),
      samples: samplePolicy(server.env),
      now: server.now(),
    });
  /** A claim a minute after the run's rows fall due (inside their send window): what the dispatcher would take. */
  const claimLater = async () => {
    const due = await runSql<{ ms: number }>(
      server.db,
      sql`select (extract(epoch from max(next_attempt_at)) * 1000)::float8 as ms from outbox_messages where broadcast_run_id is not null`,
    );
    const now = new Date(Number(due.rows[0]!.ms) + 60_000);
    return (await claimDueMessages(server.db, { workerId: "page-test", limit: 100, leaseSeconds: 30, now })).messages.length;
  };
  const runStates = async (runId: number) =>
    (
      await runSql<{ status: string }>(server.db, sql`select status from outbox_messages where broadcast_run_id = ${runId} order by id`)
    ).rows.map((row) => row.status);
  const audits = async (action: Parameters<typeof listAudit>[1]["action"]) =>
    (await listAudit(server.db, { action, limit: 50 })).filter((entry) => entry.targetId === ID || entry.details.documentId === ID);

  it("sends a request without a session to sign in, and refuses its posts", async () => {
    const response = await get(null);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/staff/sign-in?next=${encodeURIComponent(PATH)}`);
    const posted = await fetch(`${server.url}${PATH}`, {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams({ intent: "submit" }),
    });
    expect([303, 401]).toContain(posted.status);
  });

  it("shows a viewer the audience, schedule and every language as the phone shows it, with no action button", async () => {
    const response = await get(viewer);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("no-store");
    const html = await response.text();
    expectOnlyTheQuickExitScript(html);
    // Arabic right to left, with its language; segments and encoding of each text.
    expect(html).toContain(`lang="ar" dir="rtl">${AR_TEXT}</p>`);
    expect(html).toMatch(/lang="en" dir="ltr">Before you go: read your contract\.<\/p>/);
    const page = text(html);
    expect(page).toContain("2 recipients");
    expect(page).toContain("UCS-2");
    expect(page).toContain("GSM-7");
    expect(page).toContain("Not submitted for approval.");
    expect(html).not.toMatch(/name="intent" value="(submit|approve|revoke|test-send|pause|cancel)"/);
    expect(testNumber("KG", 1)).not.toSatisfy((phone: string) => html.includes(phone));
  });

  it("shows the schedule in each zone's local time and in UTC, with the regions it covers", async () => {
    const page = text(await (await get(viewer, `/staff/broadcasts/${AT_ID}`)).text());
    expect(page).toContain("At 2026-12-20 10:00 local time, in each recipient's own zone, inside the send window 09:00–20:00.");
    expect(page).toContain("Asia/Bishkek KG Bishkek City 2026-12-20 10:00 2026-12-20 04:00 UTC");
    expect(page).toMatch(/Asia\/Kabul AF ?—? 2026-12-20 10:00 2026-12-20 05:30 UTC/);
  });

  it("is in Russian with ?lang=ru", async () => {
    expect(text(await (await get(viewer, `${PATH}?lang=ru`)).text())).toContain("Утверждение");
  });

  it("shows a sequence too: its steps by day, and that a sample needs no approval", async () => {
    const response = await get(viewer, "/staff/broadcasts/sequence-know-before-you-go-first-week");
    expect(response.status).toBe(200);
    const page = text(await response.text());
    expect(page).toContain("Sequence");
    expect(page).toContain("+0");
    expect(page).toContain("Sample content needs no approval where it may be sent");
  });

  it("answers 404 for an id that is no broadcast", async () => {
    expect((await get(viewer, "/staff/broadcasts/no-such-broadcast")).status).toBe(404);
  });

  it("refuses a viewer's post and a post without the CSRF token", async () => {
    const hash = (await hashOnPage(editor))!;
    expect((await post(viewer, { intent: "submit", hash })).status).toBe(403);
    const forged = await fetch(`${server.url}${PATH}`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: editor.cookie, Origin: server.url, Accept: "text/html" },
      body: new URLSearchParams({ intent: "submit", hash }),
    });
    expect(forged.status).toBe(403);
    expect((await approvalRows()).rows).toEqual([]);
  });

  it("four eyes: the editor submits, cannot approve; the preparer-approver cannot approve alone; another approver can", async () => {
    const hash = (await hashOnPage(editor))!;
    const submitted = await post(editor, { intent: "submit", hash });
    expect(submitted.status).toBe(303);
    expect(submitted.headers.get("location")).toContain("done=submitted");
    const [row] = (await approvalRows()).rows;
    expect(row).toMatchObject({ prepared_by: editor.user.id, approved_by: null });
    expect(await audits("broadcast-submitted")).toEqual([
      expect.objectContaining({ actorUserId: editor.user.id, targetType: "broadcast", targetId: ID }),
    ]);
    expect((await post(editor, { intent: "approve", approvalId: String(row!.id), hash })).status).toBe(403);

    // An approver who prepared it: two recipients, above the self-approval size of 1.
    await runSql(server.db, sql`update broadcast_approvals set prepared_by = ${approver.user.id} where id = ${row!.id}`);
    expect(await pageText(approver)).toContain("another approver must approve it");
    const own = await post(approver, { intent: "approve", approvalId: String(row!.id), hash });
    expect(own.status).toBe(403);
    expect(text(await own.text())).toContain("four eyes");

    const approved = await post(secondApprover, { intent: "approve", approvalId: String(row!.id), hash });
    expect(approved.status).toBe(303);
    expect((await approvalRows()).rows[0]).toMatchObject({ approved_by: secondApprover.user.id });
    expect(await pageText(viewer)).toMatch(/Approved by Test approver \d+/);
    const [entry] = await audits("broadcast-approved");
    expect(entry).toMatchObject({ actorUserId: secondApprover.user.id, targetType: "broadcast", targetId: ID });
    expect(entry!.details).toMatchObject({ selfApproved: false, recipients: 2 });
  });

  it("approved, the planner sends it; approvers pause, resume and cancel the run, editors cannot", async () => {
    expect(await plan()).toMatchObject({ runsCreated: 1, queued: 2 });
    const [run] = await listRuns(server.db, { documentId: ID });
    expect((await post(editor, { intent: "pause", runId: String(run!.id) })).status).toBe(403);
    expect((await post(approver, { intent: "pause", runId: String(run!.id) })).status).toBe(303);
    expect((await listRuns(server.db, { documentId: ID }))[0]!.status).toBe("paused");
    // The dispatcher sees it: a claim once its rows are due takes none of them.
    expect(await claimLater()).toBe(0);
    expect(await runStates(run!.id)).toEqual(["held", "held"]);
    expect((await post(approver, { intent: "resume", runId: String(run!.id) })).status).toBe(303);
    expect(await runStates(run!.id)).toEqual(["queued", "queued"]);
    expect((await post(approver, { intent: "cancel", runId: String(run!.id) })).status).toBe(303);
    expect((await listRuns(server.db, { documentId: ID }))[0]!.status).toBe("cancelled");
    expect(await claimLater()).toBe(0);
    expect(await runStates(run!.id)).toEqual(["cancelled", "cancelled"]);
    expect((await post(approver, { intent: "pause", runId: String(run!.id) })).status).toBe(409);
    for (const action of ["run-paused", "run-resumed", "run-cancelled"] as const) {
      expect(await audits(action)).toEqual([expect.objectContaining({ actorUserId: approver.user.id, targetId: String(run!.id) })]);
    }
  });

  it("after a Studio edit, the page says the content changed; an approval of what was seen is refused; revoke is audited", async () => {
    const oldHash = (await hashOnPage(editor)) ?? (await approvalRows()).rows[0];
    await writeBroadcast("Before you go: read your contract twice.");
    const page = await pageText(viewer);
    expect(page).toContain("Not submitted for approval.");
    expect(page).toMatch(/An earlier version \([0-9a-f]{10}\) was approved/);
    const newHash = (await hashOnPage(editor))!;
    expect(newHash).not.toBe(oldHash);
    // The list says so too, and links to this page.
    const list = await (await get(viewer, "/staff/broadcasts")).text();
    expect(list).toContain(`href="${PATH}"`);
    expect(text(list)).toContain("Approval: content changed since approval, held until approved again.");
    expect((await post(editor, { intent: "submit", hash: "0".repeat(64) })).status).toBe(409);
    expect((await post(editor, { intent: "submit", hash: newHash })).status).toBe(303);
    const latest = (await approvalRows()).rows.at(-1)!;
    await writeBroadcast("Before you go: read your contract three times.");
    const refused = await post(approver, { intent: "approve", approvalId: String(latest.id), hash: newHash });
    expect(refused.status).toBe(409);
    expect(text(await refused.text())).toContain("content changed");

    const first = (await approvalRows()).rows[0]!;
    expect((await post(approver, { intent: "revoke", approvalId: String(first.id) })).status).toBe(303);
    expect((await approvalRows()).rows[0]!.revoked_at).not.toBeNull();
    expect(await audits("approval-revoked")).toEqual([expect.objectContaining({ actorUserId: approver.user.id, targetId: ID })]);
  });

  it("test phone: stored encrypted, shown masked; a test goes through the outbox at reply priority to the dev phone, audited without the number", async () => {
    expect((await post(viewer, { intent: "test-phone", phone: TEST_PHONE })).status).toBe(403);
    expect((await post(editor, { intent: "test-send", locale: "ru" })).status).toBe(409);
    expect((await post(editor, { intent: "test-phone", phone: "not a number" })).status).toBe(400);
    expect((await post(editor, { intent: "test-phone", phone: TEST_PHONE })).status).toBe(303);
    const stored = await runSql<{ phone_ciphertext: string }>(server.db, sql`select phone_ciphertext from staff_test_phones`);
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0]!.phone_ciphertext).not.toContain("765432");
    const html = await (await get(editor)).text();
    expect(html).not.toContain(TEST_PHONE);
    expect(html).not.toContain("765432");
    expect(text(html)).toMatch(/Your test phone: \+996 •+ 32/);

    expect((await post(editor, { intent: "test-send", locale: "ar" })).status).toBe(303);
    const queued = await runSql<{ priority: number; kind: string; body: string; status: string }>(
      server.db,
      sql`select priority, kind, body, status from outbox_messages where subscriber_id is null order by id desc limit 1`,
    );
    expect(queued.rows[0]).toMatchObject({ priority: 0, kind: "reply", body: AR_TEXT, status: "queued" });
    await outboxHarness(server.db, { env: server.env }).dispatch({ now: server.now() });
    const devPhone = await runSql<{ count: number }>(
      server.db,
      sql`select count(*)::int as count from dev_phone_messages where body = ${AR_TEXT}`,
    );
    expect(Number(devPhone.rows[0]!.count)).toBe(1);
    // Where samples are not sent (Twilio configured), a sample's text is not sent as a test either.
    const sample = await findPageDocument(server.content, "broadcast-know-before-you-go-sample");
    const services = {
      ...server,
      keyring: phoneKeyringFromEnv(server.env),
      transport: outboxHarness(server.db, { env: server.env }).transport,
      logger: createLogger({ level: "silent" }),
    };
    const staffUser = {
      id: editor.user.id,
      email: editor.user.email,
      displayName: "Editor",
      role: "editor" as const,
      sessionId: "",
      csrfToken: "",
      hasSecondFactor: false,
    };
    expect(await sendTest({ ...services, env: { ...server.env, messagingTransport: "twilio" } }, staffUser, sample!, "en")).toMatchObject({
      ok: false,
      error: "error_sampleTest",
    });
    const [entry] = await audits("test-sent");
    expect(entry).toMatchObject({ actorUserId: editor.user.id, details: expect.objectContaining({ locale: "ar" }) });
    expect(JSON.stringify(entry)).not.toContain("765432");
  });
});
