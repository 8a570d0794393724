/**
 * A statement sent in one write with the BEGIN before it and/or the COMMIT after it, and
 * answered in one round trip (decision 031). The protocol allows it: Parse, Bind and Execute of
 * each, then one Sync. The server runs them in order; an error in any of them skips the rest up
 * to the Sync and fails this query, as separate round trips would have failed the one or the
 * other. Only the statement's own CommandComplete is its result.
 *
 * The statement must have parameters (node-postgres then uses the extended protocol for it, and
 * this query merely adds messages around it). postgres-pool.server.ts decides when to use it.
 */
import pg from "pg";

/** What this uses of node-postgres's connection (not in its type declarations). */
interface Connection {
  stream: { cork?(): void; uncork?(): void };
  parse(query: { text: string }): void;
  bind(config: { values: unknown[] }): void;
  execute(config: { portal?: string; rows?: number }): void;
  sync(): void;
}

/** node-postgres's Query as it is, with the methods PipelinedQuery extends. */
interface QueryMethods {
  portal: string;
  rows: number | undefined;
  submit(connection: Connection): Error | null;
  handleCommandComplete(message: unknown, connection: Connection): void;
  _getRows(connection: Connection, rows: number | undefined): void;
}
const Query = pg.Query as unknown as new (
  config: unknown,
  values: unknown[],
  callback: (error: Error | undefined, result: pg.QueryResult) => void,
) => QueryMethods;

export interface PipelinedParts {
  /** BEGIN first. */
  begin: boolean;
  /** COMMIT after. */
  commit: boolean;
}

export class PipelinedQuery extends Query {
  private completed = 0;

  constructor(
    config: unknown,
    values: unknown[],
    callback: (error: Error | undefined, result: pg.QueryResult) => void,
    private readonly parts: PipelinedParts,
  ) {
    super(config, values, callback);
  }

  override submit(connection: Connection): Error | null {
    connection.stream.cork?.();
    try {
      if (this.parts.begin) sendUnnamed(connection, "begin");
      return super.submit(connection);
    } finally {
      connection.stream.uncork?.();
    }
  }

  /** Called once the statement's Parse, Bind and Describe are written: its Execute, then COMMIT's, then the Sync. */
  override _getRows(connection: Connection, rows: number | undefined): void {
    if (rows || !this.parts.commit) {
      super._getRows(connection, rows);
      return;
    }
    connection.execute({ portal: this.portal });
    sendUnnamed(connection, "commit");
    connection.sync();
  }

  override handleCommandComplete(message: unknown, connection: Connection): void {
    const index = this.completed;
    this.completed += 1;
    if (index === (this.parts.begin ? 1 : 0)) super.handleCommandComplete(message, connection);
  }
}

function sendUnnamed(connection: Connection, text: string): void {
  connection.parse({ text });
  connection.bind({ values: [] });
  connection.execute({});
}

/** `client.query(config, values)` as drizzle calls it: the statement's text, when it is one. */
export function statementText(args: readonly unknown[]): string | null {
  if (args.length > 2 || (args[1] !== undefined && !Array.isArray(args[1]))) return null;
  const config = args[0];
  if (typeof config === "string") return config;
  if (typeof config !== "object" || config === null || "submit" in config) return null;
  const { text, name } = config as { text?: unknown; name?: unknown };
  return typeof text === "string" && !name ? text : null;
}

/** The statement's parameters, as an argument or in its config. */
export function statementParameters(args: readonly unknown[]): unknown[] {
  if (Array.isArray(args[1])) return args[1];
  const values = (args[0] as { values?: unknown } | undefined)?.values;
  return Array.isArray(values) ? values : [];
}

/** The statement is this one word (BEGIN, COMMIT, ROLLBACK), whatever its case and spaces. */
export const isWord = (text: string | null, word: string) => text !== null && text.trim().toLowerCase() === word;
