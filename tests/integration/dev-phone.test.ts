/**
 * The dev phone (/dev/phone) over HTTP: only with the local transport outside production; a
 * script-free page whose send form (POST → 303) drives the real conversation, whose replies
 * arrive through the real outbox dispatcher and local transport; validation errors as 400s with
 * a reason; no phone number in the logs or in plaintext in the database.
 */
import { Writable } from "node:stream";
import { count, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { devPhoneMessages, subscribers } from "~/db/schema";
import { DEFAULT_SMS_REPLIES } from "~/i18n/sms-replies";
import { createLogger } from "~/lib/logger.server";
import { createTransport } from "~/messaging/transports/transports.server";
import { dispatchOnce, newWorkerId, type DispatchReport } from "~/outbox/dispatcher.server";
import { FAKE_ACCOUNT_SID, FAKE_AUTH_TOKEN } from "../fixtures/fake-twilio-server";
import { startTestServer, type TestServer } from "../setup/test-server";
import { elements, get, text, expectOnlyTheQuickExitScript } from "./site-helpers";
import { writeInboundTestDataset } from "./twilio-inbound-dataset";

const KG_NUMBER = "+996555000101";
const IQ_NUMBER = "+9647700000107";
const { ky } = DEFAULT_SMS_REPLIES;

function threadPath(number: string, channel: "sms" | "whatsapp" = "sms"): string {
  return `/dev/phone?${new URLSearchParams({ number, channel }).toString()}`;
}

function post(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, { method: "POST", body: new URLSearchParams(fields), redirect: "manual" });
}

/** The thread's bubbles, in page order: direction, text and status. */
function bubbles(html: string): Array<{ direction: string; body: string; status: string }> {
  return [...html.matchAll(/<li class="dev-bubble[^"]*" data-direction="(inbound|outbound)">([\s\S]*?)<\/li>/g)].map((match) => {
    const inner = match[2]!;
    const body = /<p dir="auto" class="dev-bubble-body">([\s\S]*?)<\/p>/.exec(inner)?.[1] ?? "";
    const status = /<span class="dev-bubble-status">([\s\S]*?)<\/span>/.exec(inner)?.[1] ?? "";
    return { direction: match[1]!, body: text(body).trim(), status: text(status).trim() };
  });
}

function refreshes(html: string): boolean {
  return elements(html, "meta").some((meta) => meta["http-equiv"] === "refresh");
}

