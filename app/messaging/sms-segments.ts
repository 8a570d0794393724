/**
 * What an SMS costs: its encoding and how many segments (billed parts) it is split into.
 *
 * Pure and dependency-free: the outbox uses it to count segments, the reply builders to keep
 * answers in one segment, and a Sanity Studio input runs it in the browser as staff type.
 *
 * Rules (3GPP TS 23.038, formerly GSM 03.38; 3GPP TS 23.040 for concatenation):
 * - A text made only of characters of the GSM 7-bit default alphabet and its extension table is
 *   sent as GSM-7: 160 septets in a single message; a longer one is split into parts of 153
 *   septets (7 septets go to the concatenation header). Extension characters are an ESC septet
 *   plus one, so they count 2 and are never split across parts.
 * - Any other character makes the whole message UCS-2: 70 UTF-16 code units in a single message,
 *   67 per part. Characters outside the BMP (most emoji) are a surrogate pair, 2 units, and a
 *   grapheme (a flag is two such pairs) is never split across parts.
 * This is also how Twilio counts:
 * https://www.twilio.com/docs/glossary/what-is-gsm-7-character-encoding
 * https://github.com/TwilioDevEd/message-segment-calculator
 *
 * National language shift tables (23.038 Annex A, e.g. Urdu, Turkish) are not assumed: few
 * carriers and phones on the Silk Route support them, and Twilio sends those texts as UCS-2.
 */

/** The 127 characters of the GSM 7-bit default alphabet (ESC, 0x1B, is not a character). */
const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅå" +
  "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ" +
  " !\"#¤%&'()*+,-./" +
  "0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§" +
  "¿abcdefghijklmnopqrstuvwxyzäöñüà";

/** The extension table: each costs ESC + the character, 2 septets. Form feed is 0x1B 0x0A. */
const GSM_EXTENSION = "\f^{}\\[]~|€";

const BASIC_SET: ReadonlySet<string> = new Set(GSM_BASIC);
const EXTENSION_SET: ReadonlySet<string> = new Set(GSM_EXTENSION);

/** Limits per encoding: one message alone, and each part of a concatenated message. */
const LIMITS = {
  "GSM-7": { single: 160, part: 153 },
  "UCS-2": { single: 70, part: 67 },
} as const;

export type SmsEncoding = keyof typeof LIMITS;

/** The cost of one SMS body. */
export interface SmsSegmentInfo {
  encoding: SmsEncoding;
  /** Unicode code points (an emoji counts 1), the number a person would call "characters". */
  characters: number;
  /** Septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2. */
  units: number;
  /** Billed segments; 0 for an empty text. */
  segments: number;
  /** Units per segment at this length: 160/70 for a single message, 153/67 once split. */
  perSegment: number;
  /** Units still free in the last segment before another one starts. */
  remainingInSegment: number;
  /** The distinct characters (in order of appearance) that forced UCS-2; empty for GSM-7. */
  nonGsmCharacters: string[];
}

/** True when the character (one code point) is in the GSM-7 default alphabet or its extension. */
export function isGsmCharacter(character: string): boolean {
  return BASIC_SET.has(character) || EXTENSION_SET.has(character);
}

/** Encoding and segment count of a text, exactly as the carrier will bill it. */
/** How many segments (billed parts) a text is: what the outbox stores with each SMS row. */
export function smsSegmentCount(text: string): number {
  return smsSegments(text).segments;
}

export function smsSegments(text: string): SmsSegmentInfo {
  const characters = Array.from(text);
  const nonGsmCharacters = [...new Set(characters.filter((character) => !isGsmCharacter(character)))];
  const encoding: SmsEncoding = nonGsmCharacters.length === 0 ? "GSM-7" : "UCS-2";
  // Width of each unbreakable piece in the encoding's units: a GSM-7 character (1, or 2 for an
  // ESC pair), or in UCS-2 a whole grapheme (a surrogate pair, a flag's two regional indicators,
  // an emoji with its modifiers), which Twilio never splits across parts.
  const widths = encoding === "GSM-7" ? characters.map((character) => (EXTENSION_SET.has(character) ? 2 : 1)) : ucs2Widths(text);
  return { encoding, characters: characters.length, nonGsmCharacters, ...pack(widths, LIMITS[encoding]) };
}

