/**
 * After DELETE, nothing in the database identifies the number but its opt-out tombstone: not the
 * number, not its blind index, not a ciphertext that decrypts to it, in any value of any table
 * (and, on PostgreSQL, in `pg_dump`'s output), once the confirmation has been sent (or at once
 * when it cannot be). Checked after a full conversation through the webhook with both transports
 * (the local one keeps a copy of what it delivers), with a broadcast in flight at the moment of
 * the erase, for a confirmation that fails, for one the loop guard suppresses, and from the dev
 * phone.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { phoneBlindIndex } from "~/audience/phone-crypto.server";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { outboxMessages } from "~/db/schema";
import { runSql } from "~/db/run-sql.server";
import { DEFAULT_SMS_REPLIES } from "~/i18n/sms-replies";
import { createLogger } from "~/lib/logger.server";
import type { Transport } from "~/messaging/transport";
import { signTwilioRequest } from "~/messaging/twilio-signature.server";
import { createTransport } from "~/messaging/transports/transports.server";
import { claimDueMessages } from "~/outbox/claim.server";
import { dispatchOnce, newWorkerId } from "~/outbox/dispatcher.server";
import { enqueueMessage } from "~/outbox/enqueue.server";
import { expireLeases } from "../db/outbox-kit";
import { twilioFake } from "../mocks/twilio";
import { dumpDatabase, pgDumpText, rowsIdentifying, tracesOfNumber } from "../setup/database-dump";
import { DATABASE_KINDS } from "../setup/test-database";
import { startTestServer, type TestServer } from "../setup/test-server";
import { AUTH_TOKEN, freshNumber, PUBLIC_BASE_URL, sendOk, startInboundServer, type InboundServer } from "./twilio-inbound-harness";
import { writeInboundTestDataset } from "./twilio-inbound-dataset";
import { smsSegmentCount } from "~/messaging/sms-segments";

const { ky } = DEFAULT_SMS_REPLIES;
const silent = createLogger({ level: "silent" });

/** Dispatcher ticks until nothing is due: every queued message is sent (or fails) now. */
async function dispatchAll(server: TestServer, transport: Transport): Promise<void> {
  const keyring = phoneKeyringFromEnv(server.env);
  for (let tick = 0; tick < 50; tick += 1) {
    const report = await dispatchOnce({
      db: server.db,
      transport,
      keyring,
      logger: silent,
      env: { ...server.env, OUTBOX_RATE_PER_SENDER: 0, OUTBOX_BATCH_SIZE: 500 },
      workerId: newWorkerId(),
    });
    if (report.claimed === 0 && report.reconciled === 0) return;
  }
  throw new Error("the outbox never drained");
}

/** The whole database, and on PostgreSQL pg_dump too, holds nothing that identifies `e164`. */
async function expectErased(server: TestServer, e164: string): Promise<void> {
  const keyring = phoneKeyringFromEnv(server.env);
  const rows = await dumpDatabase(server.db);
  expect(rows.some((row) => row.table === "public.outbox_messages")).toBe(true);
  expect(rowsIdentifying(rows, e164, keyring)).toEqual([]);
  const tombstones = rows.filter((row) => row.table === "public.opt_out_tombstones" && row.row.includes(phoneBlindIndex(keyring, e164)));
  expect(tombstones).toHaveLength(1);
  if (server.databaseUrl) {
    const dump = pgDumpText(server.databaseUrl);
    if (dump !== null) {
      expect(dump).toContain("COPY public.opt_out_tombstones");
      // The tombstone's line is the one place its blind index may appear.
      const index = phoneBlindIndex(keyring, e164);
      const lines = dump.split("\n").filter((line) => tracesOfNumber(line, e164, keyring).length > 0);
      expect(
        lines.filter((line) => !(line.startsWith(index) && tracesOfNumber(line.replace(index, ""), e164, keyring).length === 0)),
      ).toEqual([]);
    }
  }
}

