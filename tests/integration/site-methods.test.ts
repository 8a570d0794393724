/**
 * Methods a page does not take, over raw HTTP (fetch itself refuses TRACE and CONNECT): the ones
 * a fetch `Request` cannot carry (TRACE) are answered 405 before Remix, whose adapter would
 * throw on them (a 500 and an error in the log); others (PROPFIND, DELETE, PUT) get Remix's 405.
 * Neither is an error in the log: a client's probe is not the app failing.
 */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureLogs, ERROR, type LogEntry } from "../fixtures/content";
import { startTestServer, type TestServer } from "../setup/test-server";

function rawRequest(url: string, method: string): Promise<{ status: number; allow: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, allow: res.headers.allow }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("methods a page does not take", () => {
  let server: TestServer;
  let entries: LogEntry[];
  beforeAll(async () => {
    const logs = captureLogs();
    entries = logs.entries;
    server = await startTestServer({ logger: logs.logger });
  });
  afterAll(() => server?.close());

  it.each([
    ["TRACE", "/"],
    ["TRACE", "/en/know-before-you-go"],
    ["TRACE", "/healthz"],
    ["TRACE", "/webhooks/twilio/status"],
  ])("%s %s: 405 with Allow, before Remix", async (method, path) => {
    expect(await rawRequest(`${server.url}${path}`, method)).toEqual({ status: 405, allow: "GET, HEAD, POST" });
  });

  it("logs no error for any of them", async () => {
    for (const method of ["TRACE", "PROPFIND", "DELETE", "PUT"]) {
      expect((await rawRequest(`${server.url}/en`, method)).status, method).toBe(405);
    }
    expect(entries.filter((entry) => entry.level >= ERROR)).toEqual([]);
  });
});
