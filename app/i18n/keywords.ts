/**
 * What an inbound SMS/WhatsApp text asks for: STOP, JOIN, HELP or DELETE, in any of the eleven
 * locales. The single source of truth for keyword matching; the word lists live in
 * `./keyword-lists.ts`, and CMS `keyword` documents add words at run time.
 *
 * A STOP that is not recognised is a real harm, so opt-out matching is deliberately generous,
 * and the other intents are strict. In order:
 * 1. the whole message is a keyword (of any intent): "Stop.", «СТОП», "opt out";
 * 2. the first word (or phrase) is a DELETE word: delete erases the number's data and also opts
 *    out, so it is honoured before STOP ("DELETE and stop" → delete);
 * 3. a STOP word is the first word, the last word ("жазылууну токтот", "پیام نفرستید": in the
 *    SOV languages of the region the verb comes last), or anywhere in a message of at most
 *    {@link STOP_SCAN_MAX_WORDS} words ("please stop", "stop sending"). Words with an everyday
 *    second meaning (END, ХВАТИТ, بس) count only as the whole message or its first word;
 * 4. the first word (or phrase) is a JOIN or HELP word: "help me", "join please".
 * Only whole words match: ENDURE, STOPOVER and STOPS are not STOP (a plural "stops" is far more
 * likely bus stops than an opt-out, and Twilio does not treat it as one either).
 * "don't stop" does opt out: a wrong opt-out costs one JOIN, a missed one can cost a life.
 */
import { keywordTokens } from "./keyword-normalize";
import {
  BUILT_IN_KEYWORDS,
  BUILT_IN_STOP_WORDS_ONLY_ALONE,
  KEYWORD_INTENTS,
  LISTED_KEYWORDS,
  type KeywordIntent,
  type KeywordList,
} from "./keyword-lists";
import { LOCALES, type Locale } from "./locales";

export { BUILT_IN_KEYWORDS, KEYWORD_INTENTS, LISTED_KEYWORDS, type KeywordIntent, type KeywordList };

/** A word added in the CMS (a `keyword` document, or a campaign's own join word). */
export interface ExtraKeyword {
  intent: KeywordIntent;
  word: string;
  /** The locale the word belongs to; omitted for a word understood in every locale. */
  locale?: Locale;
  /** A campaign-specific join word (e.g. SAFE) names its campaign. */
  campaign?: string;
}

/** What a message asks for. */
export interface KeywordMatch {
  intent: KeywordIntent;
  /** The locale of the matched word when it belongs to exactly one, to answer in that language. */
  locale?: Locale;
  campaign?: string;
}

/** A stop word anywhere in a message of at most this many words opts out. */
export const STOP_SCAN_MAX_WORDS = 4;

interface TableEntry {
  intent: KeywordIntent;
  locales: Set<Locale>;
  universal: boolean;
  campaign?: string;
  /** Counts only as the whole message or its first word (see STOP_WORDS_ONLY_ALONE). */
  onlyAlone: boolean;
}

interface KeywordTable {
  entries: Map<string, TableEntry>;
  /** Words in the longest phrase, so matching tries no longer word sequences. */
  maxWords: number;
}

/** A word's key in the table: its normalized words joined by one space. */
function keyOf(word: string): string {
  return keywordTokens(word).join(" ");
}

function listEntries(list: KeywordList): Array<{ word: string; locale: Locale | undefined }> {
  return Object.entries(list).flatMap(([locale, words]) =>
    (words ?? []).map((word) => ({ word, locale: locale === "any" ? undefined : (locale as Locale) })),
  );
}

function buildTable(extra: readonly ExtraKeyword[]): KeywordTable {
  const entries = new Map<string, TableEntry>();
  const add = (word: string, intent: KeywordIntent, locale: Locale | undefined, campaign?: string) => {
    const key = keyOf(word);
    if (!key) return;
    const existing = entries.get(key);
    if (existing && existing.intent !== intent) {
      // A built-in opt-out word always opts out; an added stop word wins over another intent
      // (the Studio warns staff about it); otherwise the first meaning stays.
      if (existing.intent === "stop" || intent !== "stop") return;
      entries.delete(key);
    }
    const entry = entries.get(key) ?? { intent, locales: new Set<Locale>(), universal: false, onlyAlone: false };
    if (locale) entry.locales.add(locale);
    else entry.universal = true;
    if (campaign) entry.campaign = campaign;
    entries.set(key, entry);
  };
  for (const intent of KEYWORD_INTENTS) {
    for (const { word, locale } of listEntries(BUILT_IN_KEYWORDS[intent])) add(word, intent, locale);
  }
  for (const { word } of listEntries(BUILT_IN_STOP_WORDS_ONLY_ALONE)) {
    const entry = entries.get(keyOf(word));
    if (entry?.intent === "stop") entry.onlyAlone = true;
  }
  for (const keyword of extra) add(keyword.word, keyword.intent, keyword.locale, keyword.campaign);
  const maxWords = Math.max(1, ...[...entries.keys()].map((key) => key.split(" ").length));
  return { entries, maxWords };
}