describe("the dev phone with the local transport", () => {
  let server: TestServer;
  const logLines: string[] = [];
  let dispatch: () => Promise<DispatchReport>;

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
        done();
      },
    });
    const logger = createLogger({ level: "debug", destination });
    // The conversation tests' dataset: the sample one has no Kyrgyz regions to make a menu of.
    server = await startTestServer({
      logger,
      env: { LOG_LEVEL: "debug", OUTBOX_RATE_PER_SENDER: "0", CONTENT_DATASET_DIR: writeInboundTestDataset() },
    });
    const keyring = phoneKeyringFromEnv(server.env);
    const transport = createTransport(server.env, { db: server.db, keyring, logger });
    const workerId = newWorkerId();
    // One dispatcher tick, as the in-process job would run it about every second.
    dispatch = () => dispatchOnce({ db: server.db, transport, keyring, logger, env: server.env, workerId });
  });
  afterAll(async () => {
    await server?.close();
  });

  /** Sends a text from the page's form; expects the redirect back to the thread. */
  async function send(number: string, body: string, channel: "sms" | "whatsapp" = "sms"): Promise<void> {
    const response = await post(`${server.url}${threadPath(number, channel)}`, { number, channel, body });
    expect(response.status, `send "${body}"`).toBe(303);
    expect(response.headers.get("location")).toBe(threadPath(number, channel));
  }

  it("serves a script-free, uncached, unindexed page with the presets and the simulated failures", async () => {
    const page = await get(`${server.url}/dev/phone`);
    expect(page.status).toBe(200);
    expectOnlyTheQuickExitScript(page.html);
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(elements(page.html, "meta").find((meta) => meta.name === "robots")?.content).toContain("noindex");
    const links = elements(page.html, "a").map((a) => a.href);
    for (const preset of [
      "+996555000101",
      "+992930000102",
      "+998900000103",
      "+77010000104",
      "+93700000105",
      "+923000000106",
      "+9647700000107",
    ]) {
      expect(links).toContain(threadPath(preset));
    }
    const words = text(page.html);
    expect(words).toContain("Development only");
    expect(words).toContain("Messages never leave this machine");
    for (const suffix of ["9930003", "9921610", "9921211", "9930005", "9920429", "9950003"]) expect(words).toContain(suffix);
  });

  it("puts a typed number into its E.164 form in the URL, and rejects a bad one inline with a 400", async () => {
    const typed = await get(`${server.url}/dev/phone?number=${encodeURIComponent("+996 555 000 101")}&channel=sms`);
    expect(typed.status).toBe(302);
    expect(typed.headers.get("location")).toBe(threadPath(KG_NUMBER));

    const bad = await get(`${server.url}/dev/phone?number=hello&channel=sms`);
    expect(bad.status).toBe(400);
    expect(text(bad.html)).toContain("Not a phone number: contains letters");
    expect(elements(bad.html, "input").find((input) => input.name === "number")?.["aria-invalid"]).toBe("true");
  });

  it("runs JOIN → language menu → region menu, then STOP, after which nothing more is answered", async () => {
    await send(KG_NUMBER, "JOIN");
    let page = await get(`${server.url}${threadPath(KG_NUMBER)}`);
    expect(page.status).toBe(200);
    // The reply is in the outbox: the page waits for it and refreshes itself.
    expect(text(page.html)).toContain("Waiting for the reply…");
    expect(refreshes(page.html)).toBe(true);
    expect(bubbles(page.html)).toEqual([{ direction: "inbound", body: "JOIN", status: "received" }]);

    expect((await dispatch()).sent).toBe(1);
    page = await get(`${server.url}${threadPath(KG_NUMBER)}`);
    expect(refreshes(page.html)).toBe(false);
    expect(text(page.html)).not.toContain("Waiting for the reply…");
    let thread = bubbles(page.html);
    expect(thread).toHaveLength(2);
    expect(thread[1]).toMatchObject({ direction: "outbound", status: "delivered" });
    expect(thread[1]!.body).toContain(ky.languageMenuHeader);
    // (text() folds the menu's line breaks into spaces.)
    expect(thread[1]!.body).toMatch(/1 Кыргызча\s+2 Русский/);

    await send(KG_NUMBER, "1");
    await dispatch();
    thread = bubbles((await get(`${server.url}${threadPath(KG_NUMBER)}`)).html);
    expect(thread.map((bubble) => bubble.direction)).toEqual(["inbound", "outbound", "inbound", "outbound"]);
    expect(thread[3]!.body.startsWith(ky.regionMenuHeader)).toBe(true);
    expect(thread[3]!.body).toContain("Ош облусу");

    await send(KG_NUMBER, "STOP");
    await dispatch();
    thread = bubbles((await get(`${server.url}${threadPath(KG_NUMBER)}`)).html);
    expect(thread).toHaveLength(6);
    expect(thread[5]!.direction).toBe("outbound");
    expect(thread[5]!.body).toContain(ky.stopConfirmation);

    await send(KG_NUMBER, "hello");
    await dispatch();
    page = await get(`${server.url}${threadPath(KG_NUMBER)}`);
    thread = bubbles(page.html);
    expect(thread).toHaveLength(7);
    expect(thread[6]).toEqual({ direction: "inbound", body: "hello", status: "received, no reply (opted-out)" });
    expect(refreshes(page.html)).toBe(false);

    // The subscriber's consent came from the dev phone.
    const consent = await server.db.select({ source: subscribers.consentSource }).from(subscribers).where(isNotNull(subscribers.consentAt));
    expect(consent.map((row) => row.source)).toContain("dev-phone");
    // The number is listed as recently used (decrypted for display).
    expect(elements((await get(`${server.url}/dev/phone`)).html, "a").map((a) => a.href)).toContain(threadPath(KG_NUMBER));
  });

  it("keeps WhatsApp apart from SMS, and shows a failed send with its error code", async () => {
    await send(IQ_NUMBER, "HELP", "whatsapp");
    await dispatch();
    const whatsapp = bubbles((await get(`${server.url}${threadPath(IQ_NUMBER, "whatsapp")}`)).html);
    expect(whatsapp.map((bubble) => bubble.direction)).toEqual(["inbound", "outbound"]);
    expect(bubbles((await get(`${server.url}${threadPath(IQ_NUMBER, "sms")}`)).html)).toEqual([]);

    // …9921211: the local transport fails it as Twilio would an invalid number (never retried).
    const failing = "+996559921211";
    await send(failing, "HELP");
    await dispatch();
    const thread = bubbles((await get(`${server.url}${threadPath(failing)}`)).html);
    expect(thread).toHaveLength(2);
    expect(thread[1]).toMatchObject({ direction: "outbound", status: "failed (error 21211)" });
    expect(thread[1]!.body.length).toBeGreaterThan(0);
  });

  it("answers a bad send with 400 and the reason, and stores nothing", async () => {
    const stored = async () => (await server.db.select({ n: count() }).from(devPhoneMessages))[0]?.n;
    const before = await stored();

    const badNumber = await post(`${server.url}/dev/phone`, { number: "+996 5550001", channel: "sms", body: "JOIN" });
    expect(badNumber.status).toBe(400);
    expect(text(await badNumber.text())).toContain("Not a phone number: too short for a KG number");

    const empty = await post(`${server.url}${threadPath(KG_NUMBER)}`, { number: KG_NUMBER, channel: "sms", body: "   " });
    expect(empty.status).toBe(400);
    const emptyHtml = await empty.text();
    expect(text(emptyHtml)).toContain("Type a message to send.");
    expect(elements(emptyHtml, "textarea")[0]?.["aria-invalid"]).toBe("true");

    const tooLong = await post(`${server.url}${threadPath(KG_NUMBER)}`, { number: KG_NUMBER, channel: "sms", body: "x".repeat(1_601) });
    expect(tooLong.status).toBe(400);
    expect(text(await tooLong.text())).toContain("at most 1600 characters");

    const badChannel = await post(`${server.url}${threadPath(KG_NUMBER)}`, { number: KG_NUMBER, channel: "fax", body: "JOIN" });
    expect(badChannel.status).toBe(400);
    expect(text(await badChannel.text())).toContain("Choose SMS or WhatsApp.");

    expect(await stored()).toBe(before);
  });

  it("keeps phone numbers out of the logs and out of the database in plaintext", async () => {
    expect(logLines.length).toBeGreaterThan(10);
    expect(logLines.some((line) => line.includes('"inbound message handled"'))).toBe(true);
    for (const number of [KG_NUMBER, IQ_NUMBER]) {
      const digits = number.slice(1);
      const national = digits.slice(-9);
      for (const line of logLines) {
        expect(line).not.toContain(digits);
        expect(line).not.toContain(national);
      }
    }
    const stored = await server.db
      .select({ ciphertext: devPhoneMessages.phoneCiphertext, index: devPhoneMessages.phoneIndex })
      .from(devPhoneMessages);
    expect(stored.length).toBeGreaterThanOrEqual(10);
    const dump = JSON.stringify(stored);
    expect(dump).not.toContain(KG_NUMBER.slice(1));
    expect(dump).not.toContain(IQ_NUMBER.slice(1));
  });
});

