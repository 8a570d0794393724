/**
 * The data-request and audit pages in a real browser (Debian's chromium), at phone and desktop
 * size, in English and Russian, with no JavaScript on the pages: the forms work as plain HTML
 * (type a number, look up, go to the erase confirmation; filter the audit log), axe finds no
 * serious or critical WCAG 2.2 A/AA violation on any of them, nothing is wider than the screen,
 * and the number typed never shows on a page.
 */
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { findOrCreateSubscriber, phoneIdentity, recordConsent, updateSubscriber } from "~/audience/subscribers.server";
import { recordAudit } from "~/audit/audit-log.server";
import { startTestServer, type TestServer } from "../setup/test-server";
import { signInAs, type TestStaffSession } from "../integration/staff-session-kit";
import { AXE_TAGS, launchChromium, NO_CHROMIUM } from "./chromium";

const SIZES = {
  phone: { viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 800 } },
};
const NUMBER = "+996555700123";

async function blockingViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(" "))
          .join(", ")}`,
    );
}

async function expectFitsAndPasses(page: Page): Promise<void> {
  expect(await blockingViolations(page)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
  const text = await page.content();
  for (const form of [NUMBER, NUMBER.slice(1), NUMBER.slice(4)]) expect(text).not.toContain(form);
}

describe.skipIf(NO_CHROMIUM)("data requests and the audit log in chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let admin: TestStaffSession;

  beforeAll(async () => {
    server = await startTestServer();
    const keyring = phoneKeyringFromEnv(server.env);
    const now = server.now();
    const { subscriber } = await findOrCreateSubscriber(server.db, keyring, {
      phone: phoneIdentity(keyring, NUMBER),
      channel: "sms",
      country: "KG",
      now,
    });
    await recordConsent(server.db, subscriber.id, "sms-keyword", now);
    await updateSubscriber(server.db, subscriber.id, { locale: "ky", regionCode: "KG-GB" }, now);
    admin = await signInAs(server, "admin");
    await recordAudit(server.db, {
      actor: { userId: admin.user.id, label: admin.user.email },
      action: "data-exported",
      target: { type: "subscriber", id: "1" },
      details: { held: true, outboxMessages: 3 },
    });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedInPage(size: keyof typeof SIZES): Promise<Page> {
    // The pages ship no script (STATIC_PAGE_HANDLE), so every form here works as plain HTML; the
    // browser keeps JavaScript on only because axe runs in the page.
    const context = await browser.newContext(SIZES[size]);
    const [name, ...value] = admin.cookie.split("=");
    await context.addCookies([{ name: name!, value: value.join("="), url: server.url }]);
    return context.newPage();
  }

  it.each([
    ["en", "phone"],
    ["ru", "phone"],
    ["en", "desktop"],
    ["ru", "desktop"],
  ] as const)("look-up, summary and erase confirmation are accessible and never show the number (%s, %s)", async (lang, size) => {
    const page = await signedInPage(size);
    expect((await page.goto(`${server.url}/staff/data-requests?lang=${lang}`))?.status()).toBe(200);
    await expectFitsAndPasses(page);

    await page.locator("#number").fill("+996 555 700 123");
    await page.locator("form.staff-form button[type=submit]").click();
    await page.waitForURL(/\/staff\/data-requests\/[A-Za-z0-9_-]{32}/);
    expect(await page.locator("dl.staff-facts").count()).toBe(1);
    await expectFitsAndPasses(page);

    await page.locator('a[href*="step=erase"]').click();
    await page.waitForURL(/step=erase/);
    expect(await page.locator('input[name="confirm"]').count()).toBe(1);
    await expectFitsAndPasses(page);
    await page.context().close();
  });

  it.each([
    ["en", "phone"],
    ["ru", "phone"],
    ["en", "desktop"],
    ["ru", "desktop"],
  ] as const)("the audit log and its filters are accessible (%s, %s)", async (lang, size) => {
    const page = await signedInPage(size);
    expect((await page.goto(`${server.url}/staff/audit?lang=${lang}`))?.status()).toBe(200);
    await expectFitsAndPasses(page);
    await page.locator('select[name="action"]').selectOption("data-exported");
    await page.locator("form.staff-filters button[type=submit]").click();
    await page.waitForURL(/action=data-exported/);
    expect(await page.locator("[data-audit-id]").count()).toBe(1);
    await expectFitsAndPasses(page);
    await page.context().close();
  });
});
