/**
 * Data-request records on a real database: the typed number is stored only encrypted, for 15
 * minutes, for the admin who typed it; erasure blanks it; purge-retention deletes expired records;
 * and an audit entry that cannot be written does not undo an erasure (it is logged instead).
 * One injected clock per test.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePhoneKeyring } from "~/audience/phone-crypto.server";
import { findOrCreateSubscriber, findSubscriberByIndex, phoneIdentity } from "~/audience/subscribers.server";
import { listAudit } from "~/audit/audit-log.server";
import { staffDataRequests, staffUsers } from "~/db/schema";
import { runSql } from "~/db/run-sql.server";
import { createLogger } from "~/lib/logger.server";
import { DATA_REQUEST_LIFETIME_MS, eraseDataRequest, findDataRequest, openDataRequest } from "~/staff/data-requests.server";
import { purgeRetention } from "../../jobs/purge-retention";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";

const keyring = parsePhoneKeyring(`k1:${Buffer.alloc(32, 7).toString("base64")}`, Buffer.alloc(32, 8).toString("base64"));
const NOW = new Date("2026-04-01T08:00:00Z");
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);
let counter = 0;
const nextNumber = () => `+99670040${String(++counter).padStart(4, "0")}`;

describe.each(DATABASE_KINDS)("staff data-request records (%s)", (kind) => {
  let database: TestDatabase;
  let admin: { id: number; email: string };
  let otherAdmin: { id: number; email: string };
  const logs: string[] = [];
  const logger = createLogger({ level: "info", destination: { write: (line: string) => void logs.push(line) } });

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const rows = await database.db
      .insert(staffUsers)
      .values([
        { email: "a@staff.test", displayName: "A", role: "admin" },
        { email: "b@staff.test", displayName: "B", role: "admin" },
      ])
      .returning({ id: staffUsers.id, email: staffUsers.email });
    [admin, otherAdmin] = rows as [typeof admin, typeof admin];
  });
  afterAll(() => database?.close());

  const deps = () => ({ db: database.db, keyring, logger });

  it("keeps the number encrypted, for its admin, for 15 minutes; purge-retention deletes it then", async () => {
    const number = nextNumber();
    const opened = await openDataRequest(deps(), admin, ` ${number.slice(0, 4)} ${number.slice(4)} `, NOW);
    if (!opened.ok) throw new Error("not opened");
    const stored = await runSql<{ row: string }>(database.db, sql`select t::text as row from staff_data_requests t`);
    expect(stored.rows.map((r) => r.row).join("\n")).not.toContain(number.slice(1));
    expect(stored.rows.map((r) => r.row).join("\n")).not.toContain(opened.requestId);

    expect(await findDataRequest(deps(), admin, opened.requestId, minutes(14))).toMatchObject({ state: "open", phone: { e164: number } });
    expect(await findDataRequest(deps(), otherAdmin, opened.requestId, minutes(1))).toBeNull();
    expect(await findDataRequest(deps(), admin, opened.requestId, minutes(15))).toBeNull();

    const summary = await purgeRetention({
      db: database.db,
      env: { RETENTION_DAYS_INBOUND: 30, RETENTION_DAYS_OUTBOX: 30 },
      now: new Date(NOW.getTime() + DATA_REQUEST_LIFETIME_MS + 1),
    });
    expect(summary.dataRequestsDeleted).toBeGreaterThanOrEqual(1);
    expect(await database.db.select().from(staffDataRequests)).toEqual([]);
  });

  it("refuses what is not a phone number and stores nothing", async () => {
    expect(await openDataRequest(deps(), admin, "+996 12", NOW)).toEqual({ ok: false, problem: "invalid-number" });
    expect(await database.db.select().from(staffDataRequests)).toEqual([]);
  });

  it("blanks the number once erased", async () => {
    const phone = phoneIdentity(keyring, nextNumber());
    await findOrCreateSubscriber(database.db, keyring, { phone, channel: "sms", country: "KG", now: NOW });
    const opened = await openDataRequest(deps(), admin, phone.e164, NOW);
    if (!opened.ok) throw new Error("not opened");
    const request = await findDataRequest(deps(), admin, opened.requestId, minutes(1));
    if (request?.state !== "open") throw new Error("not open");
    expect(await eraseDataRequest(deps(), admin, request, minutes(2))).toMatchObject({ audited: true, result: { outboxMessages: 0 } });
    const [row] = await database.db.select().from(staffDataRequests);
    expect(row).toMatchObject({ phoneCiphertext: null, erasedAt: minutes(2) });
    expect(await findDataRequest(deps(), admin, opened.requestId, minutes(3))).toMatchObject({ state: "erased" });
    await database.db.delete(staffDataRequests).where(eq(staffDataRequests.idHash, row!.idHash));
  });

  it("erases even when the audit entry cannot be written, and says so in the log", async () => {
    const phone = phoneIdentity(keyring, nextNumber());
    await findOrCreateSubscriber(database.db, keyring, { phone, channel: "sms", country: "KG", now: NOW });
    const opened = await openDataRequest(deps(), admin, phone.e164, NOW);
    if (!opened.ok) throw new Error("not opened");
    const request = await findDataRequest(deps(), admin, opened.requestId, minutes(1));
    if (request?.state !== "open") throw new Error("not open");
    const before = (await listAudit(database.db, { limit: 1_000 })).length;
    // A database that refuses the audit insert (a constraint no entry can pass).
    await runSql(database.db, sql`alter table audit_log add constraint audit_test_refuse check (false) not valid`);
    try {
      const outcome = await eraseDataRequest(deps(), admin, request, minutes(2));
      expect(outcome.audited).toBe(false);
    } finally {
      await runSql(database.db, sql`alter table audit_log drop constraint audit_test_refuse`);
    }
    expect(await findSubscriberByIndex(database.db, phone.phoneIndex)).toBeNull();
    expect((await listAudit(database.db, { limit: 1_000 })).length).toBe(before);
    const logged = logs.join("");
    expect(logged).toContain("data erased, but its audit entry failed");
    expect(logged).not.toContain(phone.e164.slice(1));
  });
});
