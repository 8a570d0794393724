/**
 * Reading the public site's HTML in tests without a DOM library: the markup is our own and
 * server-rendered by React, so attribute order and quoting are predictable.
 */
import { expect } from "vitest";
import { QUICK_EXIT_SCRIPT_PATH } from "~/components/quick-exit-script";
import { LOCALES, type Locale } from "~/i18n/locales";
import type { SitemapEntry } from "~/content/schemas";

export interface Fetched {
  status: number;
  headers: Headers;
  html: string;
}

export async function get(url: string, headers: Record<string, string> = {}): Promise<Fetched> {
  const response = await fetch(url, { headers, redirect: "manual" });
  return { status: response.status, headers: response.headers, html: await response.text() };
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** Attributes of an element's start tag. */
export function attributes(tag: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const match of tag.matchAll(/\s([a-zA-Z:-]+)(?:="([^"]*)")?/g)) result[match[1]!.toLowerCase()] = decodeEntities(match[2] ?? "");
  return result;
}

/** Every start tag of an element name, with its attributes. */
export function elements(html: string, name: string): Array<Record<string, string>> {
  return [...html.matchAll(new RegExp(`<${name}(\\s[^>]*)?>`, "gi"))].map((match) => attributes(match[0]));
}

export function htmlElement(html: string): Record<string, string> {
  return elements(html, "html")[0] ?? {};
}

/** hreflang → href of the alternate links in the head. */
export function alternates(html: string): Map<string, string> {
  return new Map(
    elements(html, "link")
      .filter((link) => link.rel === "alternate" && link.hreflang)
      .map((link) => [link.hreflang!, link.href!]),
  );
}

export function canonical(html: string): string | undefined {
  return elements(html, "link").find((link) => link.rel === "canonical")?.href;
}

export function metaContent(html: string, key: string): string | undefined {
  return elements(html, "meta").find((meta) => meta.property === key || meta.name === key)?.content;
}

/** Links in document order, with their text (tags stripped). */
export function anchors(html: string): Array<Record<string, string> & { text: string }> {
  return [...html.matchAll(/<a(\s[^>]*)?>([\s\S]*?)<\/a>/gi)].map((match) => ({
    ...attributes(`<a${match[1] ?? ""}>`),
    text: decodeEntities(match[2]!.replace(/<[^>]+>/g, "")).trim(),
  }));
}

export function text(html: string): string {
  return decodeEntities(html.replace(/<!--.*?-->/g, "").replace(/<[^>]+>/g, " ")).replace(/\s+/g, " ");
}

export const RTL: ReadonlySet<Locale> = new Set<Locale>(["fa-AF", "ps", "ur", "ar", "ckb"]);

/** One public URL of the site, with the locales its content is published in. */
export interface SitePage {
  kind: "list" | "hotlines" | "landing" | "page";
  locale: Locale;
  path: string;
  locales: readonly Locale[];
}

/** Every public page of a sitemap: list and hotlines in every locale, campaigns and pages in theirs. */
export function sitePages(entries: readonly SitemapEntry[]): SitePage[] {
  const pages: SitePage[] = [];
  for (const locale of LOCALES) {
    pages.push({ kind: "list", locale, path: `/${locale}`, locales: LOCALES });
    pages.push({ kind: "hotlines", locale, path: `/${locale}/hotlines`, locales: LOCALES });
  }
  for (const entry of entries) {
    for (const locale of entry.locales) {
      pages.push({
        kind: entry.page ? "page" : "landing",
        locale,
        path: entry.page ? `/${locale}/${entry.campaign}/${entry.page}` : `/${locale}/${entry.campaign}`,
        locales: entry.locales,
      });
    }
  }
  return pages;
}

/**
 * The scripts a page carries, as their `src` (or "inline" for one without): a page that does not
 * hydrate carries only the quick exit's (decision 028), so this is `[QUICK_EXIT_SCRIPT_PATH]`.
 */
export function scriptsOf(html: string): string[] {
  return [...html.matchAll(/<script\b([^>]*)>/gi)].map((match) => attributes(`<script${match[1] ?? ""}>`).src ?? "inline");
}

export function expectOnlyTheQuickExitScript(html: string): void {
  expect(scriptsOf(html)).toEqual([QUICK_EXIT_SCRIPT_PATH]);
}