const BUILT_IN_TABLE = buildTable([]);
// One table per list of extra keywords (callers keep the array while the CMS content is cached).
const tableCache = new WeakMap<readonly ExtraKeyword[], KeywordTable>();

function tableFor(extra?: readonly ExtraKeyword[]): KeywordTable {
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
  if (!entry.universal && entry.locales.size === 1) match.locale = [...entry.locales][0]!;
  if (entry.campaign) match.campaign = entry.campaign;
  return match;
}

/** The keyword made of the first words of the message, longest phrase first. */
function leadingKeyword(table: KeywordTable, words: readonly string[]): TableEntry | undefined {
  for (let length = Math.min(table.maxWords, words.length); length >= 1; length -= 1) {
    const entry = table.entries.get(words.slice(0, length).join(" "));
    if (entry) return entry;
  }
  return undefined;
}

/** A stop word or phrase that ends the message, or sits anywhere in a short one. */
function stopInside(table: KeywordTable, words: readonly string[]): TableEntry | undefined {
  const short = words.length <= STOP_SCAN_MAX_WORDS;
  for (let start = 0; start < words.length; start += 1) {
    for (let length = Math.min(table.maxWords, words.length - start); length >= 1; length -= 1) {
      const atEnd = start + length === words.length;
      if (!short && !atEnd) continue;
      const entry = table.entries.get(words.slice(start, start + length).join(" "));
      if (entry?.intent === "stop" && !entry.onlyAlone) return entry;
    }
  }
  return undefined;
}

/**
 * What a message asks for, or null when it is not a keyword. `extra` adds CMS keywords to the
 * built-in ones (pass the same array again to reuse its lookup table).
 */
export function classifyKeyword(text: string, extra?: readonly ExtraKeyword[]): KeywordMatch | null {
  const words = keywordTokens(text);
  if (words.length === 0) return null;
  const table = tableFor(extra);
  const whole = table.entries.get(words.join(" "));
  if (whole) return toMatch(whole);
  const leading = leadingKeyword(table, words);
  if (leading?.intent === "delete" || leading?.intent === "stop") return toMatch(leading);
  const stop = stopInside(table, words);
  if (stop) return toMatch(stop);
  return leading ? toMatch(leading) : null;
}

/** True when the message opts out: a STOP word, or a DELETE word (erasing also opts out). */
export function isOptOutKeyword(text: string, extra?: readonly ExtraKeyword[]): boolean {
  const intent = classifyKeyword(text, extra)?.intent;
  return intent === "stop" || intent === "delete";
}

/**
 * The words of an intent to show in a locale, as written (without keyboard variants): the
 * locale's own words first, then the words understood everywhere, then CMS additions.
 */
export function keywordsFor(intent: KeywordIntent, locale: Locale, extra: readonly ExtraKeyword[] = []): string[] {
  const list = LISTED_KEYWORDS[intent];
  const added = extra.filter((keyword) => keyword.intent === intent && (!keyword.locale || keyword.locale === locale));
  const words = [...(list[locale] ?? []), ...(list.any ?? []), ...added.map((keyword) => keyword.word)];
  const seen = new Set<string>();
  return words.filter((word) => {
    const key = keyOf(word);
    if (!key || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Every listed built-in word with its intent and locale ("any" for words understood in every
 * locale), as written, without keyboard variants: for tests and the Studio's help text.
 */
export function allBuiltInKeywords(): Array<{ intent: KeywordIntent; locale: Locale | "any"; word: string }> {
  return KEYWORD_INTENTS.flatMap((intent) =>
    (["any", ...LOCALES] as const).flatMap((locale) => (LISTED_KEYWORDS[intent][locale] ?? []).map((word) => ({ intent, locale, word }))),
  );
}
