/**
 * Keyword classification: the single source of truth for what STOP, JOIN, HELP and DELETE are in
 * every locale. A missed STOP is a harm, so opt-out matching is deliberately generous: a stop word
 * anywhere in a short message ("please stop", "STOP!!") opts out; other intents need the whole
 * message or its first word.
 */
import { keywordTokens, normalizeKeyword } from "~/messaging/keyword-normalize";
import { BUILT_IN_KEYWORDS, KEYWORD_INTENTS, type KeywordIntent, type KeywordList } from "./keyword-lists";
import { LOCALES, type Locale } from "./locales";

export { BUILT_IN_KEYWORDS, KEYWORD_INTENTS, type KeywordIntent, type KeywordList };

/** Keywords added in the CMS (`keyword` documents). */
export interface ExtraKeyword {
  intent: KeywordIntent;
  word: string;
  locale?: Locale;
  /** A campaign-specific join word (e.g. SAFE) names its campaign. */
  campaign?: string;
}

export interface KeywordMatch {
  intent: KeywordIntent;
  /** The locale the word belongs to, when it belongs to exactly one. */
  locale?: Locale;
  campaign?: string;
}

/** A stop word inside a message of at most this many words still opts out. */
const STOP_SCAN_MAX_TOKENS = 4;

interface TableEntry {
  intent: KeywordIntent;
  locales: Set<Locale>;
  universal: boolean;
  campaign?: string;
}

function buildTable(extra: readonly ExtraKeyword[]): Map<string, TableEntry> {
  const table = new Map<string, TableEntry>();
  const add = (word: string, intent: KeywordIntent, locale: Locale | undefined, campaign?: string) => {
    const key = normalizeKeyword(word);
    if (!key) return;
    const existing = table.get(key);
    if (existing && existing.intent !== intent) {
      // Never let an added word turn a stop word into something else.
      if (existing.intent === "stop") return;
      if (intent !== "stop") return;
    }
    const entry = existing && existing.intent === intent ? existing : { intent, locales: new Set<Locale>(), universal: false };
    if (locale) entry.locales.add(locale);
    else entry.universal = true;
    if (campaign) entry.campaign = campaign;
    table.set(key, entry);
  };
  for (const intent of KEYWORD_INTENTS) {
    for (const [locale, words] of Object.entries(BUILT_IN_KEYWORDS[intent])) {
      for (const word of words ?? []) add(word, intent, locale === "any" ? undefined : (locale as Locale));
    }
  }
  for (const keyword of extra) add(keyword.word, keyword.intent, keyword.locale, keyword.campaign);
  return table;
}

const BUILT_IN_TABLE = buildTable([]);
const tableCache = new WeakMap<readonly ExtraKeyword[], Map<string, TableEntry>>();

function tableFor(extra?: readonly ExtraKeyword[]): Map<string, TableEntry> {
  if (!extra || extra.length === 0) return BUILT_IN_TABLE;
  let table = tableCache.get(extra);
  if (!table) {
    table = buildTable(extra);
    tableCache.set(extra, table);
  }
  return table;
}

function toMatch(entry: TableEntry): KeywordMatch {
  const match: KeywordMatch = { intent: entry.intent };
  if (!entry.universal && entry.locales.size === 1) match.locale = [...entry.locales][0];
  if (entry.campaign) match.campaign = entry.campaign;
  return match;
}

/** What a message asks for, or null when it is not a keyword. */
export function classifyKeyword(text: string, extra?: readonly ExtraKeyword[]): KeywordMatch | null {
  const table = tableFor(extra);
  const whole = table.get(normalizeKeyword(text));
  if (whole) return toMatch(whole);
  const tokens = keywordTokens(text);
  if (tokens.length === 0) return null;
  if (tokens.length <= STOP_SCAN_MAX_TOKENS) {
    for (const token of tokens) {
      const entry = table.get(token);
      if (entry?.intent === "stop") return toMatch(entry);
    }
  }
  const first = table.get(tokens[0]!);
  return first ? toMatch(first) : null;
}

export function isOptOutKeyword(text: string, extra?: readonly ExtraKeyword[]): boolean {
  return classifyKeyword(text, extra)?.intent === "stop";
}

/** The words of an intent in a locale (universal words first), e.g. for menus and help texts. */
export function keywordsFor(intent: KeywordIntent, locale: Locale): string[] {
  const list = BUILT_IN_KEYWORDS[intent];
  return [...(list[locale] ?? []), ...(list.any ?? [])];
}

/** Every built-in word with its intent and locale (for tests and the Studio's help text). */
export function allBuiltInKeywords(): Array<{ intent: KeywordIntent; locale: Locale | "any"; word: string }> {
  return KEYWORD_INTENTS.flatMap((intent) =>
    (["any", ...LOCALES] as const).flatMap((locale) =>
      (BUILT_IN_KEYWORDS[intent][locale] ?? []).map((word) => ({ intent, locale, word })),
    ),
  );
}
