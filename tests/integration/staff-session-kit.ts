/**
 * Staff users and signed-in sessions for tests, without the sign-in page: a user is inserted, a
 * session opened in the store and its cookie signed exactly as the app signs it. Use the server's
 * clock (`server.now`), so a test's fake clock and the session agree.
 *
 *   const staff = await signInAs(server, "approver");
 *   await fetch(`${server.url}/staff/broadcasts`, { headers: staff.headers });
 *   await staffPost(server, staff, "/staff/broadcasts", { intent: "pause", runId: "1" });
 */
import { eq } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { staffUsers } from "~/db/schema";
import type { Env } from "~/env.server";
import { hashPassword } from "~/staff/passwords.server";
import type { StaffRole } from "~/staff/roles";
import { staffCookie } from "~/staff/staff-session.server";
import { createSession } from "~/staff/staff-sessions.server";
import { encryptTotpSecret, newTotpSecret } from "~/staff/totp.server";
import type { TestServer } from "../setup/test-server";

export interface TestStaffUser {
  id: number;
  email: string;
  role: StaffRole;
  /** The password when one was asked for (`password: true` or a string). */
  password?: string;
  /** The base32 TOTP secret when `secondFactor: true` (make codes with totpCode from ~/staff/totp.server). */
  totpSecret?: string;
}

export interface TestStaffSession {
  user: TestStaffUser;
  /** The Cookie header value. */
  cookie: string;
  csrfToken: string;
  /** Headers of a page request with this session (Cookie, Accept: text/html). */
  headers: Record<string, string>;
}

let counter = 0;

/** A staff user straight into the database (argon2 only when a password is asked for). */
export async function createTestStaffUser(
  db: Database,
  env: Pick<Env, "SESSION_SECRET">,
  options: {
    role: StaffRole;
    email?: string;
    displayName?: string;
    password?: string | true;
    secondFactor?: boolean;
    disabled?: boolean;
    now?: Date;
  },
): Promise<TestStaffUser> {
  counter += 1;
  const email = (options.email ?? `${options.role}-${counter}-${Date.now().toString(36)}@staff.test`).toLowerCase();
  const password = options.password === true ? `correct horse battery ${counter} staple` : options.password;
  const totpSecret = options.secondFactor ? newTotpSecret() : undefined;
  const at = options.now ?? new Date();
  const [row] = await db
    .insert(staffUsers)
    .values({
      email,
      displayName: options.displayName ?? `Test ${options.role} ${counter}`,
      role: options.role,
      passwordHash: password ? await hashPassword(password) : null,
      totpSecretEncrypted: totpSecret ? encryptTotpSecret(env.SESSION_SECRET, totpSecret) : null,
      disabledAt: options.disabled ? at : null,
      createdAt: at,
      updatedAt: at,
    })
    .returning({ id: staffUsers.id });
  return { id: row!.id, email, role: options.role, ...(password ? { password } : {}), ...(totpSecret ? { totpSecret } : {}) };
}

/** A complete session (second factor given) for the user, at the server's clock unless `now` is given. */
export async function openTestSession(
  server: Pick<TestServer, "db" | "env" | "now">,
  user: TestStaffUser,
  now?: Date,
): Promise<TestStaffSession> {
  const { id, csrfToken } = await createSession(server.db, user.id, true, now ?? server.now());
  const setCookie = await staffCookie(server.env).serialize(id);
  const cookie = setCookie.split(";")[0]!;
  return { user, cookie, csrfToken, headers: { Cookie: cookie, Accept: "text/html" } };
}

/** A new user of this role, signed in. */
export async function signInAs(
  server: Pick<TestServer, "db" | "env" | "now">,
  role: StaffRole,
  options: { email?: string; password?: string | true; secondFactor?: boolean } = {},
): Promise<TestStaffSession> {
  const user = await createTestStaffUser(server.db, server.env, { role, ...options, now: server.now() });
  return openTestSession(server, user);
}

/** A same-origin form post with the session's cookie and CSRF token (redirects not followed). */
export function staffPost(
  server: Pick<TestServer, "url">,
  session: TestStaffSession,
  path: string,
  fields: Record<string, string> = {},
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { Cookie: session.cookie, Origin: server.url, Accept: "text/html", ...headers },
    body: new URLSearchParams({ csrf: session.csrfToken, ...fields }),
  });
}

/** Disables a test user directly (their sessions stop working at the next request). */
export async function disableTestStaffUser(db: Database, userId: number, at: Date): Promise<void> {
  await db.update(staffUsers).set({ disabledAt: at }).where(eq(staffUsers.id, userId));
}

/** The session as a playwright cookie: `await context.addCookies([browserCookie(server, staff)])`. */
export function browserCookie(server: Pick<TestServer, "url">, session: TestStaffSession): { name: string; value: string; url: string } {
  const [name, ...value] = session.cookie.split("=");
  return { name: name!, value: value.join("="), url: server.url };
}
