/**
 * What the sign-in and sign-out routes share: where to go after signing in (only a staff path of
 * this site: no open redirect), the rate-limit message, and the page headers.
 */
import { NO_STORE } from "~/http/cache-control";
import { format } from "~/i18n/ui-strings";
import type { StaffStrings } from "./staff-strings";

export const DEFAULT_AFTER_SIGN_IN = "/staff/broadcasts";

/** `next` when it is a staff page of this site (not the sign-in or sign-out itself), else the default. */
export function safeNext(next: unknown): string {
  if (typeof next !== "string" || next.length > 2_000) return DEFAULT_AFTER_SIGN_IN;
  // A path on this origin: "/staff/…" and nothing that a browser could read as another host.
  if (!/^\/staff\/[^/\\]/.test(next) || next.includes("//") || next.includes("\\")) return DEFAULT_AFTER_SIGN_IN;
  if (/^\/staff\/sign-(in|out)(?:[/?#]|$)/.test(next)) return DEFAULT_AFTER_SIGN_IN;
  return next;
}

/** The rate-limit message: when to retry, in UTC, and in about how many minutes. */
export function limitedMessage(strings: StaffStrings, retryAt: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 60_000));
  return format(strings.limited, { time: retryAt.toISOString().slice(11, 16), minutes });
}

/** Staff pages: never cached, never indexed, and sent according to the cookie. */
export const STAFF_PAGE_HEADERS = { "Cache-Control": NO_STORE, "X-Robots-Tag": "noindex, nofollow", Vary: "Cookie, Accept-Language" };
