/**
 * Picks a site locale from an `Accept-Language` header (RFC 9110 §12.5.4): language ranges with
 * optional q-values, tried from the highest q down (ties keep header order), `q=0` meaning "not
 * this one". The wildcard `*` says nothing about which language a reader reads, so it is ignored.
 */
import { LOCALES, type Locale } from "~/i18n/locales";

export interface LanguageRange {
  tag: string;
  q: number;
}

/** The ranges of a header with q > 0, best first; malformed entries are skipped. */
export function parseAcceptLanguage(header: string | null | undefined): LanguageRange[] {
  if (!header) return [];
  const ranges: Array<LanguageRange & { index: number }> = [];
  header.split(",").forEach((part, index) => {
    const [rawTag, ...rawParams] = part.trim().split(";");
    const tag = rawTag?.trim() ?? "";
    if (!/^(\*|[a-z]{1,8}(-[a-z0-9]{1,8})*)$/i.test(tag)) return;
    let q = 1;
    for (const param of rawParams) {
      const match = /^\s*q\s*=\s*(0(\.\d{0,3})?|1(\.0{0,3})?)\s*$/i.exec(param);
      if (match) q = Number(match[1]);
      else if (/^\s*q\s*=/i.test(param)) return; // a malformed q-value invalidates the range
    }
    if (q > 0) ranges.push({ tag, q, index });
  });
  return ranges.sort((a, b) => b.q - a.q || a.index - b.index).map(({ tag, q }) => ({ tag, q }));
}

/**
 * Primary language subtags that are read as one of our locales, beyond the exact codes:
 * - `fa` (Persian, as Iranian browsers send it) and `prs` (Dari): Dari and Farsi are mutually
 *   intelligible and share the script, so both get `fa-AF`.
 * - `pbt`, `pbu`, `pst`: the Pashto varieties' own codes.
 * Plain `ku` is not mapped: browsers use it mostly for Kurmanji, written in Latin script, which a
 * Sorani (`ckb`, Arabic script) page does not serve. Only `ku-Arab` or `ku-IQ` mean Sorani.
 */
const PRIMARY_ALIASES: Readonly<Record<string, Locale>> = {
  fa: "fa-AF",
  prs: "fa-AF",
  pbt: "ps",
  pbu: "ps",
  pst: "ps",
};

const SORANI_KURDISH = /^ku-(arab|iq)(-|$)/i;

/** The locale a single language tag means to us, if any. */
export function localeForTag(tag: string): Locale | undefined {
  const lower = tag.toLowerCase();
  const exact = LOCALES.find((locale) => locale.toLowerCase() === lower);
  if (exact) return exact;
  if (SORANI_KURDISH.test(lower)) return "ckb";
  const primary = lower.split("-")[0] ?? "";
  const alias = PRIMARY_ALIASES[primary];
  if (alias) return alias;
  return LOCALES.find((locale) => locale.split("-")[0]!.toLowerCase() === primary);
}

/** The best supported locale the header asks for, or undefined (show the language chooser). */
export function negotiateLocale(header: string | null | undefined): Locale | undefined {
  for (const range of parseAcceptLanguage(header)) {
    if (range.tag === "*") continue;
    const locale = localeForTag(range.tag);
    if (locale) return locale;
  }
  return undefined;
}
