/**
 * In production the dev phone does not exist, and it must answer exactly like a path that never
 * existed beside it: the same status (404 to a read, 405 to a post, as Remix answers a route
 * without an action), the same bytes and the same headers, so nobody can list which hidden paths
 * there are. Where it does exist it keeps its own title and stylesheet, as the staff pages do
 * (they always exist, behind sign-in: tests/integration/staff-routes.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../setup/test-server";
import { elements, type Fetched } from "./site-helpers";

const PRODUCTION = {
  NODE_ENV: "production",
  PUBLIC_BASE_URL: "https://protect.example.org",
  SESSION_SECRET: "a-production-session-secret-of-40-characters",
};

/** Headers that differ per response whatever the path (the date, the CSP nonce). */
const PER_RESPONSE = new Set(["date", "content-security-policy"]);

async function request(url: string, method: "GET" | "POST"): Promise<Fetched> {
  const response = await fetch(url, {
    method,
    redirect: "manual",
    ...(method === "POST" ? { body: new URLSearchParams({ number: "+996555123456", channel: "sms", body: "JOIN" }), headers: {} } : {}),
  });
  return { status: response.status, headers: response.headers, html: await response.text() };
}

function comparableHeaders(headers: Headers): Record<string, string> {
  const result: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (!PER_RESPONSE.has(name)) result[name] = value;
  });
  result["content-security-policy"] = (headers.get("content-security-policy") ?? "").replace(/'nonce-[^']+'/, "'nonce-…'");
  return result;
}

describe("hidden routes in production", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: PRODUCTION });
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each([
    ["GET", "/dev/phone", "/dev/no-such-page"],
    ["GET", "/dev/phone?number=%2B996555123456&channel=sms", "/dev/no-such-page?number=%2B996555123456&channel=sms"],
    ["POST", "/dev/phone", "/dev/no-such-page"],
    ["GET", "/dev/phone", "/no-such-path"],
  ] as const)("%s %s answers exactly like %s", async (method, path, referencePath) => {
    const reference = await request(`${server.url}${referencePath}`, method);
    const hidden = await request(`${server.url}${path}`, method);
    expect(reference.status).toBe(method === "GET" ? 404 : 405);
    expect(hidden.status).toBe(reference.status);
    expect(hidden.html).toBe(reference.html);
    expect(comparableHeaders(hidden.headers)).toEqual(comparableHeaders(reference.headers));
    expect(hidden.html).not.toMatch(/dev.?phone/i);
  });
});

describe("the same routes where they exist", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each([
    ["/dev/phone", {}, /^Dev phone/, /\/dev-phone-[A-Z0-9]+\.css$/],
    ["/staff/sign-in", {}, /Staff sign-in · staff/, /\/staff-[A-Z0-9]+\.css$/],
  ] as const)("%s keeps its title and its stylesheet, after the site's", async (path, headers, title, stylesheet) => {
    const response = await fetch(`${server.url}${path}`, { headers });
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toMatch(new RegExp(`<title>${title.source.replace(/^\^/, "")}`));
    const sheets = elements(html, "link")
      .filter((link) => link.rel === "stylesheet")
      .map((link) => link.href);
    expect(sheets).toHaveLength(2);
    expect(sheets[0]).toMatch(/\/site-[A-Z0-9]+\.css$/);
    expect(sheets[1]).toMatch(stylesheet);
  });
});
