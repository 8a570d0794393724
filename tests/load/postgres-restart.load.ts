/**
 * PostgreSQL crashing and coming back under inbound load, seen from the web process: the app runs
 * on a throwaway cluster while 16 senders deliver signed Twilio messages (HELP, and STOP from one
 * number in two); when a third of them are answered the cluster is stopped in immediate mode (a
 * crash: sessions cut mid-transaction, recovery on start) and started again 1.5 s later. The same
 * app process carries on, with no restart.
 *
 * "Loses nothing it acknowledged": every message answered 200 is in the database, its reply
 * queued, its STOP in force and confirmed (a confirmation the crash kept from being queued is
 * owed and paid by the retry, decision 032). A message not answered 200 is delivered again after
 * a pause, the way Twilio retries through a connection override, until it is; in the end each
 * message is handled exactly once and every number has one reply per message. Pages keep answering while the
 * database is away (they need no database: content comes from memory), and afterwards every
 * connection is back in the pool (app/db/postgres-pool.server.ts).
 * PostgreSQL only (PGlite lives inside the process); the server binaries come from
 * /usr/lib/postgresql or PG_BIN_DIR, as for the worker's restart test (tests/faults).
 */
import { count } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~/db/client.server";
import { migrateDatabase } from "~/db/migrate.server";
import { inboundMessages } from "~/db/schema";
import { postgresBinDir, startPostgresCluster, type PostgresCluster } from "../faults/postgres-cluster";
import {
  INBOUND_PATH,
  OUR_KG_NUMBER,
  freshNumber,
  newMessageSid,
  signedRequest,
  startInboundServer,
  type InboundServer,
} from "../integration/twilio-inbound-harness";
import { missing } from "../setup/requirements";
import type { TestDatabase } from "../setup/test-database";
import { checkRepliesAndStops } from "./inbound-checks";
import { loadSize } from "./load-kit";

const NUMBERS = loadSize(200, 60);
const MESSAGES_PER_NUMBER = 4;
const SENDERS = 16;
const DOWN_MS = 1_500;
/** How long a sender waits before delivering a message again that was not answered 200. */
const RETRY_AFTER_MS = 300;
const REQUEST_TIMEOUT_MS = 15_000;
const binDir = postgresBinDir();

interface Message {
  sid: string;
  from: string;
  body: "HELP" | "STOP";
  /** Every answer it got, in order: the last is 200. */
  statuses: number[];
}

/**
 * Per number, HELP three times then HELP or STOP (one number in two stops: a STOP's opt-out and
 * its confirmation are two commits, and the crash should fall between them now and then).
 */
function plan(): Message[][] {
  return Array.from({ length: NUMBERS }, (_, n) => {
    const from = freshNumber("+996", "55");
    return Array.from({ length: MESSAGES_PER_NUMBER }, (_, i) => ({
      sid: newMessageSid(),
      from,
      body: i === MESSAGES_PER_NUMBER - 1 && n % 2 === 0 ? "STOP" : "HELP",
      statuses: [],
    }));
  });
}

