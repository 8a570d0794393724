/**
 * What the two job process entries (`npm run jobs`, `npm run job`) open before running jobs:
 * the database (created and migrated, like `npm start`), the content source and the transport.
 */
import { mkdirSync } from "node:fs";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { createContentSource } from "~/content/content-source.server";
import { databaseTargetFromEnv, openDatabase, type DatabaseHandle } from "~/db/client.server";
import { migrateDatabase } from "~/db/migrate.server";
import type { Env } from "~/env.server";
import type { JobContextInput } from "~/jobs/job-context.server";
import type { Logger } from "~/lib/logger.server";
import { createTransport } from "~/messaging/transports/transports.server";

export interface JobResources {
  input: JobContextInput;
  database: DatabaseHandle;
}

export async function openJobResources(env: Env, logger: Logger): Promise<JobResources> {
  const target = databaseTargetFromEnv(env);
  if (target.kind === "pglite" && target.dataDir !== "memory") mkdirSync(target.dataDir, { recursive: true });
  const database = await openDatabase(target);
  await migrateDatabase(database);
  const keyring = phoneKeyringFromEnv(env);
  const content = createContentSource({ env, logger });
  const transport = createTransport(env, { db: database.db, keyring, logger });
  return { database, input: { db: database.db, dbKind: database.kind, content, env, logger, transport, keyring } };
}
