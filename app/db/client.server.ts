/**
 * Opens the database: PGlite (PostgreSQL in wasm, a directory on disk or in memory) by default,
 * node-postgres when a `DATABASE_URL` is given. Both yield the same drizzle type, so every module
 * and test runs unchanged on either.
 */
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import { pipelinedPglite } from "./pglite-pipelined.server";
import { ResilientPool } from "./postgres-pool.server";

/**
 * Without drizzle's relational API (`db.query.*`, unused): given the schema, drizzle builds a
 * query builder per table for every transaction it opens, a measurable share of the inbound
 * webhook's time (decision 031).
 */
export type Database = PgDatabase<PgQueryResultHKT>;

export type DatabaseTarget =
  { kind: "pglite"; dataDir: string | "memory"; loadDataDir?: Blob } | { kind: "postgres"; url: string; maxConnections?: number };

export interface DatabaseHandle {
  db: Database;
  kind: DatabaseTarget["kind"];
  /** Releases connections (PGlite must be closed, or the process never exits). */
  close(): Promise<void>;
  /** PGlite only: the underlying instance, for snapshots in tests. */
  pglite?: PGlite;
}

/** How long an unused PostgreSQL connection is kept: across bursts, not across quiet hours. */
const IDLE_CONNECTION_MS = 5 * 60_000;

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === "postgres") {
    const pool = new ResilientPool({
      connectionString: target.url,
      max: target.maxConnections ?? 10,
      connectionTimeoutMillis: 5_000,
      // Connections stay open across bursts of traffic (node-postgres closes them after 10 s idle
      // by default): a new one costs a backend start and cold caches, tens of milliseconds on
      // the first transactions, which showed as the inbound webhook's slowest answers.
      idleTimeoutMillis: IDLE_CONNECTION_MS,
    });
    const db = drizzlePostgres(pool) as unknown as Database;
    return { db, kind: "postgres", close: () => pool.end() };
  }
  const pglite = await PGlite.create(target.dataDir === "memory" ? undefined : target.dataDir, {
    loadDataDir: target.loadDataDir,
  });
  // drizzle's driver only calls `query` and `transaction`, which run pipelined (see that module).
  const db = drizzlePglite({ client: pipelinedPglite(pglite) as PGlite }) as unknown as Database;
  return {
    db,
    kind: "pglite",
    pglite,
    close: async () => {
      if (!pglite.closed) await pglite.close();
    },
  };
}

/** The target the configuration asks for. */
export function databaseTargetFromEnv(env: { DATABASE_URL?: string; PGLITE_DATA_DIR: string }): DatabaseTarget {
  return env.DATABASE_URL ? { kind: "postgres", url: env.DATABASE_URL } : { kind: "pglite", dataDir: env.PGLITE_DATA_DIR };
}
