/**
 * msw handlers for the Twilio Messages API (create and list), answering from the shared fake
 * (tests/fixtures/fake-twilio-server.ts), so the real twilio SDK runs unmodified in tests.
 * Per test: `twilioFake.reset()` in beforeEach, `twilioFake.fail("create", { status, code })` to
 * make calls fail as Twilio does, `twilioFake.calls` / `createsByOutboxId` to see what was asked.
 *   POST https://api.twilio.com/2010-04-01/Accounts/:sid/Messages.json  (form body) → 201 message
 *   GET  https://api.twilio.com/2010-04-01/Accounts/:sid/Messages.json?To=…&PageSize=…  → page
 */
import { http, HttpResponse, type HttpHandler } from "msw";
import { signTwilioRequest } from "~/messaging/twilio-signature.server";
import { FakeTwilioApi, type FakeAnswer } from "../fixtures/fake-twilio-server";

export { FAKE_ACCOUNT_SID, FAKE_AUTH_TOKEN, type TwilioFailure } from "../fixtures/fake-twilio-server";

/** The one fake behind the msw handlers (reset it per test). */
export const twilioFake = new FakeTwilioApi();

const MESSAGES_URL = "https://api.twilio.com/2010-04-01/Accounts/:accountSid/Messages.json";

function toResponse(answer: FakeAnswer): Response {
  if (answer === "network") return HttpResponse.error();
  return HttpResponse.json(answer.json as Record<string, unknown>, { status: answer.status });
}

export const twilioHandlers: HttpHandler[] = [
  http.post(MESSAGES_URL, async ({ request }) => {
    const url = new URL(request.url);
    const form = new URLSearchParams(await request.text());
    return toResponse(twilioFake.handle("POST", url.pathname, url.searchParams, form, request.headers.get("authorization")));
  }),
  http.get(MESSAGES_URL, ({ request }) => {
    const url = new URL(request.url);
    return toResponse(
      twilioFake.handle("GET", url.pathname, url.searchParams, new URLSearchParams(), request.headers.get("authorization")),
    );
  }),
];

/**
 * A webhook request exactly as Twilio sends it: form body, `X-Twilio-Signature` computed with the
 * real algorithm over `publicUrl` (the URL Twilio was given) and the params.
 */
export function signedTwilioRequest(options: {
  /** Where the request is actually sent (a test server, or any URL for a direct action call). */
  url: string;
  /** The public URL Twilio signs (PUBLIC_BASE_URL + path + query). */
  publicUrl: string;
  authToken: string;
  params: Record<string, string>;
  signature?: string | null;
}): Request {
  const signature =
    options.signature === undefined ? signTwilioRequest(options.authToken, options.publicUrl, options.params) : options.signature;
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
  if (signature !== null) headers["X-Twilio-Signature"] = signature;
  return new Request(options.url, { method: "POST", headers, body: new URLSearchParams(options.params).toString() });
}
