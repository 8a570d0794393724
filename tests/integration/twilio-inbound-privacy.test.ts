/**
 * After a full conversation (JOIN, menus, HELP, unknown text, STOP, JOIN again, DELETE), no
 * phone number appears in plain text in any text or jsonb column of the database, and neither
 * the number nor any message text appears in the logs.
 */
import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db/client.server";
import { DATABASE_KINDS } from "../setup/test-database";
import { freshNumber, sendOk, startInboundServer, type InboundServer } from "./twilio-inbound-harness";

/** Every value of every text, varchar and jsonb column in the public schema, as text. */
async function dumpTextColumns(db: Database): Promise<string> {
  const columns = await rowsOf<{ table_name: string; column_name: string }>(
    db,
    sql`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' and data_type in ('text', 'character varying', 'jsonb', 'json')`,
  );
  const parts: string[] = [];
  for (const { table_name, column_name } of columns) {
    const values = await rowsOf<{ value: string | null }>(
      db,
      sql`select ${sql.identifier(column_name)}::text as value from ${sql.identifier(table_name)}`,
    );
    for (const row of values) if (row.value) parts.push(row.value);
  }
  return parts.join("\n");
}

/** Both drivers answer `execute` with `{ rows }`; drizzle types the result loosely. */
async function rowsOf<T>(db: Database, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** The forms a number could take in a dump: E.164, without "+", and the national part alone. */
function numberForms(e164: string, countryCode: string): string[] {
  return [e164, e164.slice(1), e164.slice(1 + countryCode.length)];
}

describe.each(DATABASE_KINDS)("no plaintext phone numbers or message texts (%s)", (kind) => {
  let server: InboundServer;
  beforeAll(async () => {
    server = await startInboundServer(kind);
  });
  afterAll(() => server?.close());

  it("keeps numbers out of the database and numbers and texts out of the logs", async () => {
    const kept = freshNumber("+996", "55");
    const deleted = freshNumber("+93", "70");
    const secretText = "my boss keeps my passport zq7";
    for (const body of ["JOIN", "2", "1", "HELP", secretText, "STOP", "START"]) await sendOk(server, kept, body);
    await sendOk(server, `whatsapp:${deleted}`, "JOIN");
    await sendOk(server, `whatsapp:${deleted}`, secretText);
    await sendOk(server, `whatsapp:${deleted}`, "DELETE");

    expect((await server.repliesTo(kept)).length).toBeGreaterThan(5);
    const dump = await dumpTextColumns(server.db);
    expect(dump.length).toBeGreaterThan(0);
    for (const form of [...numberForms(kept, "996"), ...numberForms(deleted, "93")]) {
      expect(dump).not.toContain(form);
    }
    expect(dump).not.toContain(secretText);

    const logs = server.logs.join("");
    expect(logs).toContain("inbound message handled");
    for (const form of [...numberForms(kept, "996"), ...numberForms(deleted, "93")]) {
      expect(logs).not.toContain(form);
    }
    expect(logs).not.toContain(secretText);
    expect(logs).not.toContain("passport");
  });
});
