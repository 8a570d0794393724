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
 * And one round trip less per transaction: a plain BEGIN is not sent on its own but in the same
 * write as the transaction's first statement (`BeginThen`), answered with it. Measured on the
 * inbound webhook, whose transaction is BEGIN, two statements and COMMIT (decision 031).
 *
 * tests/db/connection-loss.test.ts and tests/load/postgres-restart.load.ts cut connections for real.
 */
import pg from "pg";

type QueryFunction = pg.PoolClient["query"];

/** What BeginThen uses of node-postgres's connection (not in its type declarations). */
interface Connection {
  stream: { cork?(): void; uncork?(): void };
  parse(query: { text: string }): void;
  bind(config: { values: unknown[] }): void;
  execute(config: Record<string, never>): void;
}

/** node-postgres's Query as it is, with the two methods BeginThen extends. */
interface QueryMethods {
  submit(connection: Connection): Error | null;
  handleCommandComplete(message: unknown, connection: Connection): void;
}
const Query = pg.Query as unknown as new (
  config: unknown,
  values: unknown[],
  callback: (error: Error | undefined, result: pg.QueryResult) => void,
) => QueryMethods;

/**
 * A statement with parameters preceded by BEGIN in the same write: Parse, Bind and Execute of
 * BEGIN, then the statement's own messages and their one Sync. The server runs them in order,
 * and an error in either skips the rest up to the Sync and fails this query, exactly as two
 * separate round trips would have failed the one or the other. BEGIN's CommandComplete is not
 * the statement's result and is passed over.
 */
class BeginThen extends Query {
  private beginAnswered = false;

  override submit(connection: Connection): Error | null {
    connection.stream.cork?.();
    try {
      connection.parse({ text: "begin" });
      connection.bind({ values: [] });
      connection.execute({});
      return super.submit(connection);
    } finally {
      connection.stream.uncork?.();
    }
  }

  override handleCommandComplete(message: unknown, connection: Connection): void {
    if (this.beginAnswered) super.handleCommandComplete(message, connection);
    else this.beginAnswered = true;
  }
}

const BEGIN_DEFERRED: pg.QueryResult = { command: "BEGIN", rowCount: null, oid: 0, rows: [], fields: [] };

/** `client.query(config, values)` as drizzle calls it: the statement's text, when it is one. */
function statementText(args: readonly unknown[]): string | null {
  if (args.length > 2 || (args[1] !== undefined && !Array.isArray(args[1]))) return null;
  const config = args[0];
  if (typeof config === "string") return config;
  if (typeof config !== "object" || config === null || "submit" in config) return null;
  const { text, name } = config as { text?: unknown; name?: unknown };
  return typeof text === "string" && !name ? text : null;
}

function parameters(args: readonly unknown[]): unknown[] {
  if (Array.isArray(args[1])) return args[1];
  const values = (args[0] as { values?: unknown } | undefined)?.values;
  return Array.isArray(values) ? values : [];
}

const isWord = (text: string | null, word: string) => text !== null && text.trim().toLowerCase() === word;

/**
 * A checked-out client that holds back a plain BEGIN and sends it with the next statement that
 * has parameters (BeginThen); a transaction that ends before any statement sends nothing at all,
 * and any other next statement gets its BEGIN first, as usual. Releases a client whose first
 * statement fails: drizzle sends a BEGIN with options (an isolation level) outside the try that
 * releases the client (a deferred BEGIN fails with its first statement, inside that try).
 */
function checkedOut(client: pg.PoolClient): pg.PoolClient {
  const query = client.query as (...args: unknown[]) => unknown;
  const release = client.release;
  let released = false;
  let sent = false;
  let beginHeld = false;
  const releaseOnce = (error?: Error | boolean) => {
    // A client released here after its first statement failed may still be released by its holder.
    if (released) return;
    released = true;
    client.query = query as QueryFunction;
    client.release = release;
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
  // `query` has a dozen overloads; this passes every argument through unchanged.
  const held = (...args: unknown[]): unknown => {
    const text = statementText(args);
    if (!beginHeld) {
      if (!isWord(text, "begin")) return send(args);
      beginHeld = true;
      return Promise.resolve(BEGIN_DEFERRED);
    }
    beginHeld = false;
    // A transaction that ends before its first statement: nothing was begun, nothing to end.
    if (text !== null && (isWord(text, "commit") || isWord(text, "rollback"))) {
      return Promise.resolve({ ...BEGIN_DEFERRED, command: text.trim().toUpperCase() });
    }
    const values = parameters(args);
    if (text === null || values.length === 0) {
      void send(["begin"]);
      return send(args);
    }
    sent = true;
    return new Promise((resolve, reject) => {
      const config = typeof args[0] === "string" ? { text } : args[0];
      query.call(client, new BeginThen(config, values, (error, result) => (error ? reject(error) : resolve(result))));
    });
  };
  client.query = held as QueryFunction;
  client.release = releaseOnce;
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
