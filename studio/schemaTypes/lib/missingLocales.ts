/**
 * Which locales a localized value (`localeString`, `localeText`, `localeBlockContent`) lacks.
 * Pure functions over plain values, so the root test suite checks them without the Studio, and
 * schema validation and previews share one definition of "translated".
 */
import { LOCALE_CODES, localeFieldKey } from "../locales";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function blockHasText(block: unknown): boolean {
  if (!isRecord(block)) return false;
  // A non-text member (none in the schema today) is content in its own right.
  if (block._type !== "block") return true;
  const children = block.children;
  return Array.isArray(children) && children.some((child) => isRecord(child) && typeof child.text === "string" && child.text.trim() !== "");
}

/**
 * True for a non-blank string, or Portable Text with at least one non-blank span. An empty block
 * (what the editor leaves after deleting everything) does not count as a translation.
 */
export function hasLocalizedText(value: unknown): boolean {
  if (typeof value === "string") return value.trim() !== "";
  if (Array.isArray(value)) return value.some(blockHasText);
  return false;
}

/** The locale codes (BCP 47, e.g. `fa-AF`) of `localeCodes` that `value` has no text for. */
export function missingLocales(value: unknown, localeCodes: readonly string[]): string[] {
  const record = isRecord(value) ? value : {};
  return [...new Set(localeCodes)].filter((code) => !hasLocalizedText(record[localeFieldKey(code)]));
}

/** True when the localized value has text in at least one locale. */
export function hasAnyLocale(value: unknown): boolean {
  return isRecord(value) && Object.entries(value).some(([key, text]) => key !== "_type" && hasLocalizedText(text));
}

/** Locales missing from at least one of `values`, in the order of `localeCodes`. */
export function missingLocalesAcross(values: readonly unknown[], localeCodes: readonly string[]): string[] {
  const missing = new Set(values.flatMap((value) => missingLocales(value, localeCodes)));
  return [...new Set(localeCodes)].filter((code) => missing.has(code));
}

/**
 * The known locale codes in a document's `locales` field, de-duplicated, in the canonical order.
 * Unknown codes are left to the field's own validation.
 */
export function knownLocales(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return LOCALE_CODES.filter((code) => value.includes(code));
}

/** "Missing: ps, ckb", for preview subtitles. */
export function formatMissingLocales(missing: readonly string[]): string {
  return `Missing: ${missing.join(", ")}`;
}
