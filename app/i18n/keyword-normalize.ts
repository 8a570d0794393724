/**
 * The comparison form of what people type, so that "Stop!", «СТОП», "stop 🙏", a Persian-keyboard
 * "توقف" and an Uzbek "to‘xtat" compare equal to the keyword lists. Used on BOTH sides of every
 * comparison (built-in lists, CMS keywords, inbound text), so a word never needs listing twice
 * for case, punctuation, invisible characters or keyboard letter variants.
 *
 * Dependency-free and browser-safe: the Sanity Studio imports this file by relative path to
 * check keyword documents exactly as the app will match them (so: type-only imports, if any).
 */

/**
 * Apostrophe look-alikes, unified before NFKC (which would turn ´ into a space and a combining
 * accent). Uzbek Latin writes oʻ/gʻ with U+02BB and the glottal stop with U+02BC, but phones
 * produce ’ ‘ ` ´ or ' instead, and many people leave the apostrophe out altogether.
 */
const APOSTROPHES = /[\u02B9\u02BB\u02BC\u02BD\u2018\u2019\u201B\u2032\u0060\u00B4]/g;

/**
 * Invisible characters phones and keyboards insert: all format characters (zero-width space,
 * ZWNJ/ZWJ, LRM/RLM, bidi embeddings and isolates U+202A–202E/U+2066–2069, Arabic letter mark
 * U+061C, BOM U+FEFF, soft hyphen, emoji tags), the combining grapheme joiner and variation
 * selectors (the U+FE0F after many emoji).
 */
