/**
 * The broadcast page (/staff/broadcasts/:id) in a real browser (Debian's chromium): without
 * JavaScript an editor submits the broadcast and another person approves it with the page's own
 * buttons (the browser's Origin and the CSRF field pass the checks), and the page, in English and
 * Russian, with runs, failures, previews in right-to-left scripts and the test-phone forms, has
 * no WCAG 2.2 A/AA violations (axe, in a script-enabled context).
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { sql } from "drizzle-orm";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { planBroadcasts } from "~/broadcasts/plan.server";
import { samplePolicy } from "~/broadcasts/sample-policy";
import { runSql } from "~/db/run-sql.server";
import { createLogger } from "~/lib/logger.server";
import { seedSubscribers, testNumber } from "../db/broadcast-kit";
import { outboxHarness } from "../db/outbox-kit";
import { copyDataset, SAMPLE_DATASET_DIR, type DatasetCopy } from "../fixtures/content";
import { signInAs, type TestStaffSession } from "../integration/staff-session-kit";
import { startTestServer, type TestServer } from "../setup/test-server";
import { AXE_TAGS, launchChromium, NO_CHROMIUM } from "./chromium";

const ID = "broadcast-e2e";
const broadcast = {
  _id: ID,
  _type: "broadcast",
  _createdAt: "2026-05-01T09:00:00Z",
  _updatedAt: "2026-05-01T09:00:00Z",
  title: "Contract reminder",
  campaign: { _type: "reference", _ref: "campaign-know-before-you-go" },
  messages: {
    _type: "localeSmsText",
    en: "Before you go: read your contract.",
    ar: "قبل السفر: اقرأ عقدك.",
    ps: "د تګ نه مخکې خپل تړون ولولئ.",
  },
  channel: "sms",
  audience: { countries: ["KG", "AF"] },
  schedule: { mode: "whenApproved" },
  status: "scheduled",
};

describe.skipIf(NO_CHROMIUM)("the broadcast page in chromium", () => {
  let server: TestServer;
  let dataset: DatasetCopy;
  let browser: Browser;
  let editor: TestStaffSession;
  let approver: TestStaffSession;

  beforeAll(async () => {
    dataset = await copyDataset(SAMPLE_DATASET_DIR);
    await writeFile(path.join(dataset.dir, "zz-e2e.ndjson"), `${JSON.stringify(broadcast)}\n`);
    server = await startTestServer({ env: { CONTENT_DATASET_DIR: dataset.dir, BROADCAST_SELF_APPROVAL_MAX_RECIPIENTS: "0" } });
    await seedSubscribers(server.db, phoneKeyringFromEnv(server.env), [
      { phone: testNumber("KG", 1), country: "KG", regionCode: "KG-GB", locale: "ru" },
      { phone: testNumber("AF", 2), country: "AF", regionCode: "AF-KAB", locale: "ps" },
    ]);
    editor = await signInAs(server, "editor");
    approver = await signInAs(server, "approver");
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await dataset?.remove();
  });

  async function contextAs(session: TestStaffSession, javaScriptEnabled: boolean): Promise<BrowserContext> {
    const context = await browser.newContext({ javaScriptEnabled });
    const [name, ...value] = session.cookie.split("=");
    await context.addCookies([{ name: name!, value: value.join("="), url: server.url }]);
    return context;
  }

  it("an editor submits and an approver approves with the page's buttons, without JavaScript", async () => {
    const asEditor = await contextAs(editor, false);
    const page = await asEditor.newPage();
    expect((await page.goto(`${server.url}/staff/broadcasts/${ID}`))?.status()).toBe(200);
    await page.getByRole("button", { name: "Submit for approval" }).click();
    await page.waitForURL((url) => url.searchParams.get("done") === "submitted");
    await expect(page.getByRole("status").textContent()).resolves.toContain("Submitted for approval.");
    await asEditor.close();

    const asApprover = await contextAs(approver, false);
    const approverPage = await asApprover.newPage();
    await approverPage.goto(`${server.url}/staff/broadcasts/${ID}`);
    await approverPage.getByRole("button", { name: "Approve this version" }).click();
    await approverPage.waitForURL((url) => url.searchParams.get("done") === "approved");
    await expect(approverPage.getByRole("status").textContent()).resolves.toContain("Approved.");
    await asApprover.close();
  }, 90_000);

  it("has no WCAG 2.2 AA violations, in English and Russian, with a run, a failure and a test phone", async () => {
    await planBroadcasts({
      db: server.db,
      content: server.content,
      transport: outboxHarness(server.db, { env: server.env }).transport,
      logger: createLogger({ level: "silent" }),
      samples: samplePolicy(server.env),
      now: server.now(),
    });
    // One row failed, so the failures table (kind and explanation) is on the page.
    await runSql(
      server.db,
      sql`update outbox_messages set status = 'failed', failure_kind = 'cannot-receive', error_code = '30006'
          where id = (select min(id) from outbox_messages where broadcast_run_id is not null)`,
    );
    const asEditor = await contextAs(editor, true);
    const page = await asEditor.newPage();
    await page.goto(`${server.url}/staff/broadcasts/${ID}`);
    await page.getByLabel("Test phone number (with country code)").fill("+996555765432");
    await page.getByRole("button", { name: "Save test phone" }).click();
    await page.waitForURL((url) => url.searchParams.get("done") === "test-phone");
    expect(await page.getByRole("row", { name: /cannot-receive/ }).textContent()).toContain("cannot receive");
    for (const [session, lang] of [
      [editor, "en"],
      [editor, "ru"],
      [approver, "en"],
    ] as const) {
      const context = await contextAs(session, true);
      const each = await context.newPage();
      await each.goto(`${server.url}/staff/broadcasts/${ID}?lang=${lang}`);
      const results = await new AxeBuilder({ page: each }).withTags(AXE_TAGS).analyze();
      expect(results.violations.map((v) => `${lang}: ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
      await context.close();
    }
    await asEditor.close();
  }, 120_000);
});
