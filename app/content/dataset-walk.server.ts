/**
 * Walking raw CMS documents: every nested value with a Sanity-style path
 * (`sections[_key=="intro"].heading`), and finding localized fields that lack a locale.
 */
import { LOCALE_FIELD_KEYS, fieldKey, type Locale } from "~/i18n/locales";

/** `_type`s of localized values (docs/content-model.md, "Localized values"). */
const LOCALIZED_TYPES: ReadonlySet<string> = new Set(["localeString", "localeText", "localeBlockContent"]);
const LOCALE_KEYS: ReadonlySet<string> = new Set(LOCALE_FIELD_KEYS);
/** Keyed by locale but not content: a review status may well be missing for a locale. */
const NOT_LOCALIZED_CONTENT: ReadonlySet<string> = new Set(["reviewStatus"]);

/**
 * Calls `visit` for every object and array below `value` (not `value` itself), depth first.
 * Returning `false` from `visit` skips that value's children.
 */
export function walkValues(value: unknown, visit: (value: object, path: string) => boolean | void, path = ""): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      if (typeof item !== "object" || item === null) return;
      const key = (item as Record<string, unknown>)._key;
      const itemPath = typeof key === "string" ? `${path}[_key=="${key}"]` : `${path}[${index}]`;
      if (visit(item, itemPath) !== false) walkValues(item, visit, itemPath);
    });
    return;
  }
  if (typeof value !== "object" || value === null) return;
  for (const [key, child] of Object.entries(value)) {
    if (typeof child !== "object" || child === null) continue;
    const childPath = path ? `${path}.${key}` : key;
    if (visit(child, childPath) !== false) walkValues(child, visit, childPath);
  }
}

/** A localized value by `_type`, or, without one, an object whose keys are all locale keys. */
export function isLocalizedValue(value: object): value is Record<string, unknown> {
  if (Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  if (typeof record._type === "string") return LOCALIZED_TYPES.has(record._type);
  const keys = Object.keys(record);
  return keys.length > 0 && keys.every((key) => LOCALE_KEYS.has(key));
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === "string") return value.trim() === "";
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

export interface LocaleGap {
  path: string;
  locales: Locale[];
}

/** Localized fields of `document` lacking any of `locales`, one entry per field. */
export function findLocaleGaps(document: object, locales: readonly Locale[]): LocaleGap[] {
  const gaps: LocaleGap[] = [];
  walkValues(document, (value, path) => {
    if (NOT_LOCALIZED_CONTENT.has(path)) return false;
    if (!isLocalizedValue(value)) return true;
    const missing = locales.filter((locale) => isEmpty(value[fieldKey(locale)]));
    if (missing.length > 0) gaps.push({ path, locales: missing });
    return false; // Portable Text inside a localized value is not itself localized.
  });
  return gaps;
}
