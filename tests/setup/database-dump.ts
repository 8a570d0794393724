/**
 * Every value a database holds, for privacy checks: each row of each table in every schema but
 * PostgreSQL's own, as the row's text form (every column of every type), with its table. On a
 * PostgreSQL test database, `pgDumpText` also returns what `pg_dump --data-only` writes.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { sql } from "drizzle-orm";
import { decryptPhone, phoneBlindIndex, type PhoneKeyring } from "~/audience/phone-crypto.server";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";

export interface DumpedRow {
  table: string;
  row: string;
}

export async function dumpDatabase(db: Database): Promise<DumpedRow[]> {
  const tables = await runSql<{ table_schema: string; table_name: string }>(
    db,
    sql`
    select table_schema, table_name from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
    order by table_schema, table_name`,
  );
  const dumped: DumpedRow[] = [];
  for (const { table_schema, table_name } of tables.rows) {
    const rows = await runSql<{ row: string }>(
      db,
      sql`select t::text as row from ${sql.identifier(table_schema)}.${sql.identifier(table_name)} t`,
    );
    for (const { row } of rows.rows) dumped.push({ table: `${table_schema}.${table_name}`, row });
  }
  return dumped;
}

const PG_DUMP = "/usr/lib/postgresql/15/bin/pg_dump";

/** `pg_dump --data-only` of a PostgreSQL database, or null when the binary is not installed. */
export function pgDumpText(url: string): string | null {
  if (!existsSync(PG_DUMP)) return null;
  return execFileSync(PG_DUMP, ["--data-only", "--no-owner", url], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
}

/** The forms a number could take in a dump: E.164, without "+", and its last nine digits. */
export function numberForms(e164: string): string[] {
  const digits = e164.slice(1);
  return [e164, digits, digits.slice(-9)];
}

const CIPHERTEXT = /v1\.[A-Za-z0-9_-]{1,16}\.[A-Za-z0-9_-]{20,}/g;

/**
 * What in `text` still identifies `e164`: the number in any form, its blind index, or a phone
 * ciphertext that decrypts to it. One line per finding, for a readable failure.
 */
export function tracesOfNumber(text: string, e164: string, keyring: PhoneKeyring): string[] {
  const found: string[] = [];
  for (const form of numberForms(e164)) if (text.includes(form)) found.push(`the number (${form})`);
  if (text.includes(phoneBlindIndex(keyring, e164))) found.push("its blind index");
  for (const [ciphertext] of text.matchAll(CIPHERTEXT)) {
    let plain: string | null = null;
    try {
      plain = decryptPhone(keyring, ciphertext);
    } catch {
      // Not one of ours, or not a ciphertext at all.
    }
    if (plain === e164) found.push(`a ciphertext of it (${ciphertext.slice(0, 16)}…)`);
  }
  return found;
}

/**
 * Rows that still identify an erased number. The opt-out tombstone is the one row allowed to
 * hold its blind index (that is what keeps it opted out), and nothing else there.
 */
export function rowsIdentifying(rows: readonly DumpedRow[], e164: string, keyring: PhoneKeyring): string[] {
  const index = phoneBlindIndex(keyring, e164);
  const problems: string[] = [];
  for (const { table, row } of rows) {
    const tombstone = table === "public.opt_out_tombstones";
    const traces = tracesOfNumber(tombstone ? row.replace(index, "") : row, e164, keyring);
    if (traces.length > 0) problems.push(`${table}: ${traces.join(", ")} in ${row.slice(0, 200)}`);
  }
  return problems;
}
