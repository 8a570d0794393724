/**
 * Guard clauses for public route loaders: a missing locale, campaign or page is a 404; a content
 * backend that is down with nothing cached is a 503. Both render the shared error boundary.
 */
import { data } from "@remix-run/node";
import { isContentUnavailableError } from "~/content/content-errors";

/**
 * The content source is created by server.ts outside the Remix server bundle, and the bundle has
 * its own copy of `ContentUnavailableError`, so `instanceof` alone fails across that boundary:
 * the error's name is checked too.
 */
export function isContentUnavailable(error: unknown): boolean {
  return isContentUnavailableError(error) || (error instanceof Error && error.name === "ContentUnavailableError");
}

export function notFound(): never {
  throw data("Not found", { status: 404 });
}

/**
 * What Remix answers a post to a route without an action, for a route whose action must not be
 * seen to exist (a hidden route, see hidden-route.ts).
 */
export function methodNotAllowed(): never {
  throw data("Method Not Allowed", { status: 405, statusText: "Method Not Allowed" });
}

/** Awaits content, turning "content unavailable" into a 503 error page. */
export async function orServiceUnavailable<T>(pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (error) {
    if (isContentUnavailable(error)) {
      throw data("Content temporarily unavailable", { status: 503, headers: { "Retry-After": "60" } });
    }
    throw error;
  }
}

/** Awaits content that the page can do without (site chrome), falling back when it is unavailable. */
export async function orFallback<T>(pending: Promise<T>, fallback: T): Promise<T> {
  try {
    return await pending;
  } catch (error) {
    if (isContentUnavailable(error)) return fallback;
    throw error;
  }
}
