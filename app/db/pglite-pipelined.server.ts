/**
 * PGlite with each parameterised statement prepared once and then run in one call into its
 * engine, where `PGlite.query` makes six calls and parses and plans the statement every time.
 *
 * `PGlite.query` runs the extended protocol one message per call into the wasm engine (parse,
 * describe statement, bind, describe portal, execute, sync). Each call has a fixed cost, and the
 * parse and plan of a statement like the inbound webhook's first one cost more than running it.
 * This client does what a network driver with prepared statements does: the first time a
 * statement text is seen it is prepared under a name (which also tells its parameter types, to
 * pick PGlite's serializer for each JS value as PGlite does); from then on bind, describe,
 * execute and sync go in one call. Measured on the inbound webhook (one message handled, one at
 * a time): ≈ 1.1 ms instead of ≈ 2.4 ms of main-thread time.
 *
 * Everything else (the locks that keep one statement or transaction at a time, BEGIN/COMMIT,
 * errors, result parsing, syncing a data directory) is PGlite's own. Statements without
 * parameters (migrations, mostly one-off) are sent in one call without being kept.
 */
import { messages, parse, protocol, type PGlite, type QueryOptions, type Results, type Transaction } from "@electric-sql/pglite";

/** What drizzle's PGlite driver uses of its client. */
export type PgliteClient = Pick<PGlite, "query" | "transaction">;

/** Distinct statements kept prepared; past this they are all closed and prepared afresh. */
const MAX_PREPARED_STATEMENTS = 1_000;

/** After a schema change, a prepared statement may no longer mean what it did: prepare afresh. */
const SCHEMA_CHANGE = /^(CREATE|ALTER|DROP|COMMENT)\b/;

/** feature_not_supported ("cached plan must not change result type"), invalid_sql_statement_name. */
const STALE_STATEMENT_CODES = new Set(["0A000", "26000"]);

