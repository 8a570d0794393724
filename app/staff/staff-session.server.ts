/**
 * The staff pages' gate. A signed, http-only, SameSite=Lax cookie (`__Host-staff` and Secure in
 * production, `staff` otherwise) carries a random session id; the session itself is server-side
 * (app/staff/staff-sessions.server.ts). Every staff loader calls `requireStaffUser`, every staff
 * action `requireStaffForm`, with the least role the page or action needs
 * (docs/decisions/023-staff-accounts.md).
 */
import { timingSafeEqual, createHash } from "node:crypto";
import { createCookie, redirect, type AppLoadContext, type Cookie } from "@remix-run/node";
import type { Env } from "~/env.server";
import { checkRequestOrigin } from "./request-origin.server";
import { roleAllows, STAFF_ROLES, type StaffRole } from "./roles";
import { createSession, deleteDeadSessions, findLiveSession, SESSION_ABSOLUTE_MS, type StoredSession } from "./staff-sessions.server";

/** The signed-in staff user of a request. */
export type StaffUser = {
  id: number;
  email: string;
  displayName: string;
  role: StaffRole;
  /** The session's id hash (the table's key), never the raw id. */
  sessionId: string;
  /** The session's CSRF token: every staff form carries it (<CsrfField token={user.csrfToken} />). */
  csrfToken: string;
  /** Whether the user has enrolled a second factor (TOTP). */
  hasSecondFactor: boolean;
};

export const SIGN_IN_PATH = "/staff/sign-in";
/** Where a user must enrol a second factor when STAFF_REQUIRE_2FA is on. */
export const ACCOUNT_PATH = "/staff/account";
/** Roles that must have a second factor when STAFF_REQUIRE_2FA is on. */
const SECOND_FACTOR_ROLES: ReadonlySet<StaffRole> = new Set<StaffRole>(STAFF_ROLES.filter((role) => roleAllows(role, "approver")));

/** True when this configuration requires a second factor of a user with this role (they may not turn it off). */
export function secondFactorRequired(env: Pick<Env, "STAFF_REQUIRE_2FA">, role: StaffRole): boolean {
  return env.STAFF_REQUIRE_2FA && SECOND_FACTOR_ROLES.has(role);
}

const cookies = new WeakMap<Env, Cookie>();

/** The staff session cookie for this configuration. */
export function staffCookie(env: Env): Cookie {
  let cookie = cookies.get(env);
  if (!cookie) {
    // `__Host-` makes the browser refuse the cookie unless Secure, Path=/ and no Domain: no
    // subdomain or plain-HTTP page can plant or overwrite it.
    cookie = createCookie(env.isProduction ? "__Host-staff" : "staff", {
      httpOnly: true,
      sameSite: "lax",
      secure: env.isProduction,
      path: "/",
      maxAge: SESSION_ABSOLUTE_MS / 1000,
      secrets: [env.SESSION_SECRET],
    });
    cookies.set(env, cookie);
  }
  return cookie;
}

