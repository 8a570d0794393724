/**
 * Re-encrypts every stored phone number under the current key (`keys:rotate`). Rotation:
 * put the new key first in PHONE_ENCRYPTION_KEYS and keep the old one after it, run this, then
 * drop the old key. Batches keep transactions short; rows are matched on their old ciphertext, so
 * a row changed concurrently is simply picked up by the next pass. Values that are not ciphertexts
 * (the retention job's 'purged' marker) are left alone.
 */
import { sql } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { ciphertextKeyId, decryptPhone, encryptPhone, type PhoneKeyring } from "./phone-crypto.server";

/** Every column that holds an encrypted phone number. */
const ENCRYPTED_COLUMNS = [
  { table: "subscribers", column: "phone_ciphertext" },
  { table: "outbox_messages", column: "recipient_ciphertext" },
  { table: "dev_phone_messages", column: "phone_ciphertext" },
  { table: "staff_test_phones", column: "phone_ciphertext" },
] as const;

export interface RotationReport {
  table: string;
  reEncrypted: number;
}

export async function rotatePhoneKeys(db: Database, keyring: PhoneKeyring, batchSize = 500): Promise<RotationReport[]> {
  const current = `v1.${keyring.currentKeyId}.%`;
  const reports: RotationReport[] = [];
  for (const { table, column } of ENCRYPTED_COLUMNS) {
    let reEncrypted = 0;
    for (;;) {
      const batch = await runSql<{ id: number; value: string }>(
        db,
        sql`select id::int as id, ${sql.identifier(column)} as value from ${sql.identifier(table)}
            where ${sql.identifier(column)} like 'v1.%' and ${sql.identifier(column)} not like ${current}
            order by id limit ${batchSize}`,
      );
      if (batch.rows.length === 0) break;
      await db.transaction(async (tx) => {
        for (const row of batch.rows) {
          if (ciphertextKeyId(row.value) === keyring.currentKeyId) continue;
          const fresh = encryptPhone(keyring, decryptPhone(keyring, row.value));
          const updated = await runSql(
            tx,
            sql`update ${sql.identifier(table)} set ${sql.identifier(column)} = ${fresh}
                where id = ${row.id} and ${sql.identifier(column)} = ${row.value}`,
          );
          reEncrypted += updated.rowCount;
        }
      });
    }
    reports.push({ table, reEncrypted });
  }
  return reports;
}