describe.each(DATABASE_KINDS)("DELETE leaves nothing to recover (%s)", (kind) => {
  let server: InboundServer;
  let local: Transport;
  let twilio: Transport;
  beforeAll(async () => {
    server = await startInboundServer(kind);
    local = createTransport({ ...server.env, messagingTransport: "local" }, { db: server.db, keyring: server.keyring, logger: silent });
    twilio = createTransport(server.env, { db: server.db, keyring: server.keyring, logger: silent });
  });
  beforeEach(() => twilioFake.reset());
  afterAll(() => server?.close());

  const deps = () => ({ keyring: server.keyring, senderFor: () => "+996000000900", segmentsOf: smsSegmentCount });

  it("after a conversation, queued and in-flight broadcasts, and the local transport's copies", async () => {
    const from = freshNumber("+996", "55");
    for (const body of ["JOIN", "1", "1", "HELP", "my boss keeps my passport"]) await sendOk(server, from, body);
    await dispatchAll(server, local);
    const subscriber = (await server.subscriberOf(from))!;
    // A broadcast a dispatcher has claimed and is sending right now (its worker then dies) …
    await enqueueMessage(server.db, deps(), {
      to: from,
      channel: "sms",
      subscriberId: subscriber.id,
      body: "Tip: in flight",
      kind: "broadcast",
    });
    const inFlight = await claimDueMessages(server.db, { workerId: "crashed-worker", limit: 10, leaseSeconds: 30 });
    expect(inFlight.messages).toHaveLength(1);
    // … and one still queued.
    await enqueueMessage(server.db, deps(), {
      to: from,
      channel: "sms",
      subscriberId: subscriber.id,
      body: "Tip: queued",
      kind: "broadcast",
    });

    await sendOk(server, from, "DELETE");
    const confirmation = await server.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.recipientIndex, phoneBlindIndex(server.keyring, from)));
    expect(confirmation.map((row) => [row.body, row.status])).toEqual([[ky.deleteConfirmation, "queued"]]);

    await expireLeases(server.db); // the crashed worker's lease runs out
    await dispatchAll(server, local);
    const [sent] = await server.db.select().from(outboxMessages).where(eq(outboxMessages.id, confirmation[0]!.id));
    expect(sent).toMatchObject({ status: "delivered", body: null, recipientCiphertext: "" });
    // The crashed worker's row: no number left to ask the provider about, so never sent again.
    const [crashed] = await server.db.select().from(outboxMessages).where(eq(outboxMessages.id, inFlight.messages[0]!.id));
    expect(crashed).toMatchObject({ status: "failed", errorCode: "erased", recipientCiphertext: "" });
    await expectErased(server, from);
  });

  it("through Twilio, and status callbacks that arrive after the scrub", async () => {
    const from = freshNumber("+996", "56");
    await sendOk(server, from, "JOIN");
    await sendOk(server, from, "DELETE");
    await dispatchAll(server, twilio);
    const created = twilioFake.createCalls().filter((call) => call.params.To === from);
    expect(created.map((call) => call.params.Body)).toContain(ky.deleteConfirmation);
    const outboxId = created.find((call) => call.params.Body === ky.deleteConfirmation)!.outboxId!;
    const [row] = await server.db.select().from(outboxMessages).where(eq(outboxMessages.id, outboxId));
    expect(row).toMatchObject({ status: "sent", recipientCiphertext: "" });

    for (const [status, errorCode] of [
      ["delivered", ""],
      ["undelivered", "21610"],
    ] as const) {
      const params = { MessageSid: row!.providerMessageId!, MessageStatus: status, ErrorCode: errorCode };
      const path = `/webhooks/twilio/status?outbox=${outboxId}`;
      const response = await fetch(`${server.url}${path}`, {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "X-Twilio-Signature": signTwilioRequest(AUTH_TOKEN, `${PUBLIC_BASE_URL}${path}`, params),
        },
        body: new URLSearchParams(params).toString(),
      });
      expect(response.status).toBe(200);
    }
    await expectErased(server, from);
    // A callback for an erased row opts out no placeholder.
    const junk = await runSql(server.db, sql`select 1 from opt_out_tombstones where phone_index like 'erased:%' or phone_index = ''`);
    expect(junk.rows).toEqual([]);
  });

  it("a confirmation that fails for good is scrubbed when the failure is recorded", async () => {
    const from = `+9965599${"21211"}`; // the local transport fails this number with 21211
    await sendOk(server, from, "JOIN");
    await sendOk(server, from, "DELETE");
    await dispatchAll(server, local);
    await expectErased(server, from);
  });

  it("a confirmation the loop guard suppresses: erased at once", async () => {
    const from = freshNumber("+996", "57");
    for (let i = 0; i < 21; i += 1) await sendOk(server, from, `question ${i}`);
    await sendOk(server, from, "DELETE");
    await expectErased(server, from);
  });
});

describe.each(DATABASE_KINDS)("DELETE from the dev phone (%s)", (kind) => {
  let server: TestServer;
  let local: Transport;
  beforeAll(async () => {
    server = await startTestServer({
      databaseKind: kind,
      env: { OUTBOX_RATE_PER_SENDER: "0", CONTENT_DATASET_DIR: writeInboundTestDataset() },
    });
    local = createTransport(server.env, { db: server.db, keyring: phoneKeyringFromEnv(server.env), logger: silent });
  });
  afterAll(() => server?.close());

  it("leaves no copy on the handset or in the outbox", async () => {
    const number = "+996555000177";
    for (const body of ["JOIN", "1", "1", "a private question", "DELETE"]) {
      const response = await fetch(`${server.url}/dev/phone?number=${encodeURIComponent(number)}&channel=sms`, {
        method: "POST",
        body: new URLSearchParams({ number, channel: "sms", body }),
        redirect: "manual",
      });
      expect(response.status, body).toBe(303);
      await dispatchAll(server, local);
    }
    await expectErased(server, number);
  });
});
