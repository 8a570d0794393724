/** `GET /robots.txt`: everything public may be crawled; operational paths may not. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { SHORT_ASSET_CACHE } from "~/http/cache-control";
import { absoluteUrl } from "~/http/site-urls";

export function loader({ context }: LoaderFunctionArgs) {
  const body = [
    "User-agent: *",
    "Allow: /",
    "Disallow: /webhooks/",
    "Disallow: /dev/",
    "Disallow: /healthz",
    "",
    `Sitemap: ${absoluteUrl(context.env.PUBLIC_BASE_URL, "/sitemap.xml")}`,
    "",
  ].join("\n");
  return new Response(body, {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": SHORT_ASSET_CACHE },
  });
}