/** The raw session id in the request's cookie, if it carries a validly signed one. */
async function sessionIdOf(request: Request, env: Env): Promise<string | null> {
  const value: unknown = await staffCookie(env).parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

/** The request's live session, complete or waiting for the second factor, or null. */
export async function findStaffSession(request: Request, context: AppLoadContext): Promise<StoredSession | null> {
  const id = await sessionIdOf(request, context.env);
  return id ? findLiveSession(context.db, id, context.now()) : null;
}

/** Starts a new session (a new id: a cookie set before sign-in is never adopted) and returns its Set-Cookie header. */
export async function startStaffSession(
  context: AppLoadContext,
  userId: number,
  secondFactor: boolean,
): Promise<{ setCookie: string; csrfToken: string }> {
  // Sign-ins are rare: a good moment to drop sessions that can no longer be live.
  await deleteDeadSessions(context.db, context.now());
  const { id, csrfToken } = await createSession(context.db, userId, secondFactor, context.now());
  return { setCookie: await staffCookie(context.env).serialize(id), csrfToken };
}

/** A Set-Cookie header removing the session cookie. */
export function clearStaffCookie(env: Env): Promise<string> {
  return staffCookie(env).serialize("", { maxAge: 0, expires: new Date(0) });
}

/**
 * Page requests (an HTML GET, or a form post from a page whose session ran out) are sent to
 * sign in; anything else (downloads, scripts, `.data` fetches) gets a plain 401.
 */
function wantsSignInPage(request: Request): boolean {
  const url = new URL(request.url);
  if (/\.[a-z0-9]+$/i.test(url.pathname)) return false;
  if (request.method === "GET" || request.method === "HEAD") return (request.headers.get("Accept") ?? "").includes("text/html");
  const type = request.headers.get("Content-Type") ?? "";
  return type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data");
}

/** `/staff/sign-in?next=…` for this request: back to the same page (and query) after signing in. */
export function signInLocation(request: Request): string {
  const url = new URL(request.url);
  return `${SIGN_IN_PATH}?${new URLSearchParams({ next: `${url.pathname}${url.search}` })}`;
}

export interface RequireStaffOptions {
  /** The account page itself: reachable by an approver or admin who has yet to enrol a required second factor. */
  enrolment?: boolean;
}

/**
 * The signed-in staff user, or a thrown response: 303 to the sign-in page for a page request
 * without a live session (401 for other requests), 403 when the user's role is below `needed`,
 * 303 to the account page when STAFF_REQUIRE_2FA asks this user to enrol a second factor first.
 */
export async function requireStaffUser(
  request: Request,
  context: AppLoadContext,
  needed: StaffRole,
  options: RequireStaffOptions = {},
): Promise<StaffUser> {
  const session = await findStaffSession(request, context);
  if (!session || !session.complete) {
    if (wantsSignInPage(request)) throw redirect(signInLocation(request), { status: 303, headers: { "Cache-Control": "no-store" } });
    throw new Response("Staff sign-in required.", {
      status: 401,
      headers: { "Cache-Control": "no-store", "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const { user } = session;
  if (!user.hasSecondFactor && secondFactorRequired(context.env, user.role) && !options.enrolment) {
    throw redirect(`${ACCOUNT_PATH}?enrol=required`, { status: 303, headers: { "Cache-Control": "no-store" } });
  }
  if (!roleAllows(user.role, needed)) {
    throw new Response(`This needs the ${needed} role; you are ${user.role === "admin" ? "an" : "a"} ${user.role}.`, {
      status: 403,
      headers: { "Cache-Control": "no-store", "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    sessionId: session.idHash,
    csrfToken: session.csrfToken,
    hasSecondFactor: user.hasSecondFactor,
  };
}

function digest(value: string): Buffer {
  // Equal-length inputs for timingSafeEqual whatever was sent.
  return createHash("sha256").update(value, "utf8").digest();
}

/** True when `given` is the session's CSRF token (constant time). */
export function csrfTokenMatches(given: FormDataEntryValue | null, expected: string): boolean {
  return typeof given === "string" && given.length > 0 && timingSafeEqual(digest(given), digest(expected));
}

/** A 403 naming why a form post was refused. */
export function refusedPost(reason: string): Response {
  return new Response(`Form refused: ${reason}. Go back, reload the page and try again.`, {
    status: 403,
    headers: { "Cache-Control": "no-store", "Content-Type": "text/plain; charset=utf-8" },
  });
}

/**
 * For staff actions: `requireStaffUser`, then the post must come from our own page (Origin and
 * Sec-Fetch-Site, app/staff/request-origin.server.ts) and carry the session's CSRF token in the
 * form field `csrf`; otherwise a thrown 403 with the reason.
 */
export async function requireStaffForm(
  request: Request,
  context: AppLoadContext,
  needed: StaffRole,
  options: RequireStaffOptions = {},
): Promise<{ user: StaffUser; form: FormData }> {
  const user = await requireStaffUser(request, context, needed, options);
  const origin = checkRequestOrigin(request, context.env);
  if (!origin.ok) throw refusedPost(origin.reason);
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw refusedPost("the post is not a form");
  }
  if (!csrfTokenMatches(form.get("csrf"), user.csrfToken)) throw refusedPost("the form's security token is missing or out of date");
  return { user, form };
}
