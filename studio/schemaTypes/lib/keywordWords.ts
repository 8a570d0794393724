/**
 * SMS and WhatsApp keyword words as the Studio checks them: length, spaces, and conflicts with
 * the app's built-in words and with other `keyword` documents. Pure, so the root test suite checks
 * them without the Studio.
 *
 * The built-in lists and the normalization are the app's own modules (both dependency-free), so
 * the Studio compares words exactly as the app matches inbound text: Unicode NFKC, case,
 * surrounding punctuation, Arabic letter variants, Arabic-Indic and Persian digits.
 */
import { BUILT_IN_KEYWORDS, KEYWORD_INTENTS as APP_KEYWORD_INTENTS } from "../../../app/i18n/keyword-lists";
import { normalizeKeyword } from "../../../app/i18n/keyword-normalize";
import { LOCALES } from "../locales";

export const KEYWORD_INTENTS = [
  { title: "Join (subscribe)", value: "join" },
  { title: "Help (hotlines)", value: "help" },
  { title: "Stop (opt out)", value: "stop" },
  { title: "Delete my data", value: "delete" },
  { title: "Moved (asks where they are now)", value: "moved" },
] as const satisfies readonly { title: string; value: (typeof APP_KEYWORD_INTENTS)[number] }[];

export type KeywordIntent = (typeof KEYWORD_INTENTS)[number]["value"];

export function keywordIntentTitle(intent: unknown): string {
  return KEYWORD_INTENTS.find((option) => option.value === intent)?.title ?? "No intent";
}

/**
 * The opt-out words carriers and Twilio honour in every locale (the app also has localized ones
 * for each locale); listed in the keyword type's description.
 */
export const STANDARD_OPT_OUT_WORDS: readonly string[] = BUILT_IN_KEYWORDS.stop.any ?? [];

/** The comparison form of a word, the app's own: `Stop!` and `STOP` are one word. */
export function normalizeKeywordWord(word: string): string {
  return normalizeKeyword(word);
}

/**
 * Normalized built-in word → its intent, as the app's keyword table resolves it: intents in the
 * app's order, the first one listing a word keeps it.
 */
const BUILT_IN_INTENT_OF = new Map<string, string>();
for (const intent of APP_KEYWORD_INTENTS) {
  for (const words of Object.values(BUILT_IN_KEYWORDS[intent])) {
    for (const word of words ?? []) {
      const normalized = normalizeKeyword(word);
      if (normalized !== "" && !BUILT_IN_INTENT_OF.has(normalized)) BUILT_IN_INTENT_OF.set(normalized, intent);
    }
  }
}

/** The intent a word has built in, if any. */
export function builtInIntentOf(word: string): string | undefined {
  return BUILT_IN_INTENT_OF.get(normalizeKeyword(word));
}

export const KEYWORD_WORD_MAX_LENGTH = 30;

export const KEYWORD_WORD_LENGTH_MESSAGE = `A word has 1 to ${KEYWORD_WORD_MAX_LENGTH} characters`;

export const KEYWORD_SPACE_MESSAGE =
  "Contains a space: people must then type the whole phrase exactly. Keep it only if that is deliberate.";

/** Why a word cannot be saved, or undefined when it can. */
export function keywordWordError(word: unknown): string | undefined {
  if (typeof word !== "string") return undefined;
  const length = [...word.trim()].length;
  return length < 1 || length > KEYWORD_WORD_MAX_LENGTH ? KEYWORD_WORD_LENGTH_MESSAGE : undefined;
}

export function hasInnerSpace(word: unknown): boolean {
  return typeof word === "string" && /\s/u.test(word.trim());
}

