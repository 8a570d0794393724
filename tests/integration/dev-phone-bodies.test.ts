/**
 * The dev phone's send form with bodies that are not a form and methods that are not POST: a
 * clear 4xx (405, 415, 400), nothing stored, no error in the log. `request.formData()` used to
 * throw on them, a 500.
 */
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devPhoneMessages, inboundMessages } from "~/db/schema";
import { captureLogs, ERROR, type LogEntry } from "../fixtures/content";
import { startTestServer, type TestServer } from "../setup/test-server";

describe("dev phone: bodies that are not a form", () => {
  let server: TestServer;
  let entries: LogEntry[];
  beforeAll(async () => {
    const logs = captureLogs();
    entries = logs.entries;
    server = await startTestServer({ logger: logs.logger });
  });
  afterAll(() => server?.close());

  const stored = async () => ({
    copies: (await server.db.select({ n: count() }).from(devPhoneMessages))[0]!.n,
    inbound: (await server.db.select({ n: count() }).from(inboundMessages))[0]!.n,
  });

  it.each([
    ["a PUT", { method: "PUT", body: "number=%2B996555000101&channel=sms&body=HELP" }, 405],
    ["a DELETE without a body", { method: "DELETE" }, 405],
    ["a post without a body", { method: "POST" }, 415],
    ["a JSON post", { method: "POST", headers: { "content-type": "application/json" }, body: '{"number":"+996555000101"}' }, 415],
    [
      "a broken multipart post",
      { method: "POST", headers: { "content-type": "multipart/form-data; boundary=xyz" }, body: "--xyz\r\nnot a part" },
      400,
    ],
  ] as const)("%s: %i, nothing stored, no error logged", async (_label, init, status) => {
    const before = await stored();
    const response = await fetch(`${server.url}/dev/phone`, { ...init, redirect: "manual" } as RequestInit);
    expect(response.status).toBe(status);
    expect(await stored()).toEqual(before);
    expect(entries.filter((entry) => entry.level >= ERROR)).toEqual([]);
  });
});