export function pipelinedPglite(pglite: PGlite): PgliteClient {
  const { serialize } = protocol;
  /** What follows every bind: the same bytes each time. */
  const describeExecuteSync = concat([serialize.describe({ type: "P" }), serialize.execute({}), serialize.sync()]);
  const prepared = new Map<string, Prepared>();
  let preparedCount = 0;
  /** Statements forgotten here and still to be closed in the engine. */
  let toClose: string[] = [];
  /** Errors from a prepared statement that no longer fits: the query may be tried again. */
  const staleErrors = new WeakSet<object>();

  function forgetAll(): void {
    for (const statement of prepared.values()) toClose.push(statement.name);
    prepared.clear();
  }

  /** Sends the messages in one call; errors come back as PGlite's own (with query and params). */
  async function exchange(message: Uint8Array, text: string, params: unknown[], options: QueryOptions | undefined) {
    try {
      return await pglite.execProtocolStream(message, { syncToFs: false, ...(options?.onNotice ? { onNotice: options.onNotice } : {}) });
    } catch (error) {
      if (error instanceof messages.DatabaseError) Object.assign(error, { query: text, params, queryOptions: options });
      throw error;
    }
  }

  /** The statement prepared under a name, with its parameter types: parsed and planned once. */
  async function prepare(text: string, params: unknown[], options: QueryOptions | undefined): Promise<Prepared> {
    const known = prepared.get(text);
    if (known) return known;
    if (toClose.length > 0) {
      // Closing a statement that is gone is no error; nothing here may fail the caller's query.
      const closes = toClose.map((name) => serialize.close({ type: "S", name }));
      toClose = [];
      await pglite.execProtocolStream(concat([...closes, serialize.sync()]), { syncToFs: false, throwOnError: false });
    }
    if (prepared.size >= MAX_PREPARED_STATEMENTS) forgetAll();
    preparedCount += 1;
    const name = `pipelined_${preparedCount}`;
    const described = await exchange(
      concat([serialize.parse({ name, text }), serialize.describe({ type: "S", name }), serialize.sync()]),
      text,
      params,
      options,
    );
    const statement = { name, types: parse.parseDescribeStatementResults(described) };
    prepared.set(text, statement);
    return statement;
  }

  /** PGlite's `#runQuery`, with the messages in one call. The caller holds the transaction lock. */
  async function run<T>(text: string, params: unknown[], options: QueryOptions | undefined, inTransaction: boolean): Promise<Results<T>> {
    const result = await pglite._runExclusiveQuery(async () => {
      // Without parameters there are no types to learn: parsed and run in the same call. These are
      // mostly one-off statements (migrations), not worth keeping prepared.
      const statement = params.length > 0 ? await prepare(text, params, options) : null;
      const values = params.map((param, i) => {
        if (param === null || param === undefined) return null;
        const oid = statement!.types[i]!;
        const serializer = options?.serializers?.[oid] ?? pglite.serializers[oid];
        return serializer ? serializer(param) : String(param);
      });
      let results: messages.BackendMessage[];
      try {
        results = await exchange(
          concat([
            ...(statement ? [] : [serialize.parse({ text })]),
            serialize.bind({ statement: statement?.name ?? "", values }),
            describeExecuteSync,
          ]),
          text,
          params,
          options,
        );
      } catch (error) {
        // A prepared statement that no longer fits the schema (changed behind this client's back,
        // e.g. "cached plan must not change result type") or was deallocated: prepared afresh next time.
        if (statement && error instanceof messages.DatabaseError && STALE_STATEMENT_CODES.has(error.code ?? "")) {
          prepared.delete(text);
          toClose.push(statement.name);
          staleErrors.add(error);
        }
        throw error;
      }
      if (results.some((m) => m instanceof messages.CommandCompleteMessage && SCHEMA_CHANGE.test(m.text))) forgetAll();
      return parse.parseResults(results, parsersFor(results, options, pglite.parsers), { ...options, parsers: undefined })[0] as Results<T>;
    });
    if (!inTransaction) await pglite.syncToFs();
    return result;
  }

  /** What PGlite's own path must still do: a blob (COPY) or explicit parameter types. */
  const special = (options: QueryOptions | undefined) => options?.blob !== undefined || options?.paramTypes !== undefined;

  return {
    async query<T>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
      if (special(options)) return pglite.query<T>(text, params, options);
      await pglite._checkReady();
      try {
        return await pglite._runExclusiveTransaction(() => run<T>(text, params, options, false));
      } catch (error) {
        // Outside a transaction nothing was done: once more, prepared afresh (see `run`).
        if (!(error instanceof Error && staleErrors.has(error))) throw error;
        return pglite._runExclusiveTransaction(() => run<T>(text, params, options, false));
      }
    },
    transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
      return pglite.transaction((tx) => {
        // Every other method (and `closed`) is the transaction's own.
        const pipelined = Object.create(tx) as Transaction;
        pipelined.query = async <R>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<R>> => {
          if (special(options)) return tx.query<R>(text, params, options);
          if (tx.closed) throw new Error("Transaction is closed");
          return run<R>(text, params, options, true);
        };
        return callback(pipelined);
      });
    },
  };
}

interface Prepared {
  name: string;
  /** The parameters' type OIDs, as the server inferred them. */
  types: number[];
}

/**
 * The parsers for the result's columns: the query's own over PGlite's. PGlite merges the two
 * whole sets (hundreds of parsers, one per array type) on every query that passes its own, as
 * drizzle's always do, which costs more than running a small statement; only the columns'
 * types are ever looked up.
 */
function parsersFor(
  results: readonly messages.BackendMessage[],
  options: QueryOptions | undefined,
  defaults: PGlite["parsers"],
): PGlite["parsers"] {
  const own = options?.parsers;
  const parsers: PGlite["parsers"] = {};
  for (const message of results) {
    if (!(message instanceof messages.RowDescriptionMessage)) continue;
    for (const { dataTypeID } of message.fields) {
      const parser = own && dataTypeID in own ? own[dataTypeID] : defaults[dataTypeID];
      if (parser) parsers[dataTypeID] = parser;
    }
  }
  return parsers;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.byteLength;
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.byteLength;
  }
  return joined;
}
