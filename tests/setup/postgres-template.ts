/**
 * A migrated PostgreSQL database for one test run to copy: `CREATE DATABASE … TEMPLATE` takes a
 * fraction of the time of migrating each test database from scratch.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase } from "../../app/db/client.server";
import { migrateDatabase } from "../../app/db/migrate.server";

export interface PostgresTemplate {
  name: string;
  drop(): Promise<void>;
}

async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createPostgresTemplate(url: string): Promise<PostgresTemplate> {
  const name = `pc_template_${randomBytes(6).toString("hex")}`;
  await admin(url, (client) => client.query(`CREATE DATABASE ${name}`));
  const target = new URL(url);
  target.pathname = `/${name}`;
  // Every connection to it must be closed before it can be copied.
  const handle = await openDatabase({ kind: "postgres", url: target.toString() });
  try {
    await migrateDatabase(handle);
  } finally {
    await handle.close();
  }
  return {
    name,
    drop: () => admin(url, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
