/**
 * The application context: what every process builds once at start (app/bootstrap.server.ts)
 * and hands on, to the Remix app as its load context and to the jobs. Routes read their
 * dependencies from here, so tests can build the same app over other content or databases.
 * Domain modules never import this type: they declare the few things they need, and a route or
 * job passes them in.
 */
import type { PhoneKeyring } from "~/audience/phone-crypto.server";
import type { ContentSource } from "~/content/content-source";
import type { Database } from "~/db/client.server";
import type { Env } from "~/env.server";
import type { Logger } from "~/lib/logger.server";
import type { Transport } from "~/messaging/transport";

/** One per process, built by the bootstrap. */
export interface AppServices {
  env: Env;
  logger: Logger;
  content: ContentSource;
  db: Database;
  /** Encrypts and looks up phone numbers (PHONE_ENCRYPTION_KEYS, PHONE_INDEX_KEY). */
  keyring: PhoneKeyring;
  /** How messages leave: Twilio, or the local transport of the dev phone. */
  transport: Transport;
}

/** The Remix load context: the process's services plus what belongs to one request. */
export interface AppContext extends AppServices {
  /** A per-request CSP nonce for the few pages that hydrate. */
  cspNonce: string;
  /** The clock pages read "today" from (tests pass their own; the content source uses the same one). */
  now: () => Date;
  /**
   * The client's address as Express resolved it (X-Forwarded-For only with TRUST_PROXY), for the
   * staff sign-in rate limit, which keeps only a keyed hash of it. Absent outside HTTP requests.
   */
  clientAddress?: string;
}

declare module "@remix-run/node" {
  // Module augmentation needs an interface; it adds nothing but the supertype on purpose.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends AppContext {}
}
