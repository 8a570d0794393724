/**
 * Normalizes what people type, so that "Stop!", «СТОП», "stop " and a Persian-keyboard "توقف"
 * all compare equal to the keyword lists. Used on both sides of every comparison.
 */

/** Zero-width and bidirectional control characters that phones insert invisibly. */
const INVISIBLES = /[\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;
/** Arabic harakat, superscript alef and tatweel: optional in typing, never meaningful for keywords. */
const ARABIC_MARKS = /[\u0640\u064B-\u065F\u0670\u06D6-\u06ED]/g;
const EDGE_JUNK = /^[\p{P}\p{S}\p{Z}\p{Cc}]+|[\p{P}\p{S}\p{Z}\p{Cc}]+$/gu;

/**
 * Letters that keyboards produce interchangeably. Arabic yeh (ي), Farsi yeh (ی) and alef maksura
 * (ى) become Farsi yeh; Arabic kaf (ك) becomes keheh (ک); hamza-carrying alefs become bare alef.
 * Kurdish ە (U+06D5) is a distinct vowel in Sorani and is deliberately left alone.
 */
const LETTER_VARIANTS: Record<string, string> = {
  "\u064A": "\u06CC", "\u0649": "\u06CC", "\u0643": "\u06A9",
  "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627",
  // Uzbek Latin oʻ/gʻ are typed with many look-alike apostrophes.
  "\u02BB": "'", "\u02BC": "'", "\u2018": "'", "\u2019": "'", "`": "'", "\u00B4": "'",
};
const VARIANT_PATTERN = new RegExp(`[${Object.keys(LETTER_VARIANTS).join("")}]`, "g");

/** Arabic-Indic (U+0660–0669) and Persian (U+06F0–06F9) digits → ASCII. */
function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String((d.codePointAt(0) ?? 0) & 0xf));
}

/**
 * The comparison form of a keyword or message: NFKC, invisibles and Arabic marks removed, letter
 * variants unified, ASCII digits, surrounding punctuation/symbols/emoji trimmed, whitespace
 * collapsed, upper case. Upper-casing uses the root locale (not Turkish rules), so "i" → "I";
 * Cyrillic and Arabic-script text is unaffected or has no case.
 */
export function normalizeKeyword(text: string): string {
  const cleaned = asciiDigits(
    text.normalize("NFKC").replace(INVISIBLES, "").replace(ARABIC_MARKS, "").replace(VARIANT_PATTERN, (c) => LETTER_VARIANTS[c] ?? c),
  );
  return cleaned.replace(EDGE_JUNK, "").replace(/[\s\p{Z}]+/gu, " ").toUpperCase();
}

/** Normalized tokens of a message (punctuation between words splits them too). */
export function keywordTokens(text: string): string[] {
  return normalizeKeyword(text)
    .split(/[\s,.;:!?،؛؟۔]+/u)
    .map((token) => token.replace(EDGE_JUNK, ""))
    .filter(Boolean);
}

/** The normalized first word ("STOP please" → "STOP"). */
export function firstWord(text: string): string {
  return keywordTokens(text)[0] ?? "";
}

/** A numbered-menu answer ("1", "١", "۲", " 3. ", "#4") within 1..99, else null. */
export function parseMenuChoice(text: string): number | null {
  const normalized = normalizeKeyword(text).replace(/^#/, "");
  if (!/^\d{1,2}$/.test(normalized)) return null;
  const choice = Number(normalized);
  return choice >= 1 && choice <= 99 ? choice : null;
}
