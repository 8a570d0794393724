import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ciphertextKeyId, decryptPhone, encryptPhone, parsePhoneKeyring, phoneBlindIndex } from "~/audience/phone-crypto.server";
import { rotatePhoneKeys } from "~/audience/rotate-phone-keys.server";
import { runSql } from "~/db/run-sql.server";
import { outboxMessages, staffUsers, subscribers } from "~/db/schema";
import { setTestPhone, testPhoneOf } from "~/staff/test-phones.server";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";

const OLD = randomBytes(32).toString("base64");
const NEW = randomBytes(32).toString("base64");
const INDEX = randomBytes(32).toString("base64");

describe.each(DATABASE_KINDS)("keys:rotate on %s", (kind) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await testDb?.close();
  });

  it("re-encrypts every number under the new key, keeps them readable, and is idempotent", async () => {
    const before = parsePhoneKeyring(`old:${OLD}`, INDEX);
    const numbers = ["+996555000111", "+93700000222", "+9647700000333"];
    for (const number of numbers) {
      const [row] = await testDb.db
        .insert(subscribers)
        .values({ phoneCiphertext: encryptPhone(before, number), phoneIndex: phoneBlindIndex(before, number), channel: "sms" })
        .returning({ id: subscribers.id });
      await testDb.db.insert(outboxMessages).values({
        subscriberId: row!.id,
        recipientCiphertext: encryptPhone(before, number),
        recipientIndex: phoneBlindIndex(before, number),
        channel: "sms",
        body: "x",
        kind: "reply",
      });
    }

    // A row whose number the retention job already purged holds a marker, not a ciphertext.
    await testDb.db.insert(outboxMessages).values({
      recipientCiphertext: "purged",
      recipientIndex: "purged",
      channel: "sms",
      body: null,
      kind: "broadcast",
      status: "delivered",
    });

    // A staff user's test phone (the broadcast page's "send a test to my phone").
    const [staff] = await testDb.db
      .insert(staffUsers)
      .values({ email: `rotate-${kind}@staff.test`, displayName: "Rotation", role: "editor" })
      .returning({ id: staffUsers.id });
    await setTestPhone(testDb.db, before, staff!.id, "+996555000444");

    const after = parsePhoneKeyring(`new:${NEW},old:${OLD}`, INDEX);
    const reports = await rotatePhoneKeys(testDb.db, after, 2);
    expect(reports).toEqual([
      { table: "subscribers", reEncrypted: 3 },
      { table: "outbox_messages", reEncrypted: 3 },
      { table: "dev_phone_messages", reEncrypted: 0 },
      { table: "staff_test_phones", reEncrypted: 1 },
    ]);

    const rows = await testDb.db.select().from(subscribers);
    expect(rows.every((r) => ciphertextKeyId(r.phoneCiphertext) === "new")).toBe(true);
    const onlyNew = parsePhoneKeyring(`new:${NEW}`, INDEX);
    expect(rows.map((r) => decryptPhone(onlyNew, r.phoneCiphertext)).sort()).toEqual([...numbers].sort());
    const outbox = await runSql<{ n: number }>(
      testDb.db,
      sql`select count(*)::int as n from outbox_messages where recipient_ciphertext like 'v1.new.%'`,
    );
    expect(Number(outbox.rows[0]?.n)).toBe(3);
    expect(await testPhoneOf(testDb.db, onlyNew, staff!.id)).toBe("+996555000444");

    expect((await rotatePhoneKeys(testDb.db, after)).every((r) => r.reEncrypted === 0)).toBe(true);
  });
});
