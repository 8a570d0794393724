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
 * And fewer round trips: a plain BEGIN is not sent on its own but in the same write as the
 * transaction's first statement, and a COMMIT asked for goes with the transaction's last
 * (pipelined-query.server.ts, decision 031).
 *
 * tests/db/connection-loss.test.ts and tests/load/postgres-restart.load.ts cut connections for real.
 */
import pg from "pg";
import { isWord, PipelinedQuery, statementParameters, statementText, type PipelinedParts } from "./pipelined-query.server";

type QueryFunction = pg.PoolClient["query"];

/**
 * On a checked-out client: the next statement is the transaction's last, and its COMMIT goes
 * in the same write (transaction-ending-with.server.ts is the one caller).
 */
export const COMMIT_WITH_NEXT = Symbol("commit with the next statement");

const DEFERRED: pg.QueryResult = { command: "BEGIN", rowCount: null, oid: 0, rows: [], fields: [] };
const answered = (command: string) => Promise.resolve({ ...DEFERRED, command });

/**
 * A checked-out client that holds back a plain BEGIN and sends it with the next statement that
 * has parameters, and sends a COMMIT asked for (COMMIT_WITH_NEXT) with that statement
 * (PipelinedQuery). A transaction that ends before any statement sends nothing; a statement
 * without parameters gets its BEGIN first and leaves the COMMIT to drizzle, as usual. Once the
 * transaction is committed with its last statement, drizzle's own COMMIT (or ROLLBACK) is
 * answered here and anything else is refused: nothing may run outside the transaction it was
 * written for.
 *
 * Releases a client whose first statement fails: drizzle sends a BEGIN with options (an
 * isolation level) outside the try that releases the client. A held BEGIN fails with the
 * statement it travels with, inside that try.
 */
function checkedOut(client: pg.PoolClient): pg.PoolClient {
  const query = client.query as (...args: unknown[]) => unknown;
  const release = client.release;
  let released = false;
  let sent = false;
  let beginHeld = false;
  let commitNext = false;
  let committed = false;
  const marked = client as unknown as Record<symbol, unknown>;
  const releaseOnce = (error?: Error | boolean) => {
    // A client released here after its first statement failed may still be released by its holder.
    if (released) return;
    released = true;
    client.query = query as QueryFunction;
    client.release = release;
    delete marked[COMMIT_WITH_NEXT];
    release.call(client, error);
  };
  const send = (args: unknown[]): unknown => {
    const first = !sent;
    sent = true;
    const result = query.apply(client, args);
    if (first && result instanceof Promise)
      result.catch((error: unknown) => releaseOnce(error instanceof Error ? error : new Error(String(error))));
    return result;
  };
  const pipelined = (args: unknown[], text: string, values: unknown[], parts: PipelinedParts) => {
    sent = true;
    return new Promise((resolve, reject) => {
      const config = typeof args[0] === "string" ? { text } : args[0];
      const statement = new PipelinedQuery(
        config,
        values,
        (error, result) => {
          if (error) return reject(error);
          committed = parts.commit;
          resolve(result);
        },
        parts,
      );
      query.call(client, statement);
    });
  };
  // `query` has a dozen overloads; this passes every argument through unchanged.
  const held = (...args: unknown[]): unknown => {
    const text = statementText(args);
    if (committed) {
      // drizzle's COMMIT, or its ROLLBACK after an error: the transaction has ended already.
      if (isWord(text, "commit") || isWord(text, "rollback")) {
        committed = false;
        return answered(text!.trim().toUpperCase());
      }
      return Promise.reject(new Error("a statement after its transaction was committed"));
    }
    if (!beginHeld && !commitNext) {
      if (!isWord(text, "begin")) return send(args);
      beginHeld = true;
      return answered("BEGIN");
    }
    const parts = { begin: beginHeld, commit: commitNext };
    beginHeld = false;
    commitNext = false;
    // A transaction that ends before its first statement: nothing was begun, nothing to end.
    if (parts.begin && (isWord(text, "commit") || isWord(text, "rollback"))) return answered(text!.trim().toUpperCase());
    const values = statementParameters(args);
    if (text !== null && values.length > 0) return pipelined(args, text, values, parts);
    if (parts.begin) void send(["begin"]);
    return send(args);
  };
  client.query = held as QueryFunction;
  client.release = releaseOnce;
  marked[COMMIT_WITH_NEXT] = () => {
    commitNext = true;
  };
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
    return super.connect().then(checkedOut);
  }
}
