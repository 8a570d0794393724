/**
 * The Sanity webhook through the whole app over HTTP (Express, the built Remix bundle, the real
 * content source and database): the raw body reaches the signature check unchanged.
 * Needs the Remix build the global setup makes (run without SKIP_REMIX_BUILD).
 */
import { encodeSignatureHeader } from "@sanity/webhook";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContentSource } from "~/content/content-source.server";
import { parseEnv } from "~/env.server";
import { createLogger } from "~/lib/logger.server";
import { copyDataset, type DatasetCopy } from "../fixtures/content";
import { startTestServer, type TestServer } from "../setup/test-server";

const SECRET = "webhook-secret-for-http-tests-0123";

let dataset: DatasetCopy;
let server: TestServer;

beforeAll(async () => {
  dataset = await copyDataset();
  const env = parseEnv({ NODE_ENV: "test", CONTENT_DATASET_DIR: dataset.dir, SANITY_WEBHOOK_SECRET: SECRET });
  const content = createContentSource({ env, logger: createLogger({ level: "silent" }) });
  server = await startTestServer({ env: { CONTENT_DATASET_DIR: dataset.dir, SANITY_WEBHOOK_SECRET: SECRET }, content });
});
afterAll(async () => {
  await server?.close();
  await dataset?.remove();
});

async function send(body: string, headers: Record<string, string>, method = "POST") {
  return fetch(`${server.url}/webhooks/sanity`, { method, body: method === "GET" ? undefined : body, headers });
}

describe("POST /webhooks/sanity over HTTP", () => {
  it("accepts a signed delivery with a non-ASCII body, invalidates, and recognises its replay", async () => {
    expect((await server.content.siteSettings("en"))?.smsNumber).toBe("+996000000900");
    await dataset.update("siteSettings", (settings) => {
      settings.smsNumber = "+996000000955";
    });
    const body = JSON.stringify({ _id: "siteSettings", title: "Безопасный путь — سفر امن" });
    const headers = {
      "content-type": "application/json",
      "sanity-webhook-signature": await encodeSignatureHeader(body, Date.now(), SECRET),
      "idempotency-key": `http-${Date.now()}`,
    };

    const response = await send(body, headers);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, invalidated: true });
    expect((await server.content.siteSettings("en"))?.smsNumber).toBe("+996000000955");

    const replay = await send(body, headers);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ ok: true, duplicate: true });
  });

  it("refuses a forged signature with 403", async () => {
    const body = JSON.stringify({ _id: "siteSettings" });
    const response = await send(body, {
      "content-type": "application/json",
      "sanity-webhook-signature": await encodeSignatureHeader(body, Date.now(), "a-different-secret-456"),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ ok: false, error: "signature forged" });
  });

  // The route exports only `action`; Remix answers a GET to a resource route without a loader
  // itself (400), and PUT/DELETE reach the action's 405 (see content-webhook.test.ts).
  it("answers GET with a client error and no content", async () => {
    const response = await send("", {}, "GET");
    expect([400, 405]).toContain(response.status);
    expect(await response.text()).not.toContain("siteSettings");
  });
});
