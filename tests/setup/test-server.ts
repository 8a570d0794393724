/**
 * The real app over HTTP for integration tests: parsed configuration, the real content source
 * (local sample dataset unless overridden), a migrated test database, the built Remix server
 * bundle (the global setup runs `remix build`), listening on a free port.
 */
import type { AddressInfo } from "node:net";
import { createServer } from "node:http";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { createMessagingServices } from "~/app-services.server";
import { createContentSource, type ContentSnapshotOptions } from "~/content/content-source.server";
import { createContentSnapshotStore } from "~/content/content-snapshot-store.server";
import type { ContentSource } from "~/content/content-source";
import type { Database } from "~/db/client.server";
import { parseEnv, type Env } from "~/env.server";
import { createLogger, type Logger } from "~/lib/logger.server";
import { createSiteReach, type SiteReach } from "~/analytics/site-reach.server";
import { createApp } from "../../server/create-app";
import { createTestDatabase, type TestDatabase } from "./test-database";

const SERVER_BUILD_PATH = fileURLToPath(new URL("../../build/server/index.js", import.meta.url));
const SAMPLE_DATASET_DIR = fileURLToPath(new URL("../../campaigns", import.meta.url));

export interface TestServerOptions {
  /** Variables on top of the test defaults (NODE_ENV=test, the sample dataset, silent logs). */
  env?: Partial<Record<string, string>>;
  /** A content source to use instead of one built from the configuration. */
  content?: ContentSource;
  /** A logger to read what the app logs (default: one at the configured level). */
  logger?: Logger;
  /** Which test database to run on (default PGlite); see DATABASE_KINDS. */
  databaseKind?: "pglite" | "postgres";
  /**
   * A database the caller opened and will close (a second app instance on the same database, as
   * after a restart); default a fresh one, closed with the server.
   */
  database?: TestDatabase;
  /** The one clock of the test: pages' "today" and the content source's times. Default the system clock. */
  now?: () => Date;
  /** Count reach events (server.ts always does; off by default here so other tests' databases stay quiet). */
  reach?: boolean;
  /** Snapshot settings beyond the store (refresh interval, gap); the store is the test database. */
  snapshot?: Omit<ContentSnapshotOptions, "store">;
}

export interface TestServer {
  url: string;
  env: Env;
  content: ContentSource;
  /** The app's database, to check what requests stored. */
  db: Database;
  /** The server's clock (the `now` option, else the system clock): sessions and audit entries made by tests use it too. */
  now: () => Date;
  /** The reach counter when `reach` was asked for. */
  reach?: SiteReach;
  /** PostgreSQL only: the connection URL of the app's throwaway database (for pg_dump). */
  databaseUrl?: string;
  close(): Promise<void>;
}

let buildPromise: Promise<ServerBuild> | undefined;

/** The built server bundle, imported once per test file. */
export function loadServerBuild(): Promise<ServerBuild> {
  buildPromise ??= import(pathToFileURL(SERVER_BUILD_PATH).href) as Promise<ServerBuild>;
  return buildPromise;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const env = parseEnv({
    NODE_ENV: "test",
    CONTENT_DATASET_DIR: SAMPLE_DATASET_DIR,
    LOG_LEVEL: "silent",
    ...options.env,
  });
  const logger = options.logger ?? createLogger({ level: env.LOG_LEVEL });
  const database = options.database ?? (await createTestDatabase(options.databaseKind));
  const closeDatabase = options.database ? async () => undefined : () => database.close();
  const now = options.now ?? (() => new Date());
  const content =
    options.content ??
    createContentSource({ env, logger, now, snapshot: { ...options.snapshot, store: createContentSnapshotStore(database.db) } });
  try {
    const build = await loadServerBuild();
    const reach = options.reach ? createSiteReach({ db: database.db, env, logger, content, now }) : undefined;
    const app = createApp({
      build,
      env,
      logger,
      content,
      db: database.db,
      ...createMessagingServices(env, { db: database.db, logger }),
      now,
      reach,
    });
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      env,
      content,
      db: database.db,
      now,
      ...(reach ? { reach } : {}),
      ...(database.url ? { databaseUrl: database.url } : {}),
      async close() {
        server.closeAllConnections();
        await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
        await reach?.stop();
        await content.stop();
        await closeDatabase();
      },
    };
  } catch (error) {
    await content.stop();
    await closeDatabase();
    throw error;
  }
}