async function deliverOnce(server: InboundServer, message: Message): Promise<number> {
  const request = signedRequest(`${server.url}${INBOUND_PATH}`, {
    MessageSid: message.sid,
    AccountSid: `AC${"0".repeat(32)}`,
    From: message.from,
    To: OUR_KG_NUMBER,
    Body: message.body,
    NumMedia: "0",
  });
  try {
    const response = await fetch(request, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    await response.text();
    return response.status;
  } catch {
    return 0; // no answer at all: the same as an error for Twilio
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(missing("PostgreSQL server binaries", binDir !== null, "apt-get install -y postgresql, or set PG_BIN_DIR"))(
  "PostgreSQL restarting under inbound load",
  () => {
    let cluster: PostgresCluster;
    let database: TestDatabase;
    let server: InboundServer;

    beforeAll(async () => {
      cluster = await startPostgresCluster(binDir!);
      const admin = new pg.Client({ connectionString: cluster.adminUrl });
      await admin.connect();
      await admin.query("create database restart_load");
      await admin.end();
      const url = cluster.urlFor("restart_load");
      const handle = await openDatabase({ kind: "postgres", url });
      await migrateDatabase(handle);
      database = { db: handle.db, kind: "postgres", handle, url, close: () => handle.close() };
      server = await startInboundServer("postgres", { LOG_LEVEL: "warn" }, { database });
    }, 120_000);
    let closedInTest = false;
    afterAll(async () => {
      if (!closedInTest) {
        await server?.close();
        await database?.close();
      }
      await cluster?.destroy();
    });

    it(`${NUMBERS * MESSAGES_PER_NUMBER} messages, a crash and restart in the middle: nothing acknowledged is lost, each message handled once`, async () => {
      const numbers = plan();
      const total = numbers.length * MESSAGES_PER_NUMBER;
      const queue = [...numbers];
      let answered = 0;
      let restart: Promise<void> | undefined;
      const outage = { from: 0, to: 0 };
      const pagesWhileDown: number[] = [];
      const crashAndRestart = async () => {
        await cluster.stop("immediate");
        outage.from = performance.now();
        // A visitor reading a campaign page while the database is away.
        const page = fetch(`${server.url}/`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
          .then(async (response) => {
            await response.text();
            pagesWhileDown.push(response.status);
          })
          .catch(() => pagesWhileDown.push(0));
        await sleep(DOWN_MS);
        await page;
        await cluster.start();
        outage.to = performance.now();
      };
      const started = performance.now();
      await Promise.all(
        Array.from({ length: SENDERS }, async () => {
          for (let messages = queue.shift(); messages; messages = queue.shift()) {
            for (const message of messages) {
              for (;;) {
                const status = await deliverOnce(server, message);
                message.statuses.push(status);
                if (status === 200) break;
                await sleep(RETRY_AFTER_MS);
              }
              answered += 1;
              if (!restart && answered >= total / 3) restart = crashAndRestart();
            }
          }
        }),
      );
      await restart;
      const seconds = (performance.now() - started) / 1000;
      const messages = numbers.flat();
      const failedAnswers = messages.flatMap((message) => message.statuses.filter((status) => status !== 200));
      console.info(
        `postgres restart under load: ${total} messages in ${seconds.toFixed(1)} s; database away ${((outage.to - outage.from) / 1000).toFixed(1)} s; ` +
          `answers other than 200: ${failedAnswers.length} (${[...new Set(failedAnswers)].join(", ") || "none"}), each delivered again until 200`,
      );
      expect(restart, "the restart happened during the run").toBeDefined();
      expect(pagesWhileDown).toEqual([200]);

      // Exactly once: one inbound row per MessageSid, and no other.
      const [inbound] = await server.db.select({ n: count() }).from(inboundMessages);
      expect(inbound!.n).toBe(total);
      const recorded = new Set((await server.db.select({ sid: inboundMessages.messageSid }).from(inboundMessages)).map((row) => row.sid));
      expect(messages.filter((message) => !recorded.has(message.sid)).map((message) => message.statuses)).toEqual([]);

      // One reply per message, for every number; each STOP confirmed once and in force, no one else opted out.
      const check = await checkRepliesAndStops(
        server,
        new Map(numbers.map((sent) => [sent[0]!.from, sent.map((message) => message.body)])),
      );
      expect(check.wrong).toEqual([]);
      expect(check.optedOut).toEqual(check.stopped);

      // And it goes on: a new message after the restart is answered at the first try.
      const after = await deliverOnce(server, { sid: newMessageSid(), from: freshNumber("+996", "55"), body: "HELP", statuses: [] });
      expect(after).toBe(200);

      // No connection was left checked out: the pool closes at once (a leaked one holds it for ever).
      closedInTest = true;
      await server.close();
      const closed = await Promise.race([database.close().then(() => true), sleep(10_000).then(() => false)]);
      expect(closed, "the app's pool closed: every connection came back").toBe(true);
    });
  },
);
