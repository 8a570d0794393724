/**
 * Head tags of a public page: title, description, canonical, hreflang alternates (every locale the
 * content is published in, plus x-default), Open Graph and Twitter card. Remix route `meta`
 * functions return these descriptors; `<Meta/>` in the root renders them.
 */
import type { MetaDescriptor } from "@remix-run/node";
import { fieldKey, type Locale } from "~/i18n/locales";
import { absoluteUrl } from "./site-urls";

export interface PageSeo {
  baseUrl: string;
  locale: Locale;
  title: string;
  description: string;
  /** The path of this content in a given locale. */
  pathFor: (locale: Locale) => string;
  /** Canonical path when it is not `pathFor(locale)` (the language chooser at `/`). */
  canonicalPath?: string;
  /** Every locale this content is published in (the current one included). */
  locales: readonly Locale[];
  /** The version for readers whose language is none of them; default the first locale. */
  xDefault?: { locale: Locale } | { path: string };
  imageUrl?: string | null;
  /** Size and description of the image, when known (the generated previews: 1200×630). */
  image?: { width: number; height: number; alt: string } | null;
  siteName?: string | null;
}

export function pageMeta(seo: PageSeo): MetaDescriptor[] {
  const url = absoluteUrl(seo.baseUrl, seo.canonicalPath ?? seo.pathFor(seo.locale));
  const title = seo.siteName && seo.siteName !== seo.title ? `${seo.title} · ${seo.siteName}` : seo.title;
  const xDefaultPath =
    seo.xDefault && "path" in seo.xDefault ? seo.xDefault.path : seo.pathFor(seo.xDefault?.locale ?? seo.locales[0] ?? seo.locale);
  const descriptors: MetaDescriptor[] = [
    { title },
    { name: "description", content: seo.description },
    { tagName: "link", rel: "canonical", href: url },
    ...seo.locales.map((locale) => ({
      tagName: "link" as const,
      rel: "alternate",
      hrefLang: locale,
      href: absoluteUrl(seo.baseUrl, seo.pathFor(locale)),
    })),
    { tagName: "link", rel: "alternate", hrefLang: "x-default", href: absoluteUrl(seo.baseUrl, xDefaultPath) },
    { property: "og:type", content: "website" },
    { property: "og:title", content: seo.title },
    { property: "og:description", content: seo.description },
    { property: "og:url", content: url },
    // Open Graph wants language_TERRITORY with an underscore, like the CMS field keys.
    { property: "og:locale", content: fieldKey(seo.locale) },
    // A wide image is shown large only with summary_large_image.
    { name: "twitter:card", content: seo.imageUrl && seo.image ? "summary_large_image" : "summary" },
    { name: "twitter:title", content: seo.title },
    { name: "twitter:description", content: seo.description },
  ];
  if (seo.siteName) descriptors.push({ property: "og:site_name", content: seo.siteName });
  if (seo.imageUrl) {
    descriptors.push({ property: "og:image", content: seo.imageUrl }, { name: "twitter:image", content: seo.imageUrl });
    if (seo.image) {
      descriptors.push(
        { property: "og:image:width", content: String(seo.image.width) },
        { property: "og:image:height", content: String(seo.image.height) },
        { property: "og:image:alt", content: seo.image.alt },
        { name: "twitter:image:alt", content: seo.image.alt },
      );
    }
  }
  return descriptors;
}

/** Head tags of an error page: a title, and no indexing. */
export function errorMeta(title: string): MetaDescriptor[] {
  return [{ title }, { name: "robots", content: "noindex" }];
}

/** The origin and site name the root loader provides, read from a `meta` function's matches. */
export function siteFromMatches(matches: ReadonlyArray<{ id: string; data: unknown }>): { baseUrl: string; siteName: string | null } {
  const data = matches.find((match) => match.id === "root")?.data as { baseUrl?: unknown; site?: { name?: unknown } } | undefined;
  return {
    baseUrl: typeof data?.baseUrl === "string" ? data.baseUrl : "",
    siteName: typeof data?.site?.name === "string" ? data.site.name : null,
  };
}
