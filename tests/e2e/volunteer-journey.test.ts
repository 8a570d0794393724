/**
 * A volunteer's journey in Chromium with JavaScript disabled, the dispatch-outbox job running in
 * the test process as `npm start` runs it: sign up, read the code on the dev phone (the local
 * transport), sign in, open the referral link in a fresh browser context (no cookie), and see the
 * visit on the dashboard. axe finds no WCAG 2.2 A/AA violations on the volunteer pages in en, ru,
 * fa-AF and ar (in a script-enabled context: axe is JavaScript), signed out and signed in, and on
 * the staff volunteers page.
 */
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { createLogger } from "~/lib/logger.server";
import { createTransport } from "~/messaging/transports/transports.server";
import { findJob } from "../../jobs/job-table";
import { registerJobs, type JobsHandle } from "../../jobs/scheduler";
import { browserCookie, signInAs } from "../integration/staff-session-kit";
import { startTestServer, type TestServer } from "../setup/test-server";
import { AXE_TAGS, launchChromium, NO_CHROMIUM, SCRIPTS_BUT_QUICK_EXIT } from "./chromium";

const NUMBER = "+996555123456";

async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return results.violations.map(
    (violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`,
  );
}

describe.skipIf(NO_CHROMIUM)("a volunteer in chromium, without JavaScript", () => {
  let server: TestServer;
  let dispatcher: JobsHandle;
  let browser: Browser;
  let context: BrowserContext;
  let axeContext: BrowserContext;

  beforeAll(async () => {
    server = await startTestServer({ env: { OUTBOX_DISPATCH_INTERVAL_MS: "500" }, reach: true });
    const logger = createLogger({ level: "silent" });
    const keyring = phoneKeyringFromEnv(server.env);
    const transport = createTransport(server.env, { db: server.db, keyring, logger });
    dispatcher = registerJobs({
      db: server.db,
      dbKind: "pglite",
      env: server.env,
      logger,
      transport,
      keyring,
      content: server.content,
      table: [findJob("dispatch-outbox")!],
    });
    browser = await launchChromium();
    context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 780 } });
    axeContext = await browser.newContext({ viewport: { width: 360, height: 780 } });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await axeContext?.close();
    await browser?.close();
    await dispatcher?.stop();
    await server?.close();
  });

  it("signs up, gets the code on the dev phone, and sees a visit from a fresh browser on the dashboard", async () => {
    const page = await context.newPage();
    expect((await page.goto(`${server.url}/en/volunteer`))?.status()).toBe(200);
    await page.getByLabel("Nickname").fill("Aigerim");
    await page.getByLabel("Country").selectOption("KG");
    await page.getByLabel("Region").selectOption("KG-B");
    await page.getByLabel("School or university (optional)").fill("School 12");
    await page.getByLabel("Mobile number").first().fill(NUMBER);
    await page.getByLabel("18–24").check();
    await page.getByRole("button", { name: "Send me a code" }).first().click();
    await page.getByRole("heading", { name: "Enter your code" }).waitFor();

    // The code arrives on the dev phone (the page refreshes itself until the reply is there).
    const phone = await context.newPage();
    await phone.goto(`${server.url}/dev/phone?number=${encodeURIComponent(NUMBER)}&channel=sms`);
    const bubble = phone.locator(".dev-bubble-outbound .dev-bubble-body").first();
    await bubble.waitFor({ timeout: 75_000 });
    const code = /\b(\d{6})\b/.exec((await bubble.textContent()) ?? "")?.[1];
    expect(code).toMatch(/^\d{6}$/);

    await page.getByRole("textbox", { name: "Code", exact: true }).fill(code!);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Hello, Aigerim" }).waitFor();
    expect(await page.locator(SCRIPTS_BUT_QUICK_EXIT).count()).toBe(0);
    expect(await page.getByText("No visits through your links yet.").count()).toBe(1);

    const referral = await page.locator('input[type="url"]').first().inputValue();
    const path = new URL(referral).pathname;
    expect(path).toMatch(/^\/r\/[2-9A-Z]{8}\/[a-z0-9-]+$/);

    // A friend opens the link in their own browser: no cookie, the campaign page.
    const friend = await browser.newContext({
      javaScriptEnabled: false,
      userAgent: "Mozilla/5.0 (Linux; Android 13) Chrome/130.0 Mobile Safari/537.36",
    });
    const friendPage = await friend.newPage();
    const landed = await friendPage.goto(`${server.url}${path}`);
    expect(landed?.status()).toBe(200);
    expect(new URL(friendPage.url()).pathname).toMatch(/^\/en\/[a-z0-9-]+$/);
    expect(await friend.cookies()).toEqual([]);
    await friend.close();

    await page.reload();
    expect(await page.getByText("No visits through your links yet.").count()).toBe(0);
    const byDay = page.locator("table", { has: page.locator("caption", { hasText: "By day" }) });
    expect(await byDay.locator("tbody td").first().textContent()).toBe("<5");

    // For the signed-in axe run below.
    await axeContext.addCookies(await context.cookies());
    await page.close();
    await phone.close();
  }, 150_000);

  it("has no WCAG 2.2 AA violations on the volunteer pages in en, ru, fa-AF and ar", async () => {
    const anonymous = await browser.newContext({ viewport: { width: 360, height: 780 } });
    for (const locale of ["en", "ru", "fa-AF", "ar"]) {
      const page = await anonymous.newPage();
      await page.goto(`${server.url}/${locale}/volunteer`);
      expect(await page.locator("html").getAttribute("dir")).toBe(locale === "fa-AF" || locale === "ar" ? "rtl" : "ltr");
      expect(await axeViolations(page), `${locale} sign-up`).toEqual([]);
      await page.close();
    }
    // A form with errors, and the code form.
    const errors = await anonymous.newPage();
    await errors.goto(`${server.url}/ar/volunteer`);
    await errors.locator('input[name="nickname"]').fill("x");
    await errors.getByRole("button").filter({ hasText: "أرسل لي رمزًا" }).first().click();
    await errors.locator(".volunteer-errors").waitFor();
    expect(await axeViolations(errors), "ar errors").toEqual([]);
    await errors.close();
    await anonymous.close();

    for (const locale of ["en", "ru", "fa-AF", "ar"]) {
      const page = await axeContext.newPage();
      await page.goto(`${server.url}/${locale}/volunteer`);
      expect(await page.locator(".volunteer-code").count(), `${locale} signed in`).toBe(1);
      expect(await axeViolations(page), `${locale} dashboard`).toEqual([]);
      await page.close();
    }
  }, 120_000);

  it("has no WCAG 2.2 AA violations on the staff volunteers page, in English and Russian", async () => {
    const admin = await signInAs(server, "admin");
    const staff = await browser.newContext({ viewport: { width: 360, height: 780 } });
    await staff.addCookies([browserCookie(server, admin)]);
    for (const lang of ["en", "ru"]) {
      const page = await staff.newPage();
      expect((await page.goto(`${server.url}/staff/volunteers?lang=${lang}`))?.status()).toBe(200);
      expect(await page.getByText("Aigerim").count(), lang).toBe(1);
      expect(await axeViolations(page), `staff ${lang}`).toEqual([]);
      await page.close();
    }
    await staff.close();
  }, 60_000);
});
