/**
 * Staff accounts in a real browser (Debian's chromium): the sign-in journey without JavaScript
 * (a staff page sends to sign-in, email and password, the code step, back to the page asked for,
 * sign out), with the site's no-referrer policy in force (so every post carries `Origin: null`);
 * and no WCAG 2.2 A/AA violations (axe) on the sign-in, code, account and users pages (with the
 * second-factor reset's confirmation and the turn-off form), in English and Russian.
 */
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totpCode } from "~/staff/totp.server";
import { browserCookie, createTestStaffUser, signInAs, type TestStaffUser } from "../integration/staff-session-kit";
import { startTestServer, type TestServer } from "../setup/test-server";
import { AXE_TAGS, launchChromium, NO_CHROMIUM } from "./chromium";

async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

describe.skipIf(NO_CHROMIUM)("staff accounts in chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let approver: TestStaffUser;

  beforeAll(async () => {
    server = await startTestServer();
    approver = await createTestStaffUser(server.db, server.env, { role: "approver", password: true, secondFactor: true });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("signs in with password and code, without JavaScript, back to the page asked for, then signs out", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const origins: Array<string | null> = [];
    page.on("request", (request) => {
      if (request.method() === "POST") origins.push(request.headers()["origin"] ?? null);
    });
    await page.goto(`${server.url}/staff/reach?lang=en`);
    expect(new URL(page.url()).pathname).toBe("/staff/sign-in");
    await page.getByLabel("Email").fill(approver.email);
    await page.getByLabel("Password").fill(approver.password!);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByLabel("6-digit code").fill(totpCode(approver.totpSecret!, new Date()));
    await page.getByRole("button", { name: "Confirm" }).click();
    await page.waitForURL((url) => url.pathname === "/staff/reach");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Reach");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.pathname === "/staff/sign-in");
    await expect(page.getByRole("status").textContent()).resolves.toContain("You are signed out.");
    // Every post went through with the opaque origin no-referrer gives our own forms.
    expect(origins).toEqual(["null", "null", "null"]);
    await page.goto(`${server.url}/staff/reach`);
    expect(new URL(page.url()).pathname).toBe("/staff/sign-in");
    await context.close();
  }, 90_000);

  it.each(["en", "ru"] as const)(
    "has no WCAG 2.2 AA violations on the sign-in, code, account and users pages (%s)",
    async (lang) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${server.url}/staff/sign-in?lang=${lang}`);
      expect(await violations(page)).toEqual([]);
      // The refusal message too.
      await page.locator('input[name="email"]').fill("nobody@staff.test");
      await page.locator('input[name="password"]').fill("not the password");
      await page.locator('form.staff-form button[type="submit"]').click();
      await page.locator('[role="alert"]').waitFor();
      expect(await violations(page)).toEqual([]);
      // The code step.
      await page.locator('input[name="email"]').fill(approver.email);
      await page.locator('input[name="password"]').fill(approver.password!);
      await page.locator('form.staff-form button[type="submit"]').click();
      await page.locator('input[name="code"]').waitFor();
      expect(await violations(page)).toEqual([]);
      await context.clearCookies();

      const admin = await signInAs(server, "admin");
      await context.addCookies([browserCookie(server, admin)]);
      await page.goto(`${server.url}/staff/account?lang=${lang}`);
      await page.locator(".staff-qr svg").waitFor();
      expect(await violations(page)).toEqual([]);
      await page.goto(`${server.url}/staff/users?lang=${lang}`);
      await page.locator('form.staff-form input[name="email"]').fill(`new-${lang}@staff.test`);
      await page.locator('form.staff-form button[type="submit"]').click();
      await page.locator(".staff-notice code").waitFor();
      expect(await violations(page)).toEqual([]);
      // A second-factor reset: the row's link, the confirmation, the result.
      const lost = await createTestStaffUser(server.db, server.env, { role: "editor", secondFactor: true });
      await page.goto(`${server.url}/staff/users?lang=${lang}`);
      await page.locator(`a[href*="reset-second-factor=${lost.id}&"]`).click();
      await page.locator("#confirm-reset").waitFor();
      expect(await violations(page)).toEqual([]);
      await page.locator('#confirm-reset ~ form button[type="submit"]').click();
      await page.locator('p[role="status"]').waitFor();
      expect(page.url()).not.toContain("reset-second-factor");
      expect(await violations(page)).toEqual([]);
      // The account page of someone with a second factor: the turn-off form.
      await context.clearCookies();
      await context.addCookies([browserCookie(server, await signInAs(server, "editor", { secondFactor: true }))]);
      await page.goto(`${server.url}/staff/account?lang=${lang}`);
      await page.locator('input[name="intent"][value="turn-off"]').waitFor({ state: "attached" });
      expect(await violations(page)).toEqual([]);
      await context.close();
    },
    90_000,
  );
});
