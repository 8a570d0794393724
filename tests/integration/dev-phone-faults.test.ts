/**
 * The dev phone under faults, on both databases: a text with NUL still reaches the conversation
 * (STOP\0 opts out); the handset's own copy failing to store does not stop the STOP; and when
 * handling fails, the page is a 500 whose log line names the error without quoting the query,
 * its parameters (ciphertexts, blind indexes, the text) or the number.
 */
import { Writable } from "node:stream";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { phoneBlindIndex } from "~/audience/phone-crypto.server";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { subscribers } from "~/db/schema";
import { createLogger } from "~/lib/logger.server";
import { injectFault } from "../setup/database-faults";
import { numberForms } from "../setup/database-dump";
import { DATABASE_KINDS } from "../setup/test-database";
import { startTestServer, type TestServer } from "../setup/test-server";
import { writeInboundTestDataset } from "./twilio-inbound-dataset";

describe.each(DATABASE_KINDS)("the dev phone under faults (%s)", (kind) => {
  let server: TestServer;
  const logLines: string[] = [];
  let counter = 0;
  const nextNumber = () => `+99655500${String(300 + (counter += 1)).padStart(4, "0")}`;

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
        done();
      },
    });
    server = await startTestServer({
      databaseKind: kind,
      logger: createLogger({ level: "debug", destination }),
      env: { LOG_LEVEL: "debug", OUTBOX_RATE_PER_SENDER: "0", CONTENT_DATASET_DIR: writeInboundTestDataset() },
    });
  });
  afterAll(() => server?.close());

  const send = (number: string, body: string) =>
    fetch(`${server.url}/dev/phone?number=${encodeURIComponent(number)}&channel=sms`, {
      method: "POST",
      body: new URLSearchParams({ number, channel: "sms", body }),
      redirect: "manual",
    });
  const statusOf = async (number: string) => {
    const index = phoneBlindIndex(phoneKeyringFromEnv(server.env), number);
    const rows = await server.db.select({ status: subscribers.status }).from(subscribers).where(eq(subscribers.phoneIndex, index));
    return rows[0]?.status;
  };
  function expectCleanLogs(number: string, texts: readonly string[]): void {
    const logs = logLines.join("\n");
    for (const form of numberForms(number)) expect(logs).not.toContain(form);
    expect(logs).not.toContain(phoneBlindIndex(phoneKeyringFromEnv(server.env), number));
    expect(logs).not.toMatch(/v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{20,}/);
    expect(logs).not.toMatch(/params|Failed query|insert into|invalid byte sequence/i);
    for (const text of texts) expect(logs).not.toContain(text);
  }

  it("STOP with a NUL byte opts out", async () => {
    const number = nextNumber();
    expect((await send(number, "JOIN")).status).toBe(303);
    expect((await send(number, "STOP\u0000")).status).toBe(303);
    expect(await statusOf(number)).toBe("opted_out");
  });

  it("the handset's copy cannot be stored: the STOP still takes effect, and the log quotes nothing", async () => {
    const number = nextNumber();
    expect((await send(number, "JOIN")).status).toBe(303);
    const fault = await injectFault(server.db, { table: "dev_phone_messages", operation: "insert", when: "NEW.direction = 'inbound'" });
    try {
      expect((await send(number, "STOP right now")).status).toBe(303);
    } finally {
      await fault.remove();
    }
    expect(await statusOf(number)).toBe("opted_out");
    expect(logLines.some((line) => line.includes("P0001"))).toBe(true);
    expectCleanLogs(number, ["STOP right now"]);
  });

  it("handling fails: a 500 page, and a log line that names the error but no value", async () => {
    const number = nextNumber();
    const fault = await injectFault(server.db, { table: "inbound_messages", operation: "insert" });
    let response: Response;
    try {
      response = await send(number, "where is my passport zq9");
    } finally {
      await fault.remove();
    }
    expect(response.status).toBe(500);
    const line = logLines.find((entry) => entry.includes("unhandled error in a route"));
    expect(line).toBeDefined();
    expect(line).toContain("P0001");
    expectCleanLogs(number, ["where is my passport zq9", "zq9"]);
  });
});
