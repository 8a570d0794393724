/**
 * The real app over HTTP for integration tests: parsed configuration, the real content source
 * (local sample dataset unless overridden), a migrated test database, the built Remix server
 * bundle (the global setup runs `remix build`), listening on a free port.
 */
import type { AddressInfo } from "node:net";
import { createServer } from "node:http";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { createContentSource } from "~/content/content-source.server";
import type { ContentSource } from "~/content/content-source";
import type { Database } from "~/db/client.server";
import { parseEnv, type Env } from "~/env.server";
import { createLogger, type Logger } from "~/lib/logger.server";
import { createApp } from "../../server/create-app";
import { createTestDatabase } from "./test-database";

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
}

export interface TestServer {
  url: string;
  env: Env;
  content: ContentSource;
  /** The app's database, to check what requests stored. */
  db: Database;
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
  const content = options.content ?? createContentSource({ env, logger });
  const database = await createTestDatabase(options.databaseKind);
  try {
    const build = await loadServerBuild();
    const app = createApp({ build, env, logger, content, db: database.db });
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      env,
      content,
      db: database.db,
      async close() {
        server.closeAllConnections();
        await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
