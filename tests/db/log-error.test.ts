/**
 * errorFacts, the one way errors reach a log: for real failed queries on both databases (a NUL
 * byte the database refuses, a unique-constraint violation, a trigger's exception) it keeps the
 * error class, the SQLSTATE and the constraint, and never the query, its parameters, the driver's
 * message or its detail (which quotes the duplicate value). Other errors keep name and code only,
 * unless their class is one whose message this codebase writes from configuration.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptPhone, phoneBlindIndex } from "~/audience/phone-crypto.server";
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { ContentUnavailableError } from "~/content/content-errors";
import { subscribers } from "~/db/schema";
import { parseEnv } from "~/env.server";
import { errorFacts } from "~/lib/log-error.server";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";

const keyring = phoneKeyringFromEnv(parseEnv({ NODE_ENV: "test" }));
const NUMBER = "+996555123999";

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected the statement to fail");
}

describe.each(DATABASE_KINDS)("errorFacts on real query failures (%s)", (kind) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
  });
  afterAll(() => testDb?.close());

  const values = () => ({
    phoneCiphertext: encryptPhone(keyring, NUMBER),
    phoneIndex: phoneBlindIndex(keyring, NUMBER),
    channel: "sms" as const,
  });

  it("a NUL byte in a parameter: class and SQLSTATE 22021, not the text", async () => {
    const error = await failure(() => testDb.db.execute(sql`select ${"my secret\u0000text"}::text`));
    // The raw error does quote it: that is what must not reach a log.
    expect(String((error as Error).message) + JSON.stringify(error)).toMatch(/my secret|params/);
    const facts = errorFacts(error, { frames: true });
    expect(JSON.stringify(facts)).toContain("22021");
    expect(JSON.stringify(facts)).not.toMatch(/my secret|params|select|0x00/);
  });

  it("a unique violation: the constraint's name, not the duplicate value or the ciphertext", async () => {
    const row = values();
    await testDb.db.insert(subscribers).values(row);
    const error = await failure(() => testDb.db.insert(subscribers).values({ ...row, phoneCiphertext: encryptPhone(keyring, NUMBER) }));
    const facts = errorFacts(error, { frames: true });
    const text = JSON.stringify(facts);
    expect(text).toContain("23505");
    expect(text).toContain("subscribers_phone_index_uq");
    expect(text).not.toContain(row.phoneIndex);
    expect(text).not.toContain(NUMBER);
    expect(text).not.toMatch(/v1\.|already exists|Key \(|params|insert into/);
    expect(facts.frames).toMatch(/^at /);
  });
});

describe("errorFacts on other errors", () => {
  it("keeps name and code of a provider error, never its message", () => {
    const twilio = Object.assign(new Error(`The 'To' number ${NUMBER} is not a valid phone number.`), {
      name: "RestException",
      status: 400,
      code: 21211,
    });
    expect(errorFacts(twilio)).toEqual({ name: "RestException", status: 400, code: 21211 });
  });

  it("keeps a Node system error's code and call, not the address", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 10.1.2.3:5432"), {
      code: "ECONNREFUSED",
      syscall: "connect",
      address: "10.1.2.3",
      port: 5432,
    });
    expect(errorFacts(refused)).toEqual({ name: "Error", code: "ECONNREFUSED", syscall: "connect" });
  });

  it("keeps the message of an error this codebase words itself, and follows causes", () => {
    const cause = Object.assign(new Error("Internal server error"), { name: "ServerError", statusCode: 500 });
    expect(errorFacts(new ContentUnavailableError("sanity", { cause }))).toEqual({
      name: "ContentUnavailableError",
      message: "Content is unavailable: the sanity content backend failed and nothing is cached",
      cause: { name: "ServerError", status: 500 },
    });
  });

  it("says only the type of a thrown non-error", () => {
    expect(errorFacts(`secret ${NUMBER}`)).toEqual({ name: "string" });
    expect(errorFacts({ message: `secret ${NUMBER}` })).toEqual({ name: "Error" });
  });
});
