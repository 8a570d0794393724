/**
 * Any URL no other route matches: a 404 in the URL's language. A route (not Remix's built-in
 * no-match) so the root loader runs and the page keeps its quick exit and notices.
 */
import type { MetaFunction } from "@remix-run/node";
import { errorPageMeta, GeneralErrorBoundary } from "~/components/error-boundary";
import { STATIC_PAGE_HANDLE } from "~/http/hydration";
import { notFound } from "~/http/route-errors";

export const handle = STATIC_PAGE_HANDLE;

export function loader(): never {
  notFound();
}

export default function NotFound() {
  return null;
}

export const meta: MetaFunction = ({ params, error }) => errorPageMeta(params, error);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
