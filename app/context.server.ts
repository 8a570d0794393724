/**
 * What server.ts hands every loader and action through Remix's load context. Routes read their
 * dependencies from here, so tests can build the same app over other content or databases.
 */
import type { ContentSource } from "~/content/content-source";
import type { Database } from "~/db/client.server";
import type { Env } from "~/env.server";
import type { Logger } from "~/lib/logger.server";

export interface AppContext {
  env: Env;
  logger: Logger;
  content: ContentSource;
  db: Database;
  /** A per-request CSP nonce for the few pages that hydrate. */
  cspNonce: string;
}

declare module "@remix-run/node" {
  interface AppLoadContext extends AppContext {}
}
