/**
 * Sign-in rate limits over HTTP, one fake clock: after 5 failures in 15 minutes an account is
 * refused (429, a message with when to retry, Retry-After), the right password included, until
 * the window passes; an unknown email is limited exactly the same way (no enumeration by the
 * limit); 20 failures from one client address limit that client for every account. (That an
 * unknown email costs an argon2 verification too: tests/unit/staff-gate.test.ts.) Nothing
 * identifying is stored: no typed email, no address.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runSql } from "~/db/run-sql.server";
import { DATABASE_KINDS } from "../setup/test-database";
import { startTestServer, type TestServer } from "../setup/test-server";
import { createTestStaffUser, type TestStaffUser } from "./staff-session-kit";

const START = new Date("2026-12-01T08:00:00Z");

describe.each(DATABASE_KINDS)("sign-in rate limits on %s", (kind) => {
  let server: TestServer;
  let clock = START;
  let user: TestStaffUser;
  beforeAll(async () => {
    server = await startTestServer({ now: () => clock, databaseKind: kind });
    user = await createTestStaffUser(server.db, server.env, { role: "editor", password: true, now: START });
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => {
    // Each test starts well past the previous one's window.
    clock = new Date(clock.getTime() + 60 * 60_000);
  });

  const signIn = async (email: string, password: string) => {
    const response = await fetch(`${server.url}/staff/sign-in`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: server.url },
      body: new URLSearchParams({ intent: "password", email, password }),
    });
    const html = await response.text();
    return {
      status: response.status,
      retryAfter: response.headers.get("retry-after"),
      message: /<p role="alert"[^>]*>([^<]*)</.exec(html)?.[1],
    };
  };

  it("limits an account after 5 failures, with when to retry, then lets it in after the window", async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await signIn(user.email, "wrong password here")).status).toBe(401);
    const limited = await signIn(user.email, user.password!);
    expect(limited.status).toBe(429);
    const retryAt = new Date(clock.getTime() + 15 * 60_000);
    expect(limited.message).toBe(`Too many attempts. Try again after ${retryAt.toISOString().slice(11, 16)} UTC (in about 15 minutes).`);
    expect(limited.retryAfter).toBe(String(15 * 60));
    clock = new Date(clock.getTime() + 15 * 60_000 + 1_000);
    expect((await signIn(user.email, user.password!)).status).toBe(303);
  });

  it("limits an unknown email exactly like a real one", async () => {
    const real: number[] = [];
    const unknown: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      real.push((await signIn(user.email, "wrong password here")).status);
      unknown.push((await signIn("no-such-person@staff.test", "wrong password here")).status);
    }
    expect(real).toEqual([401, 401, 401, 401, 401, 429]);
    expect(unknown).toEqual(real);
  });

  it("limits a client address after 20 failures, for every account", async () => {
    for (let attempt = 0; attempt < 20; attempt += 1)
      expect((await signIn(`guess-${attempt}@staff.test`, "wrong password")).status).toBe(401);
    expect((await signIn(user.email, user.password!)).status).toBe(429);
  });

  it("stores only keyed hashes: no typed email, no address", async () => {
    await signIn("someone-typed-this@staff.test", "wrong password here");
    const rows = await runSql<{ key_hash: string }>(server.db, sql`select key_hash from staff_sign_in_failures`);
    const stored = JSON.stringify(rows.rows);
    expect(stored).not.toContain("someone-typed-this");
    expect(stored).not.toContain("127.0.0.1");
    expect(rows.rows.every((row) => /^(account|client):[0-9a-f]{64}$/.test(row.key_hash))).toBe(true);
  });
});
