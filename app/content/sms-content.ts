/**
 * Turns the Studio's messaging documents into what the SMS core uses: `keyword` documents into a
 * flat list of extra keywords, the `smsReplies` singleton into reply-text overrides per locale.
 * Values that are not non-empty strings are dropped here; the reply resolver checks placeholders.
 */
import type { ExtraKeyword } from "~/i18n/keywords";
import { localeFromFieldKey, type Locale } from "~/i18n/locales";
import type { SmsKeywordDocument } from "./schemas";

export function keywordsFromDocuments(documents: readonly SmsKeywordDocument[]): ExtraKeyword[] {
  const keywords: ExtraKeyword[] = [];
  for (const document of documents) {
    for (const [key, words] of Object.entries(document.words ?? {})) {
      const locale = localeFromFieldKey(key);
      if (!locale) continue;
      for (const word of words ?? []) {
        keywords.push({
          intent: document.intent,
          word,
          locale,
          ...(document.intent === "join" && document.campaign ? { campaign: document.campaign } : {}),
        });
      }
    }
  }
  return keywords;
}

export function replyOverridesFromDocument(document: Record<string, unknown>): Partial<Record<Locale, Record<string, string>>> {
  const overrides: Partial<Record<Locale, Record<string, string>>> = {};
  for (const [field, value] of Object.entries(document)) {
    if (field.startsWith("_") || value === null || typeof value !== "object") continue;
    for (const [key, text] of Object.entries(value as Record<string, unknown>)) {
      const locale = localeFromFieldKey(key);
      if (!locale || typeof text !== "string" || text.trim() === "") continue;
      (overrides[locale] ??= {})[field] = text.trim();
    }
  }
  return overrides;
}
