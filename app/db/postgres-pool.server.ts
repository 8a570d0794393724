/**
 * The node-postgres pool, made to outlive a lost connection (a server restart, a failover, an
 * administrator's pg_terminate_backend) without a restart of our process. Two gaps close here:
 *
 * - node-postgres reports a lost connection as an 'error' event on the client. The pool listens
 *   while a client is idle, but not while it is checked out for a transaction, and an 'error'
 *   event with no listener is an uncaught exception: the process died. Every client now has a
 *   listener; the statement in flight still fails (its promise rejects) and the pool discards the
 *   broken client on release.
 * - drizzle's transaction sends BEGIN before its try/finally that releases the client, so a BEGIN
 *   that fails (on a connection lost while it sat idle) kept the client checked out for ever: each
 *   restart took connections from the pool until none were left and every request waited for one.
 *   A checked-out client whose first statement fails is released here, as broken.
 *
 * tests/db/connection-loss.test.ts and tests/load/postgres-restart.load.ts cut connections for real.
 */
import pg from "pg";

type QueryFunction = pg.PoolClient["query"];

/** Releases (and so discards) a checked-out client whose first statement fails. */
function releasedIfFirstStatementFails(client: pg.PoolClient): pg.PoolClient {
  const query = client.query;
  // `query` has a dozen overloads; the wrapper passes every argument through unchanged.
  const first = function (this: pg.PoolClient, ...args: unknown[]) {
    client.query = query;
    const result = (query as (...a: unknown[]) => unknown).apply(client, args);
    if (result instanceof Promise) {
      result.catch((error: unknown) => {
        const release = client.release;
        // Whoever holds the client may still release it (a drizzle that one day sends BEGIN
        // inside its try): a second release would throw over the real error.
        client.release = () => undefined;
        release(error instanceof Error ? error : new Error(String(error)));
      });
    }
    return result;
  };
  client.query = first as unknown as QueryFunction;
  return client;
}

export class ResilientPool extends pg.Pool {
  constructor(config: pg.PoolConfig) {
    super(config);
    // An idle client losing its connection.
    this.on("error", () => undefined);
    // A checked-out client losing its connection.
    this.on("connect", (client) => client.on("error", () => undefined));
  }

  // The promise form is what drizzle's transactions use; pool.query() uses the callback form
  // and releases its client itself, so it is left alone.
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  override connect(
    callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void,
  ): Promise<pg.PoolClient> | void {
    if (callback) return super.connect(callback);
    return super.connect().then(releasedIfFirstStatementFails);
  }
}
