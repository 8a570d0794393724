/**
 * Volunteer sign-up and sign-in through HTTP for the integration tests: form posts as a browser
 * without JavaScript sends them, the code read from the outbox row the SMS is queued in (what the
 * local transport would deliver to /dev/phone).
 */
import { sql } from "drizzle-orm";
import { runSql } from "~/db/run-sql.server";
import type { TestServer } from "../setup/test-server";

export const BROWSER_UA =
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";

export interface Posted {
  status: number;
  html: string;
  headers: Headers;
}

export async function post(
  server: TestServer,
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Posted> {
  const response = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": BROWSER_UA, ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
  return { status: response.status, html: await response.text(), headers: response.headers };
}

export async function getPage(server: TestServer, path: string, headers: Record<string, string> = {}): Promise<Posted> {
  const response = await fetch(`${server.url}${path}`, { headers: { "user-agent": BROWSER_UA, ...headers }, redirect: "manual" });
  return { status: response.status, html: await response.text(), headers: response.headers };
}

/** The hidden challenge of a code form. */
export function challengeOf(html: string): string {
  const match = /name="challenge" value="([^"]+)"/.exec(html);
  if (!match) throw new Error("no code form in the page");
  return match[1]!;
}

/** The code in the newest queued SMS (the local transport would put it on /dev/phone). */
export async function lastCode(server: TestServer): Promise<string> {
  const { rows } = await runSql<{ body: string }>(server.db, sql`select body from outbox_messages order by id desc limit 1`);
  const match = /\b(\d{6})\b/.exec(rows[0]?.body ?? "");
  if (!match) throw new Error("no code queued");
  return match[1]!;
}

/** `name=value` of a Set-Cookie header, for the next request's Cookie header. */
export function cookieOf(headers: Headers): string {
  return (headers.get("set-cookie") ?? "").split(";")[0]!;
}

export const SIGN_UP = {
  intent: "sign-up",
  nickname: "Aigerim",
  country: "KG",
  region: "KG-B",
  school: "School 12",
  phone: "+996555123456",
  ageGroup: "18-24",
};

/** Signs up and confirms the code; answers the session cookie and the referral code. */
export async function signUpVolunteer(
  server: TestServer,
  fields: Partial<typeof SIGN_UP> & { guardianConsent?: string } = {},
  lang = "en",
): Promise<{ cookie: string; referralCode: string }> {
  const path = `/${lang}/volunteer`;
  const started = await post(server, path, { ...SIGN_UP, ...fields }, { "x-forwarded-for": "" });
  if (started.status !== 200) throw new Error(`sign-up answered ${started.status}`);
  const verified = await post(server, path, { intent: "verify", challenge: challengeOf(started.html), code: await lastCode(server) });
  if (verified.status !== 303) throw new Error(`verify answered ${verified.status}`);
  const cookie = cookieOf(verified.headers);
  const page = await getPage(server, path, { cookie });
  const code = /class="volunteer-code"[^>]*>([A-Z0-9]{8})</.exec(page.html)?.[1];
  if (!code) throw new Error("no referral code on the dashboard");
  return { cookie, referralCode: code };
}
