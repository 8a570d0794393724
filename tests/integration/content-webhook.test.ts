/**
 * POST /webhooks/sanity, called as Remix calls it: a real Request, a context with a real content
 * source (local backend over a writable copy of the fixture dataset, so an invalidation is seen
 * as changed content) and a real migrated database for delivery receipts.
 */
import type { AppLoadContext } from "@remix-run/node";
import { encodeSignatureHeader } from "@sanity/webhook";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ContentSource } from "~/content/content-source";
import { createContentSource } from "~/content/content-source.server";
import { createMessagingServices } from "~/app-services.server";
import { parseEnv } from "~/env.server";
import { action } from "~/routes/webhooks.sanity";
import { captureLogs, copyDataset, type DatasetCopy, type LogEntry } from "../fixtures/content";
import { createTestDatabase, type TestDatabase } from "../setup/test-database";

const SECRET = "webhook-secret-for-tests-0123456789";
const URL_PATH = "http://localhost/webhooks/sanity";

let database: TestDatabase;
let dataset: DatasetCopy;
let content: ContentSource;
let logs: LogEntry[];
let context: AppLoadContext;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

beforeEach(async () => {
  dataset = await copyDataset();
  const env = parseEnv({ NODE_ENV: "test", CONTENT_DATASET_DIR: dataset.dir, SANITY_WEBHOOK_SECRET: SECRET });
  const { logger, entries } = captureLogs();
  logs = entries;
  content = createContentSource({ env, logger });
  context = {
    env,
    logger,
    content,
    db: database.db,
    ...createMessagingServices(env, { db: database.db, logger }),
    cspNonce: "test-nonce",
    now: () => new Date(),
  };
});
afterEach(async () => {
  await dataset.remove();
});

let deliveries = 0;
/** A delivery as Sanity sends it: JSON projection, signature, idempotency key. */
async function delivery(options: { timestamp?: number; secret?: string; idempotencyKey?: string | null; body?: string } = {}) {
  deliveries += 1;
  const body = options.body ?? JSON.stringify({ _id: "siteSettings", _type: "siteSettings", operation: "update" });
  const signature = await encodeSignatureHeader(body, options.timestamp ?? Date.now(), options.secret ?? SECRET);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "sanity-webhook-signature": signature,
    "sanity-document-id": "siteSettings",
    "sanity-operation": "update",
  };
  const key = options.idempotencyKey === undefined ? `delivery-${deliveries}-${Date.now()}` : options.idempotencyKey;
  if (key !== null) headers["idempotency-key"] = key;
  return { body, headers, signature };
}

function post(request: { body: BodyInit | null; headers: Record<string, string> }, init: RequestInit = {}) {
  return action({
    request: new Request(URL_PATH, { method: "POST", body: request.body, headers: request.headers, ...init }),
    context,
    params: {},
  });
}

/** Changes the dataset on disk; the content source sees it only after an invalidation. */
async function changeSmsNumber(number: string) {
  await dataset.update("siteSettings", (settings) => {
    settings.smsNumber = number;
  });
}
const servedSmsNumber = async () => (await content.siteSettings("en"))?.smsNumber;

describe("a valid delivery", () => {
  it("invalidates the content cache and answers 200", async () => {
    expect(await servedSmsNumber()).toBe("+996000000900");
    await changeSmsNumber("+996000000911");
    expect(await servedSmsNumber()).toBe("+996000000900");

    const response = await post(await delivery());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, invalidated: true });
    expect(await servedSmsNumber()).toBe("+996000000911");
    expect(logs.at(-1)).toMatchObject({ msg: "sanity webhook: content cache invalidated", documentId: "siteSettings" });
  });
});

