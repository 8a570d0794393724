/**
 * `npm run keys:rotate`: re-encrypts stored phone numbers under the first key of
 * PHONE_ENCRYPTION_KEYS. Safe to run while the system is up, and to run again.
 */
import { loadEnvOrExit } from "../app/env.server";
import { databaseTargetFromEnv, openDatabase } from "../app/db/client.server";
import { migrateDatabase } from "../app/db/migrate.server";
import { phoneKeyringFromEnv } from "../app/audience/phone-keyring.server";
import { rotatePhoneKeys } from "../app/audience/rotate-phone-keys.server";

const env = loadEnvOrExit();
const database = await openDatabase(databaseTargetFromEnv(env));
try {
  await migrateDatabase(database);
  const keyring = phoneKeyringFromEnv(env);
  const reports = await rotatePhoneKeys(database.db, keyring);
  for (const report of reports) {
    process.stdout.write(`${report.table}: ${report.reEncrypted} re-encrypted under key "${keyring.currentKeyId}"\n`);
  }
} finally {
  await database.close();
}