describe("the dev phone elsewhere", () => {
  it("is a 404 when Twilio is configured", async () => {
    const server = await startTestServer({
      env: { TWILIO_ACCOUNT_SID: FAKE_ACCOUNT_SID, TWILIO_AUTH_TOKEN: FAKE_AUTH_TOKEN, TWILIO_SENDERS: "default=+447700900001" },
    });
    try {
      expect(server.env.messagingTransport).toBe("twilio");
      expect((await get(`${server.url}/dev/phone`)).status).toBe(404);
      expect((await get(`${server.url}${threadPath(KG_NUMBER)}`)).status).toBe(404);
      // A post gets what a post to any unknown path gets: Remix's 405 (see app/http/hidden-route.ts).
      expect((await post(`${server.url}/dev/phone`, { number: KG_NUMBER, channel: "sms", body: "JOIN" })).status).toBe(405);
    } finally {
      await server.close();
    }
  });

  it("is a 404 in production", async () => {
    const server = await startTestServer({
      env: {
        NODE_ENV: "production",
        PUBLIC_BASE_URL: "https://campaigns.example.org",
        SESSION_SECRET: "a-production-session-secret-of-at-least-32-characters",
      },
    });
    try {
      expect(server.env.messagingTransport).toBe("local");
      expect((await get(`${server.url}/dev/phone`)).status).toBe(404);
      expect((await post(`${server.url}/dev/phone`, { number: KG_NUMBER, channel: "sms", body: "JOIN" })).status).toBe(405);
      expect((await server.db.select({ n: count() }).from(devPhoneMessages))[0]?.n).toBe(0);
    } finally {
      await server.close();
    }
  });
});
