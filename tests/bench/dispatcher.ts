/**
 * Dispatcher throughput: the real dispatcher (claim, opt-out re-check, send, record) draining an
 * outbox through the real Twilio transport and SDK to a local fake Twilio over HTTP
 * (tests/fixtures/fake-twilio-server.ts), rate limits off. Compared, in the same run, with a bare
 * loop making the same HTTP calls with the same client and no database at all.
 * Targets: ≥ 1,000 messages/s, ≥ 0.5× the bare loop, heap flat (20k messages cost no more
 * retained memory than 5k), every message sent exactly once.
 * PostgreSQL when TEST_DATABASE_URL is set, else PGlite (the default deployment).
 */
import { runInNewContext } from "node:vm";
import { setFlagsFromString } from "node:v8";
import { phoneBlindIndex, encryptPhone } from "~/audience/phone-crypto.server";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import type { Database } from "~/db/client.server";
import { outboxMessages } from "~/db/schema";
import { parseEnv } from "~/env.server";
import { createLogger } from "~/lib/logger.server";
import type { Transport } from "~/messaging/transport";
import { createTransport } from "~/messaging/transports/transports.server";
import { dispatchOnce } from "~/outbox/dispatcher.server";
import { FAKE_ACCOUNT_SID, FAKE_AUTH_TOKEN, startFakeTwilioServer, type FakeTwilioServer } from "../fixtures/fake-twilio-server";
import { createTestDatabase } from "../setup/test-database";
import { judge, sized, type BenchCheck } from "./bench-mode";

export const name = "dispatcher throughput";

const RUNS: readonly number[] = sized([5_000, 20_000], [1_000, 2_000]);
const BARE_MESSAGES = sized(5_000, 1_000);
const CONCURRENCY = 64;
const BATCH_SIZE = 500;
const TARGET_PER_SECOND = 1_000;
const TARGET_RATIO = 0.5;
/** Retained heap may not grow by more than this between the 5k and the 20k run. */
const HEAP_GROWTH_LIMIT_MB = 25;

interface RunFigures {
  label: string;
  messages: number;
  seconds: number;
  perSecond: number;
  heapBeforeMb: number;
  heapAfterMb: number;
  rssBeforeMb: number;
  rssAfterMb: number;
}

const collectGarbage: () => void = (() => {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
})();

function memory(): { heapMb: number; rssMb: number } {
  collectGarbage();
  const usage = process.memoryUsage();
  return { heapMb: usage.heapUsed / 2 ** 20, rssMb: usage.rss / 2 ** 20 };
}

function benchNumber(i: number): string {
  return `+99655${String(i % 10_000_000).padStart(7, "0")}`;
}

async function fillOutbox(
  db: Database,
  keyring: ReturnType<typeof phoneKeyringFromEnv>,
  transport: Transport,
  count: number,
  offset: number,
): Promise<void> {
  for (let start = 0; start < count; start += 1_000) {
    const rows = Array.from({ length: Math.min(1_000, count - start) }, (_, j) => {
      const to = benchNumber(offset + start + j);
      return {
        recipientCiphertext: encryptPhone(keyring, to),
        recipientIndex: phoneBlindIndex(keyring, to),
        channel: "sms" as const,
        sender: transport.senderFor(to, "sms"),
        body: "Safe migration hotline: 0800 000 000. Reply HELP for numbers in your region.",
        kind: "broadcast" as const,
        priority: 10,
      };
    });
    await db.insert(outboxMessages).values(rows);
  }
}