/**
 * Characters that can make a grapheme longer than one UTF-16 unit: marks (Arabic harakat, Cyrillic
 * combining accents), ZWNJ and ZWJ (Persian writes ZWNJ inside words), CR (CR LF is one
 * grapheme), prepended Arabic signs, Hangul jamo and syllables, the two Thai/Lao vowels that
 * join, halfwidth voicing marks, and anything outside the BMP (a surrogate pair).
 */
const MAY_JOIN =
  /[\p{M}\r\u0600-\u0605\u06DD\u070F\u0890\u0891\u08E2\u0E33\u0EB3\u1100-\u11FF\uA960-\uA97F\uAC00-\uD7FF\uFF9E\uFF9F]|\u200C|\u200D|[\u{10000}-\u{10FFFF}]/u;

/**
 * The width of each unbreakable UCS-2 piece. Most texts (Cyrillic, unvowelled Arabic script,
 * Latin) have none of MAY_JOIN: every unit is its own grapheme, and the segmenter (about 4 % of
 * an inbound message's server time in a profile) is not needed (tests/unit/sms-segments.test.ts
 * checks both ways agree).
 */
export function ucs2Widths(text: string): number[] {
  return MAY_JOIN.test(text) ? segmenterWidths(text) : new Array<number>(text.length).fill(1);
}

const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Grapheme widths by the segmenter alone (what `ucs2Widths` must always equal). */
export function segmenterWidths(text: string): number[] {
  return graphemes(text).map((grapheme) => grapheme.length);
}

function graphemes(text: string): string[] {
  return Array.from(graphemeSegmenter.segment(text), (piece) => piece.segment);
}

function pack(
  widths: readonly number[],
  limits: { single: number; part: number },
): Pick<SmsSegmentInfo, "units" | "segments" | "perSegment" | "remainingInSegment"> {
  const units = widths.reduce((sum, width) => sum + width, 0);
  if (units <= limits.single) {
    return { units, segments: units === 0 ? 0 : 1, perSegment: limits.single, remainingInSegment: limits.single - units };
  }
  let segments = 1;
  let filled = 0;
  for (const width of widths) {
    // An ESC pair or a surrogate pair that does not fit starts the next part, leaving a gap.
    if (filled + width > limits.part) {
      segments += 1;
      filled = 0;
    }
    filled += width;
  }
  return { units, segments, perSegment: limits.part, remainingInSegment: limits.part - filled };
}

/** "142 characters · GSM-7 · 1 segment", for the Studio's counter under an SMS field. */
export function smsSegmentSummary(text: string): string {
  const info = smsSegments(text);
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
  return `${plural(info.characters, "character")} · ${info.encoding} · ${plural(info.segments, "segment")}`;
}

/**
 * Typographic look-alikes that silently turn a Latin-script text into UCS-2 (less than half the
 * characters per segment), mapped to their GSM-7 equivalents. Word processors and phones insert
 * them (curly quotes, dashes, the ellipsis), and Uzbek Latin writes oʻ/gʻ with U+02BB.
 * Twilio's "smart encoding" makes similar replacements at send time; doing it in the Studio lets
 * staff see the real cost and choose. ZWNJ and ZWJ are left alone: they matter in Persian script.
 */
const GSM_LOOK_ALIKES: ReadonlyMap<string, string> = new Map([
  ...[..."‘’‚‛′ʻʼʹ`´"].map((c) => [c, "'"] as const),
  ...[..."“”„‟″«»"].map((c) => [c, '"'] as const),
  ...[..."‐‑‒–—―−"].map((c) => [c, "-"] as const),
  ["…", "..."],
  // No-break and other fixed-width spaces.
  ...[..."\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"].map((c) => [c, " "] as const),
  // Invisible characters that carry no meaning in any of our scripts.
  ...[..."\u200b\u2060\ufeff"].map((c) => [c, ""] as const),
]);

/**
 * The text with typographic look-alikes replaced by GSM-7 characters. Other characters are kept,
 * so the result is GSM-7 only when nothing else needed UCS-2: compare `smsSegments` of both to
 * offer the cheaper version.
 */
export function gsmSafeVariant(text: string): string {
  return Array.from(text, (character) => GSM_LOOK_ALIKES.get(character) ?? character).join("");
}
