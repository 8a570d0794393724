/**
 * Routes that exist only in some configurations (the dev phone outside production) must otherwise
 * answer exactly as a path that does not exist: 404 to a read, and to a post the 405 Remix gives a route without an action (`methodNotAllowed()` in their
 * action), which is what `/dev/anything` gets. With a title, stylesheet or robots tag of their own
 * on those pages, a reader could list which hidden paths exist. So such a route declares its head
 * tags (stylesheets included, which `links` cannot withhold) through `hiddenRouteMeta`, and they
 * are replaced by the error page's on a 404 or 405; the server entry strips route-specific headers
 * from both.
 */
import type { MetaArgs, MetaDescriptor } from "@remix-run/node";
import { isRouteErrorResponse } from "@remix-run/react";
import { errorPageMeta } from "~/components/error-boundary";

/** Statuses a hidden route answers with, the same as a path that does not exist. */
export const HIDDEN_ROUTE_STATUSES: ReadonlySet<number> = new Set([404, 405]);

/** A route's own head tags, or the ordinary error page's when the route answered as a missing one. */
export function hiddenRouteMeta<Args extends MetaArgs>(own: (args: Args) => MetaDescriptor[]): (args: Args) => MetaDescriptor[] {
  return (args) =>
    isRouteErrorResponse(args.error) && HIDDEN_ROUTE_STATUSES.has(args.error.status) ? errorPageMeta(args.params, args.error) : own(args);
}

/** A stylesheet as a head tag (for `hiddenRouteMeta`), instead of the route's `links`. */
export function stylesheetMeta(href: string): MetaDescriptor {
  return { tagName: "link", rel: "stylesheet", href };
}
