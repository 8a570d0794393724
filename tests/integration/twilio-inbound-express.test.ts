/**
 * POST /webhooks/twilio/inbound is answered by Express ahead of Remix (server/twilio-inbound.ts):
 * the middleware in front still runs, a body streamed past the limit without a Content-Length is
 * cut off, and other methods still reach the Remix route.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "../setup/test-database";
import { INBOUND_PATH, freshNumber, startInboundServer, type InboundServer } from "./twilio-inbound-harness";

describe.each(DATABASE_KINDS)("inbound webhook served by Express (%s)", (kind) => {
  let server: InboundServer;
  beforeAll(async () => {
    server = await startInboundServer(kind);
  });
  afterAll(() => server?.close());

  it("answers with the security headers and one request log line, never the number", async () => {
    const from = freshNumber("+996", "55");
    const response = await server.send(from, "HELP");
    expect(response.status).toBe(200);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const lines = server.logs.filter((line) => line.includes('"msg":"request"') && line.includes(INBOUND_PATH));
    expect(lines.at(-1)).toContain('"status":200');
    expect(server.logs.join("")).not.toContain(from.slice(1));
  });

  it("answers 413 to a body streamed past 64 KB without a Content-Length, storing nothing", async () => {
    const before = await server.inboundCount();
    const chunk = new TextEncoder().encode(`Body=${"a".repeat(16 * 1024)}`);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Far more than the limit: reading must stop well before the end.
        if (sent >= 64) return controller.close();
        sent += 1;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${server.url}${INBOUND_PATH}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": "c2lnbmF0dXJl" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await server.inboundCount()).toBe(before);
  });

  it("leaves other methods to the Remix route: 405, POST allowed", async () => {
    const response = await fetch(`${server.url}${INBOUND_PATH}`, { method: "PUT", body: "x" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });
});
