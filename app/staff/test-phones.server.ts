/**
 * Each staff user's own test phone, for "send a test to my phone" on the broadcast page. Stored
 * encrypted with the phone keyring like every number we hold (staff_test_phones, re-encrypted by
 * `keys:rotate`), decrypted only to send or to mask it for its owner's page: the page shows the
 * country code and the last two digits, never the number, and no log or audit entry carries it.
 */
import { sql } from "drizzle-orm";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { decryptPhone, encryptPhone, type PhoneKeyring } from "~/audience/phone-crypto.server";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { sqlNow } from "~/db/sql-now.server";

export async function setTestPhone(db: Database, keyring: PhoneKeyring, userId: number, e164: string, now?: Date): Promise<void> {
  await runSql(
    db,
    sql`
    insert into staff_test_phones (user_id, phone_ciphertext, updated_at) values (${userId}, ${encryptPhone(keyring, e164)}, ${sqlNow(now)})
    on conflict (user_id) do update set phone_ciphertext = excluded.phone_ciphertext, updated_at = excluded.updated_at`,
  );
}

export async function removeTestPhone(db: Database, userId: number): Promise<void> {
  await runSql(db, sql`delete from staff_test_phones where user_id = ${userId}`);
}

/** The user's test phone in E.164, or null when none is set (or it cannot be decrypted: a missing key). */
export async function testPhoneOf(db: Database, keyring: PhoneKeyring, userId: number): Promise<string | null> {
  const result = await runSql<{ phone_ciphertext: string }>(
    db,
    sql`select phone_ciphertext from staff_test_phones where user_id = ${userId}`,
  );
  const stored = result.rows[0]?.phone_ciphertext;
  if (!stored) return null;
  try {
    return decryptPhone(keyring, stored);
  } catch {
    return null;
  }
}

/** "+996 ••••••• 56": enough for its owner to recognise it, not enough to be a number. */
export function maskPhone(e164: string): string {
  const digits = e164.replace(/\D/g, "");
  const countryCode = parsePhoneNumberFromString(e164)?.countryCallingCode ?? digits.slice(0, 1);
  const rest = digits.slice(countryCode.length);
  const hidden = rest.slice(0, -2).replace(/\d/g, "•");
  return `+${countryCode} ${hidden} ${rest.slice(-2)}`;
}
