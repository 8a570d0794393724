/**
 * Form posts whose Origin is not ours are refused with a clear 403 before Remix, whose own CSRF
 * guard throws (a 500): another host, and the opaque origin `null` (a sandboxed frame, a data:
 * URL). Nothing is logged as an error. A post from our own origin still works.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureLogs, ERROR, type LogEntry } from "../fixtures/content";
import { startTestServer, type TestServer } from "../setup/test-server";

describe("cross-site form posts", () => {
  let server: TestServer;
  let entries: LogEntry[];
  beforeAll(async () => {
    const logs = captureLogs();
    entries = logs.entries;
    server = await startTestServer({ logger: logs.logger });
  });
  afterAll(() => server?.close());

  const post = (origin: string) =>
    fetch(`${server.url}/dev/phone`, {
      method: "POST",
      headers: { origin, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ number: "+996555000101", channel: "sms", body: "HELP" }),
      redirect: "manual",
    });

  it.each([["null"], ["https://evil.example"]])("refuses Origin %s with 403", async (origin) => {
    const response = await post(origin);
    expect(response.status).toBe(403);
    expect(await response.text()).toBe("Cross-site form posts are refused.");
  });

  it("accepts our own origin", async () => {
    expect((await post(server.url)).status).toBe(303);
  });

  it("logged no error", () => {
    expect(entries.filter((entry) => entry.level >= ERROR)).toEqual([]);
  });
});
