/**
 * The application context's parts that come from configuration over an open database: the phone
 * keyring, the content source and the transport (see AppServices in app/context.server.ts). The
 * bootstrap builds them once per process; tests and benchmarks build an app the same way.
 */
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { createContentSnapshotStore } from "~/content/content-snapshot-store.server";
import { createContentSource } from "~/content/content-source.server";
import type { AppServices } from "~/context.server";
import type { Database } from "~/db/client.server";
import type { Env } from "~/env.server";
import type { Logger } from "~/lib/logger.server";
import { createTransport } from "~/messaging/transports/transports.server";

/** The keyring and transport the configuration asks for, over this database. */
export function createMessagingServices(env: Env, deps: { db: Database; logger: Logger }): Pick<AppServices, "keyring" | "transport"> {
  const keyring = phoneKeyringFromEnv(env);
  return { keyring, transport: createTransport(env, { db: deps.db, keyring, logger: deps.logger }) };
}

/** Everything a process hands its routes and jobs, over an open, migrated database. */
export function createAppServices(env: Env, deps: { db: Database; logger: Logger }): AppServices {
  return {
    env,
    logger: deps.logger,
    db: deps.db,
    // With Sanity, the last good content is also kept in the database, so a restart during a
    // Content Lake outage still has content (docs/decisions/012-content-snapshot.md).
    content: createContentSource({ env, logger: deps.logger, snapshot: { store: createContentSnapshotStore(deps.db) } }),
    ...createMessagingServices(env, deps),
  };
}
