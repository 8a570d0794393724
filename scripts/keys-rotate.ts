/**
 * `npm run keys:rotate`: re-encrypts stored phone numbers under the first key of
 * PHONE_ENCRYPTION_KEYS. Safe to run again. On PostgreSQL it may run while the system is up; on
 * PGlite the data directory belongs to one process, so it refuses while `npm start` runs (stop
 * the server, rotate, start it again).
 */
import { bootstrap } from "~/bootstrap.server";

const context = await bootstrap({ command: "npm run keys:rotate", logName: "protect-campaigns-keys", logTo: "stderr" });
// Loaded past the bootstrap's refusals, which are then quick.
const { rotatePhoneKeys } = await import("~/audience/rotate-phone-keys.server");
const rotation = rotatePhoneKeys(context.db, context.keyring);
context.onShutdown(() => rotation);
const reports = await rotation;
for (const report of reports) {
  process.stdout.write(`${report.table}: ${report.reEncrypted} re-encrypted under key "${context.keyring.currentKeyId}"\n`);
}
await context.exit(0);
