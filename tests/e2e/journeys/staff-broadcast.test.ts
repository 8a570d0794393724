/**
 * Journey: staff send a broadcast under four eyes (decision 024) and see it arrive. An editor
 * signs in (password and code) on a phone-sized screen and submits the broadcast; an approver,
 * another person, signs in on a desktop and approves that version; the jobs `npm start` runs
 * (planner, dispatcher, reach rollups) send it, and it shows on the dev phone of one of the
 * recipients; the reach dashboard then counts the messages sent in that region, and its map
 * draws the region, at both sizes.
 *
 * One clock for the whole test (server, jobs, sign-in codes): the real clock moved to the next
 * 06:00 UTC, noon in Bishkek, so the broadcast falls inside its recipients' send window on any
 * date, and still runs forward (the jobs and the page refreshes wait on it), and session cookies
 * are never already expired in the browser.
 *
 * Five recipients in one region: counts under 5 are shown as "<5" (decision 022), and the
 * dashboard must show a real figure here.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { type Browser, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { createLogger } from "~/lib/logger.server";
import { createTransport } from "~/messaging/transports/transports.server";
import { totpCode } from "~/staff/totp.server";
import { findJob } from "../../../jobs/job-table";
import { registerJobs, type JobsHandle } from "../../../jobs/scheduler";
import { seedSubscribers, testNumber } from "../../db/broadcast-kit";
import { copyDataset, SAMPLE_DATASET_DIR, type DatasetCopy } from "../../fixtures/content";
import { createTestStaffUser, type TestStaffUser } from "../../integration/staff-session-kit";
import { startTestServer, type TestServer } from "../../setup/test-server";
import { launchChromium, NO_CHROMIUM } from "../chromium";
import { screenshot, VIEWPORTS } from "./journey-kit";

const ID = "broadcast-journey";
const TEXT_RU = "Перед отъездом прочитайте свой договор. Помощь: 0000.";
const DEV_PHONE_NUMBER = "+996555000101";
const REGION = "KG-GB";
const RECIPIENTS = 5;
/** The dashboard's column for messages sent (app/staff/reach-strings.ts, English). */
const SENT = "Messages queued";

const broadcast = {
  _id: ID,
  _type: "broadcast",
  _createdAt: "2026-05-01T09:00:00Z",
  _updatedAt: "2026-05-01T09:00:00Z",
  title: "Contract reminder",
  campaign: { _type: "reference", _ref: "campaign-know-before-you-go" },
  messages: { _type: "localeSmsText", en: "Before you go: read your contract.", ru: TEXT_RU },
  channel: "sms",
  audience: { countries: ["KG"] },
  schedule: { mode: "whenApproved" },
  status: "scheduled",
};

/** The real clock shifted to the next 06:00 UTC, running on from there. */
function clockAtNextMorningUtc(): () => Date {
  const real = Date.now();
  const start = new Date(real);
  start.setUTCHours(6, 0, 0, 0);
  if (start.getTime() <= real) start.setUTCDate(start.getUTCDate() + 1);
  const offset = start.getTime() - real;
  return () => new Date(Date.now() + offset);
}