describe("replays", () => {
  it("answers an identical second delivery 200 duplicate without invalidating", async () => {
    const first = await delivery();
    expect((await post(first)).status).toBe(200);
    await servedSmsNumber();
    await changeSmsNumber("+996000000922");

    const replay = await post(first);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ ok: true, duplicate: true });
    expect(await servedSmsNumber()).toBe("+996000000900");
  });

  it("recognises Sanity's retry of a delivery (same idempotency key, new signature)", async () => {
    const first = await delivery({ idempotencyKey: "retried-delivery" });
    expect(await (await post(first)).json()).toEqual({ ok: true, invalidated: true });
    const retry = await delivery({ idempotencyKey: "retried-delivery", timestamp: Date.now() + 1000 });
    expect(retry.signature).not.toBe(first.signature);
    expect(await (await post(retry)).json()).toEqual({ ok: true, duplicate: true });
  });

  it("recognises a captured delivery replayed with a made-up idempotency key", async () => {
    const first = await delivery();
    await post(first);
    const forgedKey = { ...first, headers: { ...first.headers, "idempotency-key": "something-new" } };
    expect(await (await post(forgedKey)).json()).toEqual({ ok: true, duplicate: true });
  });

  it("falls back to the signature when there is no idempotency key", async () => {
    const first = await delivery({ idempotencyKey: null });
    expect(await (await post(first)).json()).toEqual({ ok: true, invalidated: true });
    expect(await (await post(first)).json()).toEqual({ ok: true, duplicate: true });
  });
});

describe("rejected deliveries", () => {
  async function expectRejected(response: Response, reason: string) {
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ ok: false, error: `signature ${reason}` });
    expect(logs.find((e) => e.msg === "sanity webhook rejected")).toMatchObject({ reason });
  }

  it("refuses a signature made with another secret (forged) without invalidating", async () => {
    await servedSmsNumber();
    await changeSmsNumber("+996000000933");
    await expectRejected(await post(await delivery({ secret: "not-the-right-secret-123" })), "forged");
    expect(await servedSmsNumber()).toBe("+996000000900");
  });

  it("refuses a body changed after signing (forged)", async () => {
    const signed = await delivery();
    await expectRejected(await post({ ...signed, body: signed.body.replace("update", "delete") }), "forged");
  });

  it("refuses a request without a signature (missing)", async () => {
    const signed = await delivery();
    const { "sanity-webhook-signature": _signature, ...headers } = signed.headers;
    await expectRejected(await post({ body: signed.body, headers }), "missing");
  });

  it("refuses an authentic delivery older than five minutes (stale)", async () => {
    await expectRejected(await post(await delivery({ timestamp: Date.now() - 6 * 60_000 })), "stale");
  });

  it("refuses a timestamp in the future (future)", async () => {
    await expectRejected(await post(await delivery({ timestamp: Date.now() + 5 * 60_000 })), "future");
  });

  it("never logs the body", async () => {
    await post(await delivery({ secret: "not-the-right-secret-123", body: '{"secretText":"do-not-log"}' }));
    expect(JSON.stringify(logs)).not.toContain("do-not-log");
  });
});

describe("request limits", () => {
  it("answers 413 to a body over 1 MB declared by Content-Length", async () => {
    const big = "x".repeat(1024 * 1024 + 1);
    const signed = await delivery({ body: big });
    const response = await post(signed);
    expect(response.status).toBe(413);
  });

  it("answers 413 to a streamed body that grows over 1 MB", async () => {
    const chunk = new Uint8Array(256 * 1024).fill(120);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 5) controller.close();
        else {
          sent += 1;
          controller.enqueue(chunk);
        }
      },
    });
    const signed = await delivery();
    const response = await post({ body: stream, headers: signed.headers }, { duplex: "half" } as RequestInit);
    expect(response.status).toBe(413);
  });

  it.each(["GET", "PUT", "DELETE"])("answers 405 to %s", async (method) => {
    const response = await action({ request: new Request(URL_PATH, { method }), context, params: {} });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });
});

describe("a production site on the local dataset", () => {
  it("has no webhook: even a delivery signed with the development secret is refused", async () => {
    const env = parseEnv({
      NODE_ENV: "production",
      PUBLIC_BASE_URL: "https://campaigns.example.org",
      SESSION_SECRET: "a-session-secret-of-at-least-32-characters",
      CONTENT_DATASET_DIR: dataset.dir,
    });
    context = { ...context, env };
    const response = await post(await delivery({ secret: env.SANITY_WEBHOOK_SECRET }));
    expect(response.status).toBe(404);
  });
});

describe("without the receipt store", () => {
  it("answers 503 so Sanity retries, and does not invalidate", async () => {
    const closed = await createTestDatabase();
    await closed.close();
    context = { ...context, db: closed.db };
    await servedSmsNumber();
    await changeSmsNumber("+996000000944");
    const response = await post(await delivery());
    expect(response.status).toBe(503);
    expect(await servedSmsNumber()).toBe("+996000000900");
    expect(logs.find((e) => e.msg === "sanity webhook: receipt store failed")).toBeDefined();
  });
});
