/**
 * `{name}` placeholders in localized SMS texts. The app fills known placeholders and sends
 * anything else literally, so a misspelt `{hotlne}` would reach a migrant's phone as is; and it
 * ignores a CMS text that drops a placeholder the reply needs (the built-in text is used instead).
 * The Studio therefore checks both, per locale.
 */
import { LOCALES } from "../locales";
import type { PathSegment } from "./missingTranslations";

/** Every `{…}` in the text, including malformed ones such as `{ region }` (they are sent as is). */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(/\{([^{}]*)\}/g)].map((match) => match[1] ?? ""))];
}

/** Rules for one localized text: placeholders it may use and those it must keep. */
export interface PlaceholderRules {
  allowed: readonly string[];
  required?: readonly string[];
}

export interface PlaceholderProblem {
  path: PathSegment[];
  message: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function list(names: readonly string[]): string {
  return names.map((name) => `{${name}}`).join(", ");
}

/**
 * Problems of a localized value (`localeSmsText`), each on its locale's field. Blank locales have
 * none: an untranslated text falls back to the built-in one.
 */
export function placeholderProblems(value: unknown, rules: PlaceholderRules): PlaceholderProblem[] {
  if (!isRecord(value)) return [];
  return LOCALES.flatMap((locale) => {
    const text = value[locale.fieldKey];
    if (typeof text !== "string" || text.trim() === "") return [];
    const used = placeholdersIn(text);
    const unknown = used.filter((name) => !rules.allowed.includes(name));
    const missing = (rules.required ?? []).filter((name) => !used.includes(name));
    const problems: PlaceholderProblem[] = [];
    if (unknown.length > 0) {
      const allowed = rules.allowed.length > 0 ? `only ${list(rules.allowed)} can be used here` : "this text takes no placeholders";
      problems.push({ path: [locale.fieldKey], message: `Unknown placeholder ${list(unknown)}: ${allowed}` });
    }
    if (missing.length > 0) {
      problems.push({
        path: [locale.fieldKey],
        message: `Keep ${list(missing)}: without it the built-in ${locale.code} text is sent instead`,
      });
    }
    return problems;
  });
}