const INVISIBLES = /[\p{Cf}\u034F\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/gu;

/** Arabic harakat, Quranic marks, superscript alef and tatweel: optional when typing. */
// Combining marks on their own are the point of this class: they are what gets removed.
// eslint-disable-next-line no-misleading-character-class
const ARABIC_MARKS = /[\u0610-\u061A\u0640\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E4\u06E7\u06E8\u06EA-\u06ED]/g;

/**
 * Letters that keyboards produce interchangeably for the same word, merged only where no
 * language of ours tells them apart in a keyword:
 * - Arabic yeh ي and alef maksura ى → Farsi yeh ی (Persian, Urdu, Pashto and Kurdish keyboards
 *   type ی; Arabic ones ي; final ى is often typed as either);
 * - Arabic kaf ك → keheh ک;
 * - alef with hamza or madda (أ إ آ ٱ) → bare alef, as most people type it (إلغاء / الغاء);
 * - teh marbuta ة, Urdu heh goal ہ (and ۃ), heh doachashmee ھ → heh ه: Arabic is typed with
 *   a final ه as often as ة; Urdu and Sorani typed on Arabic or Persian keyboards use ه for ہ/ھ.
 * - Russian Ё → Е: Russian writers routinely omit the dots (and Tajik ЁРДАМ is typed ЕРДАМ).
 * NOT merged: Kurdish ە (U+06D5) is a vowel distinct from the consonant ه in Sorani, and Pashto
 * ې ۍ ږ, Urdu ے ٹ and Kurdish ڕ ڵ ۆ ێ are letters of their own. Words typed without those
 * letters are listed as keyboard variants in `app/i18n/keyword-lists.ts` instead.
 */
const LETTER_VARIANTS: Readonly<Record<string, string>> = {
  "\u064A": "\u06CC",
  "\u0649": "\u06CC",
  "\u0643": "\u06A9",
  "\u0623": "\u0627",
  "\u0625": "\u0627",
  "\u0622": "\u0627",
  "\u0671": "\u0627",
  "\u0629": "\u0647",
  "\u06C1": "\u0647",
  "\u06C3": "\u0647",
  "\u06BE": "\u0647",
  "\u0401": "\u0415",
};
const LETTER_VARIANT_PATTERN = new RegExp(`[${Object.keys(LETTER_VARIANTS).join("")}]`, "g");

/** Arabic-Indic (U+0660–0669) and Extended Arabic-Indic/Persian (U+06F0–06F9) digits → ASCII. */
const EASTERN_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g;

/** Punctuation, symbols (incl. emoji), separators and controls at either end of the text. */
const EDGE_JUNK = /^[\p{P}\p{S}\p{Z}\p{C}\p{Me}\s]+|[\p{P}\p{S}\p{Z}\p{C}\p{Me}\s]+$/gu;

/** An apostrophe or a dash inside a word: TO'XTAT = TOXTAT, OPT-OUT = OPTOUT. */
const INNER_JOINERS = /(?<=[\p{L}\p{M}])(?:'|\p{Pd})+(?=\p{L})/gu;

/** Where a message splits into words: spaces, and punctuation or symbols between words. */
const WORD_BREAKS = /[\s\p{P}\p{S}\p{Z}]+/u;

/** Converts Arabic-Indic and Persian digits to ASCII digits; other characters are kept. */
export function asciiDigits(text: string): string {
  return text.replace(EASTERN_DIGITS, (digit) => String((digit.codePointAt(0) ?? 0) & 0xf));
}

/**
 * The comparison form of a keyword or message: apostrophes unified, NFKC (full-width forms and
 * Arabic presentation forms become ordinary letters), invisible characters and Arabic marks
 * removed, letter variants merged, ASCII digits, apostrophes and dashes inside words dropped,
 * surrounding punctuation/symbols/emoji trimmed, whitespace collapsed to one space, upper case.
 *
 * Case: `toLocaleLowerCase("und")` then `toUpperCase()`, both locale-independent, so the host's
 * locale never changes the result. Upper case is the canonical form because keywords are
 * published in capitals (STOP, СТОП). Turkish-keyboard dotted İ (U+0130) lower-cases to i +
 * U+0307 and comes back as I + U+0307, so that dot is dropped: İNFO = INFO; dotless ı upper-cases
 * to I. Cyrillic upper-cases as usual; Arabic script has no case.
 */
export function normalizeKeyword(text: string): string {
  // One message is classified against several lists (built-in keywords, the CMS's, campaign
  // keywords, menu choices), each normalizing the same text: the last answer is kept.
  if (text === lastNormalized.text) return lastNormalized.result;
  const result = normalized(text);
  lastNormalized = { text, result };
  return result;
}

let lastNormalized = { text: "", result: "" };

function normalized(text: string): string {
  const letters = asciiDigits(
    text
      .replace(APOSTROPHES, "'")
      .normalize("NFKC")
      .replace(INVISIBLES, "")
      .replace(ARABIC_MARKS, "")
      .replace(LETTER_VARIANT_PATTERN, (letter) => LETTER_VARIANTS[letter] ?? letter),
  );
  const cased = letters
    .toLocaleLowerCase("und")
    .toUpperCase()
    .replace(/I\u0307/g, "I");
  return cased
    .replace(LETTER_VARIANT_PATTERN, (letter) => LETTER_VARIANTS[letter] ?? letter)
    .replace(INNER_JOINERS, "")
    .replace(EDGE_JUNK, "")
    .replace(/\s+/gu, " ");
}

/**
 * The words of a message in comparison form, split at spaces and at punctuation or symbols
 * between words ("stop,please" → STOP, PLEASE; "STOP🙏" → STOP).
 */
export function keywordTokens(text: string): string[] {
  return normalizeKeyword(text)
    .split(WORD_BREAKS)
    .filter((token) => token !== "");
}

/** The first word in comparison form ("STOP please" → "STOP"); "" for an empty message. */
export function firstWord(text: string): string {
  return keywordTokens(text)[0] ?? "";
}

/**
 * The answer to a numbered menu, 1..99, or null. Accepts ASCII, Arabic-Indic and Persian digits
 * and the decorations people add: "1", "١", "۲", " 3. ", "#4", "(5)", "1️⃣". Anything else —
 * "0", "100", "1 2", "one" — is not a choice.
 */
export function parseMenuChoice(text: string): number | null {
  const normalized = normalizeKeyword(text);
  if (!/^\d{1,2}$/.test(normalized)) return null;
  const choice = Number(normalized);
  return choice >= 1 && choice <= 99 ? choice : null;
}
