/**
 * Reads text out of localized values for previews (list titles, section summaries). Pure, so
 * previews behave the same in the Studio and in tests.
 */
import { LOCALE_FIELD_KEYS } from "../locales";
import { hasLocalizedText } from "./missingLocales";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A string as is; Portable Text as its spans' text, blocks separated by a space. */
export function plainText(value: unknown): string {
  if (typeof value === "string") return value.trim();
  if (!Array.isArray(value)) return "";
  return value
    .map((block: unknown) =>
      isRecord(block) && Array.isArray(block.children)
        ? block.children.map((child: unknown) => (isRecord(child) && typeof child.text === "string" ? child.text : "")).join("")
        : "",
    )
    .filter((text) => text.trim() !== "")
    .join(" ")
    .trim();
}

/** Text in English if present, else in the first locale that has some (locale list order). */
export function firstLocalizedText(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const key = LOCALE_FIELD_KEYS.find((fieldKey) => hasLocalizedText(value[fieldKey]));
  return key === undefined ? undefined : plainText(value[key]);
}

/** How many locales of a localized value have text, e.g. "4/11 locales". */
export function translatedCountLabel(value: unknown): string {
  const count = isRecord(value) ? LOCALE_FIELD_KEYS.filter((fieldKey) => hasLocalizedText(value[fieldKey])).length : 0;
  return `${count}/${LOCALE_FIELD_KEYS.length} locales`;
}
