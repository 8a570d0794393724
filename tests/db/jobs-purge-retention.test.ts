/**
 * `purge-retention` on a real database: what is past retention goes (or, for finished outbox
 * rows, loses its personal fields but keeps its counts), what is recent or unfinished stays,
 * batches add up, and a second run finds nothing left to do.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runSql } from "~/db/run-sql.server";
import { OUTBOX_BODY } from "~/outbox/outbox-row.server";
import { PURGED_MARKER, purgeRetention } from "../../jobs/purge-retention";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";

const ENV = { RETENTION_DAYS_INBOUND: 30, RETENTION_DAYS_OUTBOX: 60 };

interface OutboxView {
  id: number;
  status: string;
  body: string | null;
  content_variables: unknown;
  recipient_ciphertext: string;
  recipient_index: string;
  provider_message_id: string | null;
  error_code: string | null;
  subscriber_id: number | null;
  segments: number;
}

describe.each(DATABASE_KINDS)("purge-retention on %s", (kind) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await testDb?.close();
  });
  beforeEach(async () => {
    await runSql(testDb.db, sql`truncate outbox_messages, inbound_messages, dev_phone_messages, webhook_receipts restart identity`);
  });

  const ago = (days: number) => sql`now() - make_interval(days => ${days})`;
  let outboxSeq = 0;

  async function outboxRow(status: string, ageDays: number): Promise<number> {
    outboxSeq += 1;
    const result = await runSql<{ id: string }>(
      testDb.db,
      sql`
      insert into outbox_messages (subscriber_id, recipient_ciphertext, recipient_index, channel, body, content_variables,
        kind, status, provider_message_id, error_code, segments, created_at, updated_at)
      values (${outboxSeq}, ${`v1.cipher-${outboxSeq}`}, ${`index-${outboxSeq}`}, 'sms', 'Free hotline: 0800 000 000',
        '{"1":"Aida"}'::jsonb, 'broadcast', ${status}, ${status === "queued" ? null : `SM${outboxSeq}`},
        ${status === "failed" ? "30003" : null}, 2, ${ago(ageDays)}, ${ago(ageDays)})
      returning id::text as id`,
    );
    return Number(result.rows[0]!.id);
  }

  async function outbox(): Promise<Map<number, OutboxView>> {
    const result = await runSql<OutboxView>(
      testDb.db,
      sql`
      select id::int as id, status, body, content_variables, recipient_ciphertext, recipient_index, provider_message_id,
        error_code, subscriber_id::int as subscriber_id, segments::int as segments
      from outbox_messages order by id`,
    );
    return new Map(result.rows.map((row) => [Number(row.id), row]));
  }

  async function count(table: "webhook_receipts" | "inbound_messages" | "dev_phone_messages"): Promise<number> {
    const result = await runSql<{ n: number }>(testDb.db, sql`select count(*)::int as n from ${sql.identifier(table)}`);
    return Number(result.rows[0]!.n);
  }

  async function seedOthers(): Promise<void> {
    for (const [i, age] of [40, 31, 35, 29, 1].entries()) {
      await runSql(
        testDb.db,
        sql`insert into webhook_receipts (provider, delivery_id, received_at) values ('twilio-status', ${`d${i}`}, ${ago(age)})`,
      );
      await runSql(
        testDb.db,
        sql`
        insert into inbound_messages (message_sid, channel, phone_index, intent, received_at)
        values (${`SM-in-${i}`}, 'sms', ${`index-${i}`}, 'help', ${ago(age)})`,
      );
    }
    for (const [i, age] of [8, 30, 6, 0].entries()) {
      await runSql(
        testDb.db,
        sql`
        insert into dev_phone_messages (phone_ciphertext, phone_index, direction, channel, body, provider_message_id, status, created_at)
        values ('v1.x', 'index', 'outbound', 'sms', 'hello', ${`LOCAL${i}`}, 'delivered', ${ago(age)})`,
      );
    }
  }

  it("deletes or redacts exactly what is past retention, in batches, and is idempotent", async () => {
    await seedOthers();
    const old = {
      sent: await outboxRow("sent", 61),
      delivered: await outboxRow("delivered", 90),
      read: await outboxRow("read", 61),
      undelivered: await outboxRow("undelivered", 61),
      failed: await outboxRow("failed", 400),
      cancelled: await outboxRow("cancelled", 61),
    };
    const kept = {
      queued: await outboxRow("queued", 90), // not finished: it may still go out
      sending: await outboxRow("sending", 90), // outcome unknown: reconciliation needs the recipient
      recentSent: await outboxRow("sent", 59),
    };

    const summary = await purgeRetention({ db: testDb.db, env: ENV, batchSize: 2 });
    expect(summary).toEqual({
      webhookReceiptsDeleted: 3, // 40, 31 and 35 days > 30
      inboundMessagesDeleted: 3, // RETENTION_DAYS_INBOUND = 30
      outboxMessagesRedacted: 6,
      devPhoneMessagesDeleted: 2, // 8 and 30 days > 7
      eraseConfirmationsScrubbed: 0,
      dataRequestsDeleted: 0,
    });
    expect(await count("webhook_receipts")).toBe(2);
    expect(await count("inbound_messages")).toBe(2);
    expect(await count("dev_phone_messages")).toBe(2);

    const rows = await outbox();
    for (const id of Object.values(old)) {
      const row = rows.get(id)!;
      expect(row).toMatchObject({
        body: null,
        content_variables: null,
        recipient_ciphertext: PURGED_MARKER,
        recipient_index: `${PURGED_MARKER}:${id}`,
        segments: 2,
      });
      // What reach statistics count stays: status, provider id, error code, subscriber.
      expect(row.provider_message_id).toBe(`SM${row.subscriber_id}`);
      expect(row.status).not.toBe("queued");
    }
    expect(rows.get(old.failed)).toMatchObject({ status: "failed", error_code: "30003" });
    for (const id of Object.values(kept)) {
      expect(rows.get(id)!.body).toBe("Free hotline: 0800 000 000");
      expect(rows.get(id)!.recipient_ciphertext).toMatch(/^v1\.cipher-/);
    }
    expect(rows.size).toBe(9);

    expect(await purgeRetention({ db: testDb.db, env: ENV, batchSize: 2 })).toEqual({
      webhookReceiptsDeleted: 0,
      inboundMessagesDeleted: 0,
      outboxMessagesRedacted: 0,
      devPhoneMessagesDeleted: 0,
      eraseConfirmationsScrubbed: 0,
      dataRequestsDeleted: 0,
    });
  });

  it("takes a broadcast row's text away as well: the row no longer reads its run's text, which stays for the run", async () => {
    const run = await runSql<{ id: string }>(
      testDb.db,
      sql`
      insert into broadcast_runs (source, document_id, occurrence, title, spec)
      values ('broadcast', 'broadcast-purge', ${`purge-${outboxSeq}`}, 'Purge', '{}'::jsonb) returning id::text as id`,
    );
    const runId = Number(run.rows[0]!.id);
    await runSql(testDb.db, sql`insert into broadcast_run_texts (run_id, locale, body) values (${runId}, 'ru', 'Проверьте договор.')`);
    const [oldId, recentId] = [await outboxRow("delivered", 61), await outboxRow("delivered", 1)];
    await runSql(
      testDb.db,
      sql`update outbox_messages set body = null, broadcast_run_id = ${runId}, run_text_locale = 'ru' where id in (${oldId}, ${recentId})`,
    );
    const texts = async () =>
      new Map(
        (
          await runSql<{ id: number; body: string | null }>(
            testDb.db,
            sql`select o.id::int as id, ${OUTBOX_BODY} as body from outbox_messages o`,
          )
        ).rows.map((row) => [Number(row.id), row.body]),
      );
    expect(await texts()).toEqual(
      new Map([
        [oldId, "Проверьте договор."],
        [recentId, "Проверьте договор."],
      ]),
    );
    expect(await purgeRetention({ db: testDb.db, env: ENV })).toMatchObject({ outboxMessagesRedacted: 1 });
    expect(await texts()).toEqual(
      new Map([
        [oldId, null],
        [recentId, "Проверьте договор."],
      ]),
    );
  });

  it("measures retention from the clock it is given", async () => {
    await seedOthers();
    const inAYear = new Date(Date.now() + 365 * 86_400_000);
    const summary = await purgeRetention({ db: testDb.db, env: ENV, now: inAYear });
    expect(summary).toMatchObject({ webhookReceiptsDeleted: 5, inboundMessagesDeleted: 5, devPhoneMessagesDeleted: 4 });
  });

  it("scrubs a DELETE confirmation a crash left with its recipient after its send, and no other row", async () => {
    const sent = await outboxRow("sent", 0);
    const queued = await outboxRow("queued", 0);
    const reply = await outboxRow("delivered", 0);
    await runSql(testDb.db, sql`update outbox_messages set opt_out_exempt = 'erase-confirmation' where id in (${sent}, ${queued})`);
    await runSql(
      testDb.db,
      sql`
      insert into dev_phone_messages (phone_ciphertext, phone_index, direction, channel, body, provider_message_id, status)
      select recipient_ciphertext, recipient_index, 'outbound', 'sms', 'Your data is erased.', provider_message_id, 'delivered'
      from outbox_messages where id = ${sent}`,
    );
    const summary = await purgeRetention({ db: testDb.db, env: ENV });
    expect(summary.eraseConfirmationsScrubbed).toBe(1);
    const rows = await outbox();
    expect(rows.get(sent)).toMatchObject({ body: null, recipient_ciphertext: "", recipient_index: `erased:${sent}`, subscriber_id: null });
    // Still to be sent: it keeps what it needs until then. Another number's reply is none of this job's business.
    expect(rows.get(queued)!.recipient_ciphertext).toMatch(/^v1\./);
    expect(rows.get(reply)!.recipient_ciphertext).toMatch(/^v1\./);
    expect(await count("dev_phone_messages")).toBe(0);
  });

  it("walks a redaction backlog larger than a batch without skipping rows", async () => {
    for (let i = 0; i < 7; i++) await outboxRow(i % 3 === 0 ? "queued" : "delivered", 100);
    const summary = await purgeRetention({ db: testDb.db, env: ENV, batchSize: 2 });
    expect(summary.outboxMessagesRedacted).toBe(4);
    const remaining = [...(await outbox()).values()].filter((row) => row.status === "delivered" && row.body !== null);
    expect(remaining).toEqual([]);
  });
});