async function bareLoop(transport: Transport, count: number, firstId: number): Promise<RunFigures> {
  const before = memory();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++;
        const result = await transport.send({
          outboxId: firstId + i,
          channel: "sms",
          to: benchNumber(i),
          from: null,
          body: "Safe migration hotline: 0800 000 000. Reply HELP for numbers in your region.",
          contentSid: null,
          contentVariables: null,
        });
        if (result.outcome !== "accepted") throw new Error(`bare send failed: ${result.outcome} ${result.diagnosticCode}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const after = memory();
  return figures("bare twilio client loop", count, seconds, before, after);
}

async function dispatcherRun(
  db: Database,
  transport: Transport,
  env: ReturnType<typeof parseEnv>,
  fake: FakeTwilioServer,
  count: number,
  offset: number,
  label: string,
): Promise<RunFigures> {
  const keyring = phoneKeyringFromEnv(env);
  await fillOutbox(db, keyring, transport, count, offset);
  const logger = createLogger({ level: "warn" });
  const acceptedBefore = fake.api.acceptedCount;
  const before = memory();
  const started = performance.now();
  let sent = 0;
  for (;;) {
    const report = await dispatchOnce({ db, transport, keyring, logger, env, workerId: "bench", concurrency: CONCURRENCY });
    sent += report.sent;
    if (report.claimed === 0 && report.reconciled === 0) break;
  }
  const seconds = (performance.now() - started) / 1000;
  const after = memory();
  const accepted = fake.api.acceptedCount - acceptedBefore;
  if (sent !== count || accepted !== count)
    throw new Error(`expected ${count} sends, dispatcher reported ${sent}, fake accepted ${accepted}`);
  return figures(label, count, seconds, before, after);
}

function figures(
  label: string,
  messages: number,
  seconds: number,
  before: { heapMb: number; rssMb: number },
  after: { heapMb: number; rssMb: number },
): RunFigures {
  return {
    label,
    messages,
    seconds,
    perSecond: messages / seconds,
    heapBeforeMb: before.heapMb,
    heapAfterMb: after.heapMb,
    rssBeforeMb: before.rssMb,
    rssAfterMb: after.rssMb,
  };
}

function printTable(rows: RunFigures[]): void {
  const pad = (value: string, width: number) => value.padStart(width);
  console.log(
    `${"run".padEnd(34)}${pad("messages", 9)}${pad("seconds", 9)}${pad("msg/s", 8)}${pad("heap MB before→after", 22)}${pad("RSS MB before→after", 21)}`,
  );
  for (const row of rows) {
    console.log(
      `${row.label.padEnd(34)}${pad(String(row.messages), 9)}${pad(row.seconds.toFixed(2), 9)}${pad(row.perSecond.toFixed(0), 8)}` +
        `${pad(`${row.heapBeforeMb.toFixed(1)}→${row.heapAfterMb.toFixed(1)}`, 22)}${pad(`${row.rssBeforeMb.toFixed(0)}→${row.rssAfterMb.toFixed(0)}`, 21)}`,
    );
  }
}

export async function runDispatcherBench(): Promise<boolean> {
  const kind = process.env.TEST_DATABASE_URL ? "postgres" : "pglite";
  const fake = await startFakeTwilioServer({ retainMessages: false });
  const database = await createTestDatabase(kind);
  try {
    const env = parseEnv({
      NODE_ENV: "production",
      PUBLIC_BASE_URL: "https://campaigns.example.org",
      SESSION_SECRET: "bench-session-secret-that-is-long-enough-0123",
      TWILIO_ACCOUNT_SID: FAKE_ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: FAKE_AUTH_TOKEN,
      TWILIO_SENDERS: "KG=+996312000001,default=+447700900001",
      PHONE_ENCRYPTION_KEYS: "bench:YmVuY2gtb25seS1waG9uZS1lbmNyeXB0aW9uLWtleSE=",
      PHONE_INDEX_KEY: "YmVuY2gtb25seS1waG9uZS1ibGluZC1pbmRleC1rZXk=",
      OUTBOX_RATE_PER_SENDER: "0",
      OUTBOX_BATCH_SIZE: String(BATCH_SIZE),
      OUTBOX_LEASE_SECONDS: "60",
    });
    const transport = createTransport(env, {
      db: database.db,
      keyring: phoneKeyringFromEnv(env),
      logger: createLogger({ level: "warn" }),
      twilioApiOrigin: fake.origin,
    });

    // Warm up sockets, JIT and the database's plans, so neither side pays start-up costs.
    await bareLoop(transport, 500, 900_000_000);
    await dispatcherRun(database.db, transport, env, fake, 500, 50_000_000, "warm-up");

    const bare = await bareLoop(transport, BARE_MESSAGES, 910_000_000);
    const runs: RunFigures[] = [];
    let offset = 0;
    for (const count of RUNS) {
      runs.push(await dispatcherRun(database.db, transport, env, fake, count, offset, `dispatcher (${kind}), ${count / 1000}k`));
      offset += count;
    }
    const duplicates = [...fake.api.createsByOutboxId.values()].some((count) => count !== 1);
    printTable([bare, ...runs]);

    const slowest = Math.min(...runs.map((run) => run.perSecond));
    const ratio = slowest / bare.perSecond;
    const heapGrowth = runs[1]!.heapAfterMb - runs[0]!.heapAfterMb;
    const [small, large] = [RUNS[0]! / 1000, RUNS.at(-1)! / 1000];
    const checks: BenchCheck[] = [
      {
        kind: "target",
        ok: slowest >= TARGET_PER_SECOND,
        text: `slowest dispatcher run ${slowest.toFixed(0)} msg/s (target ≥ ${TARGET_PER_SECOND})`,
      },
      { kind: "target", ok: ratio >= TARGET_RATIO, text: `${ratio.toFixed(2)}× the bare client loop (target ≥ ${TARGET_RATIO})` },
      {
        kind: "target",
        ok: heapGrowth <= HEAP_GROWTH_LIMIT_MB,
        text: `retained heap after ${large}k vs after ${small}k: ${heapGrowth >= 0 ? "+" : ""}${heapGrowth.toFixed(1)} MB (limit ${HEAP_GROWTH_LIMIT_MB} MB)`,
      },
      { kind: "guarantee", ok: !duplicates, text: "every outbox id sent exactly once" },
    ];
    return judge(checks);
  } finally {
    await database.close();
    await fake.close();
  }
}

export const runBench = runDispatcherBench;
