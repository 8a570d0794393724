/**
 * POST /webhooks/twilio/status through the real server (express + the Remix build): the
 * route is wired, signatures are checked against PUBLIC_BASE_URL (not the Host the request came
 * to), and the body limits hold on a real socket. Database effects are covered, on every
 * database kind, in twilio-status-webhook.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signTwilioRequest } from "~/messaging/twilio-signature.server";
import { startTestServer, type TestServer } from "../setup/test-server";
import { FAKE_ACCOUNT_SID, FAKE_AUTH_TOKEN } from "../mocks/twilio";

const PUBLIC_BASE_URL = "https://campaigns.example.org";
const PATH = "/webhooks/twilio/status?outbox=41";

describe("twilio status webhook over HTTP", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      env: {
        PUBLIC_BASE_URL,
        TWILIO_ACCOUNT_SID: FAKE_ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: FAKE_AUTH_TOKEN,
        TWILIO_SENDERS: "default=+447700900001",
      },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  function post(params: Record<string, string>, signature: string | null): Promise<Response> {
    const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
    if (signature !== null) headers["X-Twilio-Signature"] = signature;
    return fetch(`${server.url}${PATH}`, { method: "POST", headers, body: new URLSearchParams(params).toString() });
  }

  const callback = { MessageSid: `SM${"3".repeat(32)}`, MessageStatus: "delivered" };

  it("answers a valid callback 200 with an empty body (even for a message it does not know)", async () => {
    const response = await post(callback, signTwilioRequest(FAKE_AUTH_TOKEN, `${PUBLIC_BASE_URL}${PATH}`, callback));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
  });

  it("403 when signed for the address the request reached instead of the public URL", async () => {
    const response = await post(callback, signTwilioRequest(FAKE_AUTH_TOKEN, `${server.url}${PATH}`, callback));
    expect(response.status).toBe(403);
  });

  it("403 without a signature", async () => {
    expect((await post(callback, null)).status).toBe(403);
  });

  it("400 with a reason for a malformed callback", async () => {
    const malformed = { MessageSid: "SM123", MessageStatus: "delivered" };
    const response = await post(malformed, signTwilioRequest(FAKE_AUTH_TOKEN, `${PUBLIC_BASE_URL}${PATH}`, malformed));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("MessageSid");
  });

  it("413 for a body over 64 KB", async () => {
    const huge = { ...callback, Padding: "x".repeat(70_000) };
    const response = await post(huge, signTwilioRequest(FAKE_AUTH_TOKEN, `${PUBLIC_BASE_URL}${PATH}`, huge));
    expect(response.status).toBe(413);
  });
});
