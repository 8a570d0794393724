/**
 * `GET /sitemap.xml`: every locale's home and hotline directory, and every live campaign and page
 * in each locale it publishes, each URL with its language alternates (xhtml:link, as Google
 * documents: https://developers.google.com/search/docs/specialty/international/localized-versions#sitemap).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { NO_STORE, PUBLIC_PAGE_CACHE } from "~/http/cache-control";
import { isContentUnavailable } from "~/http/route-errors";
import { absoluteUrl, campaignPagePath, campaignPath, hotlinesPath, localeHomePath } from "~/http/site-urls";
import { todayIsoDate } from "~/http/today";
import { LOCALES, type Locale } from "~/i18n/locales";
import type { SitemapEntry } from "~/content/schemas";

interface UrlGroup {
  /** Path of the content in one locale. */
  pathFor: (locale: Locale) => string;
  locales: readonly Locale[];
  xDefault: string;
  lastModified?: string;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function urlElements(baseUrl: string, group: UrlGroup): string[] {
  const alternates = [
    ...group.locales.map((locale) => ({ hreflang: locale, href: absoluteUrl(baseUrl, group.pathFor(locale)) })),
    { hreflang: "x-default", href: absoluteUrl(baseUrl, group.xDefault) },
  ]
    .map((link) => `<xhtml:link rel="alternate" hreflang="${link.hreflang}" href="${escapeXml(link.href)}"/>`)
    .join("");
  const lastmod = group.lastModified ? `<lastmod>${escapeXml(group.lastModified)}</lastmod>` : "";
  return group.locales.map(
    (locale) => `<url><loc>${escapeXml(absoluteUrl(baseUrl, group.pathFor(locale)))}</loc>${lastmod}${alternates}</url>`,
  );
}

function entryGroup(entry: SitemapEntry): UrlGroup {
  const pathFor = (locale: Locale) =>
    entry.page ? campaignPagePath(locale, entry.campaign, entry.page) : campaignPath(locale, entry.campaign);
  const first = entry.locales.includes("en") ? "en" : entry.locales[0]!;
  return { pathFor, locales: entry.locales, xDefault: pathFor(first), lastModified: entry.updatedAt };
}

export async function loader({ context }: LoaderFunctionArgs) {
  let entries: SitemapEntry[];
  try {
    entries = await context.content.sitemap(todayIsoDate(context.now()));
  } catch (error) {
    if (!isContentUnavailable(error)) throw error;
    return new Response("Content temporarily unavailable", {
      status: 503,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": NO_STORE, "Retry-After": "60" },
    });
  }
  const groups: UrlGroup[] = [
    { pathFor: localeHomePath, locales: LOCALES, xDefault: "/" },
    { pathFor: hotlinesPath, locales: LOCALES, xDefault: hotlinesPath("en") },
    ...entries.map(entryGroup),
  ];
  const urls = groups.flatMap((group) => urlElements(context.env.PUBLIC_BASE_URL, group));
  const xml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ...urls,
    "</urlset>",
    "",
  ].join("\n");
  return new Response(xml, {
    headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": PUBLIC_PAGE_CACHE },
  });
}
