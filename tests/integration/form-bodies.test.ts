/**
 * The sign-in, sign-out, set-password and volunteer forms with bodies that are not a form and
 * methods that are not POST: a clear 4xx, never a 500 and never an error in the log. They read
 * their form with `readPostedForm` like the dev phone (dev-phone-bodies.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureLogs, ERROR, type LogEntry } from "../fixtures/content";
import { startTestServer, type TestServer } from "../setup/test-server";

const FORMS = ["/staff/sign-in", "/staff/sign-out", `/staff/set-password/${"a".repeat(43)}`, "/en/volunteer"];

describe("forms given bodies that are not a form", () => {
  let server: TestServer;
  let entries: LogEntry[];
  beforeAll(async () => {
    const logs = captureLogs();
    entries = logs.entries;
    server = await startTestServer({ logger: logs.logger });
  });
  afterAll(() => server?.close());

  const cases = [
    ["a PUT", { method: "PUT", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "intent=sign-in" }, 405],
    ["a post without a body", { method: "POST" }, 415],
    ["a JSON post", { method: "POST", headers: { "content-type": "application/json" }, body: '{"intent":"sign-in"}' }, 415],
    [
      "a broken multipart post",
      { method: "POST", headers: { "content-type": "multipart/form-data; boundary=xyz" }, body: "--xyz\r\nnot a part" },
      400,
    ],
  ] as const;

  it.each(FORMS.flatMap((path) => cases.map(([label, init, status]) => [path, label, status, init] as const)))(
    "%s, %s: %i, no error logged",
    async (path, _label, status, init) => {
      const response = await fetch(`${server.url}${path}`, { ...init, redirect: "manual" } as RequestInit);
      expect(response.status).toBe(status);
      expect(entries.filter((entry) => entry.level >= ERROR)).toEqual([]);
    },
  );
});