/** One word of a `localeKeywords` value with where it sits, for validation markers. */
export interface LocatedWord {
  fieldKey: string;
  index: number;
  word: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every non-blank word of a `localeKeywords` value, in locale order. */
export function keywordWordsOf(words: unknown): LocatedWord[] {
  if (!isRecord(words)) return [];
  return LOCALES.flatMap((locale) => {
    const list = words[locale.fieldKey];
    if (!Array.isArray(list)) return [];
    return list.flatMap((word: unknown, index) =>
      typeof word === "string" && word.trim() !== "" ? [{ fieldKey: locale.fieldKey, index, word }] : [],
    );
  });
}

/** How many locales have at least one word. */
export function localesWithWords(words: unknown): number {
  return new Set(keywordWordsOf(words).map((word) => word.fieldKey)).size;
}

/** Another keyword document, as {@link OTHER_KEYWORDS_QUERY} returns it. */
export interface OtherKeyword {
  _id: string;
  intent?: unknown;
  words?: unknown;
}

/**
 * Keyword documents other than this one (published or draft) with another intent. Words are
 * compared after normalization in JavaScript, which GROQ cannot do.
 */
export const OTHER_KEYWORDS_QUERY = `*[_type == "keyword" && !(_id in [$id, "drafts." + $id]) && defined(intent) && intent != $intent]{_id, intent, words}`;

/** A word of this document that another intent already has. */
export interface KeywordConflict extends LocatedWord {
  otherIntent: string;
  source: "built-in" | "document";
}

/**
 * Words that cannot have this document's intent: a built-in word of another intent (the app
 * keeps built-in meanings, and a built-in opt-out word always opts out), unless this document is
 * a stop keyword; or a word another keyword document gives another intent.
 */
export function findKeywordConflicts(intent: unknown, words: unknown, others: readonly OtherKeyword[]): KeywordConflict[] {
  const claimedByDocuments = new Map<string, string>();
  for (const other of others) {
    if (other.intent === intent || typeof other.intent !== "string") continue;
    for (const { word } of keywordWordsOf(other.words)) {
      const normalized = normalizeKeyword(word);
      if (!claimedByDocuments.has(normalized)) claimedByDocuments.set(normalized, other.intent);
    }
  }
  return keywordWordsOf(words).flatMap((located): KeywordConflict[] => {
    const normalized = normalizeKeyword(located.word);
    const builtIn = BUILT_IN_INTENT_OF.get(normalized);
    if (intent !== "stop" && builtIn !== undefined && builtIn !== intent) {
      return [{ ...located, otherIntent: builtIn, source: "built-in" }];
    }
    const other = claimedByDocuments.get(normalized);
    return other === undefined ? [] : [{ ...located, otherIntent: other, source: "document" }];
  });
}

/**
 * Stop words that are built-in words of another intent: the app lets an added stop word win, so
 * people sending that word would opt out instead (e.g. YES, a built-in join word).
 */
export function findBuiltInWordsTakenOver(intent: unknown, words: unknown): KeywordConflict[] {
  if (intent !== "stop") return [];
  return keywordWordsOf(words).flatMap((located): KeywordConflict[] => {
    const builtIn = BUILT_IN_INTENT_OF.get(normalizeKeyword(located.word));
    return builtIn !== undefined && builtIn !== "stop" ? [{ ...located, otherIntent: builtIn, source: "built-in" }] : [];
  });
}

function intentLabel(intent: string): string {
  return keywordIntentTitle(intent).toLowerCase();
}

export function keywordConflictMessage(conflict: KeywordConflict): string {
  if (conflict.source === "document") {
    return `"${conflict.word}" is already a ${intentLabel(conflict.otherIntent)} word in another keyword document`;
  }
  return conflict.otherIntent === "stop"
    ? `"${conflict.word}" is a built-in opt-out word: it always stops messages`
    : `"${conflict.word}" is a built-in ${intentLabel(conflict.otherIntent)} word and keeps that meaning`;
}

export function builtInTakenOverMessage(conflict: KeywordConflict): string {
  return `"${conflict.word}" is a built-in ${intentLabel(conflict.otherIntent)} word: as a stop word it will opt people out instead`;
}
