/**
 * Inbound burst over HTTP: 2,000 signed Twilio deliveries from 500 numbers (CI: 600 from 150),
 * sent as fast as 64 connections allow, with Twilio's duplicate deliveries of one MessageSid sent
 * in parallel and STOPs mixed in. Each number's messages go in order (a person types one after
 * another); numbers are interleaved. Then, from the database: every message handled exactly once
 * (one inbound row per MessageSid), one reply per message (none per duplicate), and every STOP
 * honoured (the number opted out, its confirmation queued, exempt from the opt-out). On PostgreSQL,
 * where the deliveries really run concurrently, and on PGlite.
 */
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inboundMessages } from "~/db/schema";
import { DATABASE_KINDS } from "../setup/test-database";
import {
  INBOUND_PATH,
  OUR_KG_NUMBER,
  freshNumber,
  newMessageSid,
  signedRequest,
  startInboundServer,
  type InboundServer,
} from "../integration/twilio-inbound-harness";
import { checkRepliesAndStops } from "./inbound-checks";
import { loadSize } from "./load-kit";

const NUMBERS = loadSize(500, 150);
const DELIVERIES = loadSize(2_000, 600);
const CONNECTIONS = 64;

interface Message {
  sid: string;
  from: string;
  body: string;
  /** How many times Twilio delivers it (retries), all at once. */
  deliveries: number;
}

/**
 * Per number, 1 to 4 distinct messages; about one number in five ends with STOP. Duplicates fill
 * the rest of the delivery budget, spread over the messages.
 */
function planBurst(): Map<string, Message[]> {
  const plan = new Map<string, Message[]>();
  let deliveries = 0;
  const numbers = Array.from({ length: NUMBERS }, () => freshNumber("+996", "55"));
  const distinctPerNumber = Math.max(1, Math.floor((DELIVERIES * 0.75) / NUMBERS));
  numbers.forEach((from, n) => {
    const messages: Message[] = [];
    for (let i = 0; i < distinctPerNumber; i += 1) {
      const last = i === distinctPerNumber - 1;
      messages.push({ sid: newMessageSid(), from, body: last && n % 5 === 0 ? "STOP" : "HELP", deliveries: 1 });
      deliveries += 1;
    }
    plan.set(from, messages);
  });
  // Twilio's retries: a few messages delivered 2–4 times, at once.
  const all = [...plan.values()].flat();
  for (let i = 0; deliveries < DELIVERIES; i = (i + 7) % all.length) {
    const extra = Math.min(1 + (i % 3), DELIVERIES - deliveries);
    all[i]!.deliveries += extra;
    deliveries += extra;
  }
  return plan;
}

async function deliver(server: InboundServer, message: Message): Promise<number[]> {
  const params = {
    MessageSid: message.sid,
    AccountSid: `AC${"0".repeat(32)}`,
    From: message.from,
    To: OUR_KG_NUMBER,
    Body: message.body,
    NumMedia: "0",
  };
  const responses = await Promise.all(
    Array.from({ length: message.deliveries }, async () => {
      const response = await fetch(signedRequest(`${server.url}${INBOUND_PATH}`, params));
      await response.text();
      return response.status;
    }),
  );
  return responses;
}

describe.each(DATABASE_KINDS)("inbound burst (%s)", (kind) => {
  let server: InboundServer;
  beforeAll(async () => {
    server = await startInboundServer(kind, { LOG_LEVEL: "warn" });
  });
  afterAll(() => server?.close());

  it(`${DELIVERIES} deliveries from ${NUMBERS} numbers: each message once, one reply each, every STOP honoured`, async () => {
    const plan = planBurst();
    const queue = [...plan.values()];
    const statuses: number[] = [];
    const started = performance.now();
    // 64 workers, each taking the next number and sending its messages in order.
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        for (let messages = queue.shift(); messages; messages = queue.shift()) {
          for (const message of messages) statuses.push(...(await deliver(server, message)));
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const messages = [...plan.values()].flat();
    console.log(
      `inbound burst (${kind}): ${statuses.length} deliveries of ${messages.length} messages in ${seconds.toFixed(1)} s (${Math.round(statuses.length / seconds)}/s)`,
    );

    expect(statuses.length).toBe(DELIVERIES);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);

    // Exactly once: one inbound row per MessageSid, and no other.
    const [inbound] = await server.db.select({ n: count() }).from(inboundMessages);
    expect(inbound!.n).toBe(messages.length);

    // One reply per message, for every number; each STOP confirmed once and in force, no one else opted out.
    const check = await checkRepliesAndStops(server, new Map([...plan].map(([from, sent]) => [from, sent.map((message) => message.body)])));
    expect(check.wrong).toEqual([]);
    expect(check.optedOut).toEqual(check.stopped);
  });
});