describe.skipIf(NO_CHROMIUM)("journey: a broadcast under four eyes, from the staff pages to a phone", () => {
  let server: TestServer;
  let dataset: DatasetCopy;
  let jobs: JobsHandle;
  let browser: Browser;
  let editor: TestStaffUser;
  let approver: TestStaffUser;

  beforeAll(async () => {
    dataset = await copyDataset(SAMPLE_DATASET_DIR);
    await writeFile(path.join(dataset.dir, "zz-journey.ndjson"), `${JSON.stringify(broadcast)}\n`);
    server = await startTestServer({
      env: { CONTENT_DATASET_DIR: dataset.dir, BROADCAST_SELF_APPROVAL_MAX_RECIPIENTS: "0", OUTBOX_DISPATCH_INTERVAL_MS: "300" },
      reach: true,
      now: clockAtNextMorningUtc(),
    });
    const keyring = phoneKeyringFromEnv(server.env);
    const phones = [DEV_PHONE_NUMBER, ...Array.from({ length: RECIPIENTS - 1 }, (_, index) => testNumber("KG", index + 1))];
    await seedSubscribers(
      server.db,
      keyring,
      phones.map((phone) => ({ phone, country: "KG", regionCode: REGION, locale: "ru" })),
    );
    editor = await createTestStaffUser(server.db, server.env, { role: "editor", password: true, secondFactor: true, now: server.now() });
    approver = await createTestStaffUser(server.db, server.env, {
      role: "approver",
      password: true,
      secondFactor: true,
      now: server.now(),
    });
    const logger = createLogger({ level: "silent" });
    jobs = registerJobs({
      db: server.db,
      dbKind: "pglite",
      env: server.env,
      logger,
      transport: createTransport(server.env, { db: server.db, keyring, logger }),
      keyring,
      content: server.content,
      now: server.now,
      table: ["dispatch-outbox", "plan-broadcasts", "refresh-reach-rollups"].map((name) => findJob(name)!),
    });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await jobs?.stop();
    await server?.close();
    await dataset?.remove();
  });

  it("is submitted, approved by another person, delivered to the phone and counted", async () => {
    const [phone, desktop] = VIEWPORTS;

    const asEditor = await browser.newContext({ viewport: phone });
    const editorPage = await signIn(await asEditor.newPage(), server, editor, `/staff/broadcasts/${ID}`);
    await editorPage.getByRole("button", { name: "Submit for approval" }).click();
    await editorPage.waitForURL((url) => url.searchParams.get("done") === "submitted");
    await expect(editorPage.getByRole("status").textContent()).resolves.toContain("Submitted for approval.");
    // The preparer cannot approve their own broadcast of this size.
    expect(await editorPage.getByRole("button", { name: "Approve this version" }).count()).toBe(0);
    await screenshot(editorPage, "staff-broadcast-submitted");
    await asEditor.close();

    const asApprover = await browser.newContext({ viewport: desktop });
    const approverPage = await signIn(await asApprover.newPage(), server, approver, `/staff/broadcasts/${ID}`);
    await approverPage.getByRole("button", { name: "Approve this version" }).click();
    await approverPage.waitForURL((url) => url.searchParams.get("done") === "approved");
    await expect(approverPage.getByRole("status").textContent()).resolves.toContain("Approved.");
    await screenshot(approverPage, "staff-broadcast-approved");

    // The recipient's phone: the planner ticks every 20 s, then the dispatcher sends.
    const phonePage = await (await browser.newContext({ viewport: phone })).newPage();
    const thread = `${server.url}/dev/phone?number=${encodeURIComponent(DEV_PHONE_NUMBER)}&channel=sms`;
    const message = phonePage.locator(".dev-bubble-outbound .dev-bubble-body", { hasText: TEXT_RU });
    const deadline = Date.now() + 75_000;
    for (;;) {
      await phonePage.goto(thread);
      if ((await message.count()) > 0) break;
      if (Date.now() > deadline) throw new Error("the broadcast never reached the dev phone");
      await phonePage.waitForTimeout(1_000);
    }
    await message.scrollIntoViewIfNeeded();
    await screenshot(phonePage, "dev-phone-broadcast");
    await phonePage.context().close();

    // The reach dashboard, at both sizes: the region's row counts the messages sent; the map draws it.
    const regionName = (await server.content.regions("en")).find((region) => region.code === REGION)!.name;
    for (const viewport of VIEWPORTS) {
      await approverPage.setViewportSize(viewport);
      // The other four recipients' messages may still be going out: look again until all are counted.
      // Kyrgyzstan's and Bishkek's rows count all five: "5", or "hidden" (5 or more, hidden so that a
      // small count beside it, such as this test's few other events, cannot be worked out: decision 022).
      let country: Record<string, string> = {};
      for (let attempt = 0; attempt < 30 && !countsAll(country[SENT]); attempt += 1) {
        if (attempt > 0) await approverPage.waitForTimeout(1_000);
        await approverPage.goto(`${server.url}/staff/reach`);
        country = await rowByHeader(
          approverPage
            .locator("table", { has: approverPage.locator("caption") })
            .filter({ hasText: "Kyrgyzstan" })
            .first(),
          "Kyrgyzstan",
        );
      }
      expect(countsAll(country[SENT]), JSON.stringify(country)).toBe(true);
      const region = await rowByHeader(approverPage.locator('section[aria-labelledby="regions-KG-title"] table'), regionName);
      expect(countsAll(region[SENT]), JSON.stringify(region)).toBe(true);
      // The map draws the region, with its name and figure in the shape's title.
      const shape = approverPage.locator(`path[data-region="${REGION}"]`);
      expect(await shape.count()).toBe(1);
      expect(await shape.locator("title").textContent()).toContain(regionName);
      await approverPage.locator(".reach-map").scrollIntoViewIfNeeded();
      await screenshot(approverPage, "staff-reach-map");
    }
    await asApprover.close();
  }, 180_000);
});

/** Signs in as a person does: the page asked for sends to sign-in, then password, then the code. */
async function signIn(page: Page, server: TestServer, user: TestStaffUser, to: string): Promise<Page> {
  await page.goto(`${server.url}${to}`);
  expect(new URL(page.url()).pathname).toBe("/staff/sign-in");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password!);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByLabel("6-digit code").fill(totpCode(user.totpSecret!, server.now()));
  await page.getByRole("button", { name: "Confirm" }).click();
  await page.waitForURL((url) => url.pathname === to);
  return page;
}

/** A cell that counts every recipient: a figure of at least RECIPIENTS, or "hidden" (never "<5"). */
function countsAll(cell: string | undefined): boolean {
  return cell === "hidden" || Number(cell) >= RECIPIENTS;
}

/** One row of a figure table, by its row header, as { column header: cell }. */
async function rowByHeader(table: Locator, rowName: string): Promise<Record<string, string>> {
  const headers = (await table.locator("thead th").allTextContents()).map((text) => text.trim());
  const row = table.locator("tbody tr", { has: table.page().locator("th", { hasText: rowName }) }).first();
  if ((await row.count()) === 0) return {};
  const cells = (await row.locator("th, td").allTextContents()).map((text) => text.trim());
  return Object.fromEntries(headers.map((header, index) => [header, cells[index] ?? ""]));
}
