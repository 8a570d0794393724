/**
 * Request targets that are not a path, over raw HTTP (fetch only sends paths): the absolute form
 * is served as its path (its host ignored), `OPTIONS *` answers what the server allows, anything
 * else is a 400; none of them a 500 or an error in the log.
 */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureLogs, ERROR, type LogEntry } from "../fixtures/content";
import { startTestServer, type TestServer } from "../setup/test-server";

function rawRequest(
  base: string,
  target: string,
  method = "GET",
): Promise<{ status: number; location: string | undefined; allow: string | undefined }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path: target, method }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, allow: res.headers.allow }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("request targets that are not a path", () => {
  let server: TestServer;
  let entries: LogEntry[];
  beforeAll(async () => {
    const logs = captureLogs();
    entries = logs.entries;
    server = await startTestServer({ logger: logs.logger });
  });
  afterAll(() => server?.close());

  it("serves an absolute-form target as its path, whatever host it names", async () => {
    expect((await rawRequest(server.url, "http://evil.example/en")).status).toBe(200);
    expect((await rawRequest(server.url, "https://evil.example/en/no-such-campaign?x=1")).status).toBe(404);
    // The locale-case redirect sees the path too, and points at our own path.
    expect(await rawRequest(server.url, "http://evil.example/EN")).toMatchObject({ status: 301, location: "/en" });
  });

  it("answers OPTIONS * with what the server allows", async () => {
    expect(await rawRequest(server.url, "*", "OPTIONS")).toMatchObject({ status: 204, allow: "GET, HEAD, POST" });
  });

  it.each([["*"], ["ftp://evil.example/x"], ["evil.example:80"]])("answers %s with a 400", async (target) => {
    expect((await rawRequest(server.url, target)).status).toBe(400);
  });

  it("logged no error", () => {
    expect(entries.filter((entry) => entry.level >= ERROR)).toEqual([]);
  });
});
