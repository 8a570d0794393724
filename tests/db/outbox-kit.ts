/**
 * Shared set-up for the outbox tests: configuration with the fake Twilio account, a logger whose
 * lines the test can read, and small database helpers (reset, inspect, age leases and backoffs).
 */
import { Writable } from "node:stream";
import { sql } from "drizzle-orm";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import type { Database } from "~/db/client.server";
import { parseEnv, type Env } from "~/env.server";
import { createLogger, type Logger } from "~/lib/logger.server";
import { createTransport } from "~/messaging/transports/transports.server";
import type { Transport } from "~/messaging/transport";
import { dispatchOnce, type DispatchDeps, type DispatchReport } from "~/outbox/dispatcher.server";
import { enqueueMessage, type EnqueueRequest } from "~/outbox/enqueue.server";
import { runSql } from "~/db/run-sql.server";
import { FAKE_ACCOUNT_SID, FAKE_AUTH_TOKEN } from "../fixtures/fake-twilio-server";
import { smsSegmentCount } from "~/messaging/sms-segments";

export const PUBLIC_BASE_URL = "https://campaigns.example.org";
export const KG_NUMBER = "+996555123456";
export const AF_NUMBER = "+93701234567";
export const IQ_NUMBER = "+9647701234567";
export const KG_SENDER = "+996312000001";
export const DEFAULT_SENDER = "+447700900001";
export const WHATSAPP_SENDER = "+447700900002";

export function testEnv(overrides: Record<string, string> = {}): Env {
  return parseEnv({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    PUBLIC_BASE_URL,
    TWILIO_ACCOUNT_SID: FAKE_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: FAKE_AUTH_TOKEN,
    TWILIO_SENDERS: `KG=${KG_SENDER},default=${DEFAULT_SENDER}`,
    TWILIO_WHATSAPP_SENDER: WHATSAPP_SENDER,
    OUTBOX_RATE_PER_SENDER: "0",
    OUTBOX_LEASE_SECONDS: "30",
    OUTBOX_BATCH_SIZE: "50",
    ...overrides,
  });
}

/** A pino logger at debug level whose output lines the test can read. */
export function capturedLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  return { logger: createLogger({ level: "debug", destination }), lines };
}

export interface OutboxHarness {
  env: Env;
  db: Database;
  transport: Transport;
  logger: Logger;
  logLines: string[];
  enqueue(request: Partial<EnqueueRequest> & { to: string }): Promise<number>;
  dispatch(overrides?: Partial<DispatchDeps>): Promise<DispatchReport>;
}

export function outboxHarness(db: Database, options: { env?: Env; transportOrigin?: string } = {}): OutboxHarness {
  const env = options.env ?? testEnv();
  const { logger, lines } = capturedLogger();
  const keyring = phoneKeyringFromEnv(env);
  const transport = createTransport(env, { db, keyring, logger, twilioApiOrigin: options.transportOrigin });
  return {
    env,
    db,
    transport,
    logger,
    logLines: lines,
    async enqueue(request) {
      const result = await enqueueMessage(
        db,
        { keyring, senderFor: transport.senderFor, segmentsOf: smsSegmentCount },
        {
          channel: "sms",
          subscriberId: null,
          body: "Hotline: 0800 000 000",
          kind: "reply",
          ...request,
        },
      );
      if (!result.enqueued) throw new Error(`not enqueued: ${result.reason}`);
      return result.id;
    },
    dispatch(overrides = {}) {
      return dispatchOnce({
        db,
        transport,
        keyring,
        logger,
        env,
        workerId: "test-worker",
        ...overrides,
      });
    },
  };
}

export async function resetMessagingTables(db: Database): Promise<void> {
  await runSql(
    db,
    sql`truncate outbox_messages, outbox_sender_pacing, subscribers, opt_out_tombstones, dev_phone_messages, webhook_receipts, broadcast_runs, broadcast_run_texts, broadcast_approvals restart identity`,
  );
}

export interface OutboxRowView {
  id: number;
  status: string;
  attempts: number;
  error_code: string | null;
  /** The named kind of the last failure (FAILURE_KINDS). */
  failure_kind: string | null;
  provider_message_id: string | null;
  next_attempt_at: Date;
  lease_expires_at: Date | null;
  sent_at: Date | null;
  segments: number;
  priority: number;
  sender: string | null;
}

export async function outboxRows(db: Database): Promise<OutboxRowView[]> {
  type Raw = Omit<OutboxRowView, "next_attempt_at" | "lease_expires_at" | "sent_at"> & {
    next_attempt_ms: number;
    lease_ms: number | null;
    sent_ms: number | null;
  };
  const ms = (column: string) => sql.raw(`(extract(epoch from ${column}) * 1000)::float8`);
  const result = await runSql<Raw>(
    db,
    sql`
    select id::int as id, status, attempts, error_code, failure_kind, provider_message_id, ${ms("next_attempt_at")} as next_attempt_ms,
      ${ms("lease_expires_at")} as lease_ms, ${ms("sent_at")} as sent_ms, segments::int as segments,
      priority::int as priority, sender
    from outbox_messages order by id`,
  );
  const date = (value: number | null) => (value === null ? null : new Date(Number(value)));
  return result.rows.map(({ next_attempt_ms, lease_ms, sent_ms, ...row }) => ({
    ...row,
    id: Number(row.id),
    next_attempt_at: new Date(Number(next_attempt_ms)),
    lease_expires_at: date(lease_ms),
    sent_at: date(sent_ms),
  }));
}

export async function outboxRow(db: Database, id: number): Promise<OutboxRowView> {
  const row = (await outboxRows(db)).find((r) => r.id === id);
  if (!row) throw new Error(`no outbox row ${id}`);
  return row;
}

/** Skips the backoff: every queued row is due now. */
export async function makeQueuedDue(db: Database): Promise<void> {
  await runSql(db, sql`update outbox_messages set next_attempt_at = now() - interval '1 second' where status = 'queued'`);
}

/** As if the leases ran out (the worker that held them is gone). */
export async function expireLeases(db: Database): Promise<void> {
  await runSql(db, sql`update outbox_messages set lease_expires_at = now() - interval '1 second' where status = 'sending'`);
}
