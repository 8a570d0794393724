/**
 * The staff pages' gate: HTTP Basic with STAFF_PASSWORD (any user name), so no cookie is ever set
 * and no session exists to steal. Without a password (production default) the pages do not
 * exist: 404, not 401, so their existence is not advertised. Form posts must come from this
 * site: the browser sends Basic credentials along with a forged cross-site post, the Origin
 * header gives it away.
 */
import { timingSafeEqual, createHash } from "node:crypto";
import type { Env } from "~/env.server";

const REALM = 'Basic realm="protect-campaigns staff", charset="UTF-8"';

function digest(value: string): Buffer {
  // Equal-length buffers for timingSafeEqual whatever was typed.
  return createHash("sha256").update(value, "utf8").digest();
}

function passwordOf(header: string | null): string | null {
  if (!header?.startsWith("Basic ")) return null;
  const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon === -1 ? null : decoded.slice(colon + 1);
}

/** Throws the response to send unless the request carries the staff password. */
export function requireStaff(request: Request, env: Pick<Env, "STAFF_PASSWORD">): void {
  if (!env.STAFF_PASSWORD) throw new Response("Not found", { status: 404 });
  const given = passwordOf(request.headers.get("Authorization"));
  if (given === null || !timingSafeEqual(digest(given), digest(env.STAFF_PASSWORD))) {
    throw new Response("Staff sign-in required", { status: 401, headers: { "WWW-Authenticate": REALM, "Cache-Control": "no-store" } });
  }
}

/** Throws 403 for a form post sent from another site (Origin differs from this site's). */
export function requireSameOrigin(request: Request, env: Pick<Env, "PUBLIC_BASE_URL">): void {
  const origin = request.headers.get("Origin");
  if (origin === null) return;
  const allowed = new Set([new URL(env.PUBLIC_BASE_URL).origin, new URL(request.url).origin]);
  if (!allowed.has(origin)) throw new Response("Cross-site form posts are refused", { status: 403 });
}
