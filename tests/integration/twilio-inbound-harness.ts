/**
 * The real app over HTTP for the inbound webhook tests: a Twilio-configured environment, the
 * conversation test dataset, a logger whose every line is captured, and helpers to send signed
 * webhook requests (the real signature algorithm) and read what was queued for a number.
 */
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { asc, eq } from "drizzle-orm";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { phoneBlindIndex, type PhoneKeyring } from "~/audience/phone-crypto.server";
import { inboundMessages, outboxMessages, subscribers } from "~/db/schema";
import { createLogger } from "~/lib/logger.server";
import { signTwilioRequest } from "~/messaging/twilio-signature.server";
import { startTestServer, type TestServer } from "../setup/test-server";
import type { TestDatabase } from "../setup/test-database";
import { writeInboundTestDataset } from "./twilio-inbound-dataset";

export const AUTH_TOKEN = "test-twilio-auth-token-0123456789";
/** Twilio calls the public URL; the test server listens elsewhere (as behind a proxy). */
export const PUBLIC_BASE_URL = "https://campaigns.example.org";
export const INBOUND_PATH = "/webhooks/twilio/inbound";
export const OUR_KG_NUMBER = "+996000000900";
/** Our WhatsApp sender: a dialable number, so "is it our own number" is what stops a reply to it. */
export const OUR_WHATSAPP_NUMBER = "+996312000900";

export interface InboundServer extends TestServer {
  keyring: PhoneKeyring;
  /** Every log line the app wrote (pino JSON). */
  logs: string[];
  /** POSTs a signed inbound webhook; returns the response. */
  send(from: string, body: string, extra?: Record<string, string>): Promise<Response>;
  /** Bodies queued for a number, oldest first. */
  repliesTo(e164: string): Promise<string[]>;
  subscriberOf(e164: string): Promise<typeof subscribers.$inferSelect | undefined>;
  inboundCount(): Promise<number>;
  /** Every outbox row, whoever it is for. */
  outboxCount(): Promise<number>;
}

export function newMessageSid(): string {
  return `SM${randomBytes(16).toString("hex")}`;
}

let numberCounter = 0;
/**
 * A fresh number per test: `+996 55x xxx xxx` etc., so tests never share a conversation. The
 * prefixes must make valid mobile numbers (7 digits follow): the app answers no other sender.
 */
const issuedNumbers = new Set<string>();

/** A new valid number under the prefix, of the given line type (a mobile unless told otherwise). */
export function freshNumber(countryPrefix: string, nationalPrefix: string, lineType: "MOBILE" | "FIXED_LINE" = "MOBILE"): string {
  // Valid for its country and type: some ranges under a prefix are unassigned (under +996 60 only
  // a tenth is). Steps of 7,919 pass every part of the 10,000,000 suffixes within 1,263 attempts,
  // so a valid range is always found wherever the clock starts the walk.
  for (let attempt = 0; attempt < 2_000; attempt += 1) {
    numberCounter += 1;
    // Spread over the whole range, so a retry leaves an unassigned sub-range behind.
    const suffix = String((Date.now() * 131 + numberCounter * 7_919) % 10_000_000).padStart(7, "0");
    const candidate = `${countryPrefix}${nationalPrefix}${suffix}`;
    const parsed = parsePhoneNumberFromString(candidate);
    if (issuedNumbers.has(candidate) || !parsed?.isValid() || parsed.getType() !== lineType) continue;
    issuedNumbers.add(candidate);
    return candidate;
  }
  throw new Error(`no valid ${lineType} number starts with ${countryPrefix} ${nationalPrefix}`);
}

export function signedRequest(url: string, params: Record<string, string>, signature?: string | null): Request {
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
  const value = signature === undefined ? signTwilioRequest(AUTH_TOKEN, `${PUBLIC_BASE_URL}${INBOUND_PATH}`, params) : signature;
  if (value !== null) headers["X-Twilio-Signature"] = value;
  return new Request(url, { method: "POST", headers, body: new URLSearchParams(params).toString() });
}

export async function startInboundServer(
  kind: "pglite" | "postgres",
  env: Record<string, string> = {},
  options: { reach?: boolean; database?: TestDatabase } = {},
): Promise<InboundServer> {
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(chunk.toString());
      callback();
    },
  });
  const logger = createLogger({ level: "debug", destination });
  const server = await startTestServer({
    databaseKind: kind,
    database: options.database,
    logger,
    reach: options.reach,
    env: {
      PUBLIC_BASE_URL,
      CONTENT_DATASET_DIR: writeInboundTestDataset(),
      TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_SENDERS: `KG=${OUR_KG_NUMBER},default=+447000000900`,
      TWILIO_WHATSAPP_SENDER: OUR_WHATSAPP_NUMBER,
      LOG_LEVEL: "debug",
      ...env,
    },
  });
  const keyring = phoneKeyringFromEnv(server.env);
  const indexOf = (e164: string) => phoneBlindIndex(keyring, e164);
  return {
    ...server,
    keyring,
    logs,
    async send(from, body, extra = {}) {
      const params = {
        MessageSid: newMessageSid(),
        AccountSid: `AC${"0".repeat(32)}`,
        From: from,
        To: OUR_KG_NUMBER,
        Body: body,
        NumMedia: "0",
        ...extra,
      };
      return fetch(signedRequest(`${server.url}${INBOUND_PATH}`, params));
    },
    async repliesTo(e164) {
      const rows = await server.db
        .select({ body: outboxMessages.body })
        .from(outboxMessages)
        .where(eq(outboxMessages.recipientIndex, indexOf(e164)))
        .orderBy(asc(outboxMessages.id));
      return rows.map((row) => row.body ?? "");
    },
    async subscriberOf(e164) {
      const rows = await server.db
        .select()
        .from(subscribers)
        .where(eq(subscribers.phoneIndex, indexOf(e164)));
      return rows[0];
    },
    async inboundCount() {
      return (await server.db.select({ sid: inboundMessages.messageSid }).from(inboundMessages)).length;
    },
    async outboxCount() {
      return (await server.db.select({ id: outboxMessages.id }).from(outboxMessages)).length;
    },
  };
}

/** Sends and expects Twilio's empty TwiML answer. */
export async function sendOk(server: InboundServer, from: string, body: string, extra?: Record<string, string>): Promise<void> {
  const response = await server.send(from, body, extra);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`inbound webhook answered ${response.status}: ${text}`);
}
