/**
 * What the SMS segment counter under each message shows: characters, encoding and segments, and a
 * warning when a few characters outside the GSM-7 alphabet (a curly quote pasted from a word
 * processor) force the whole message into UCS-2, 70 characters per segment instead of 160. Pure,
 * so it is tested without the Studio; the segment arithmetic is the app's own module, so the
 * Studio and the cost estimates never disagree.
 */
import { gsmSafeVariant, smsSegments } from "../../app/messaging/sms-segments";

/** At most this many offending characters, and at most a fifth of the text, count as "a few". */
const FEW_CHARACTERS = 5;
const FEW_SHARE = 0.2;

export interface SmsSegmentSummary {
  /** "160 characters · GSM-7 · 1 segment" */
  line: string;
  /** Set when a few characters force UCS-2; says which and what it costs. */
  warning?: string;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** A character as staff can find it in the text: itself, and its code point when invisible or easily confused. */
function describeCharacter(character: string): string {
  const codePoint = `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(character) ? `${character} (${codePoint})` : codePoint;
}

/** The counter line for a text. */
export function formatSmsSegmentLine(text: string): string {
  const result = smsSegments(text);
  return `${plural(result.characters, "character")} · ${result.encoding} · ${plural(result.segments, "segment")}`;
}

/** The warning for a text forced into UCS-2 by a few characters, or undefined. */
export function ucs2ForcedWarning(text: string): string | undefined {
  const result = smsSegments(text);
  if (result.encoding !== "UCS-2") return undefined;
  const offending = new Set(result.nonGsmCharacters);
  const occurrences = [...text].filter((character) => offending.has(character)).length;
  if (occurrences === 0 || occurrences > FEW_CHARACTERS || occurrences > result.characters * FEW_SHARE) return undefined;
  const listed = [...offending].map(describeCharacter).join(", ");
  // The app's own look-alike table (curly quotes, dashes, …): when it removes every offending
  // character, say what the plain version would cost.
  const plain = smsSegments(gsmSafeVariant(text));
  const gain =
    plain.encoding === "GSM-7"
      ? ` With plain characters (' " - ...) it would be GSM-7, ${plural(plain.segments, "segment")} instead of ${result.segments}.`
      : "";
  return `Sent as UCS-2 (70 characters per segment instead of 160) because of ${listed}.${gain}`;
}

/** Everything the counter shows for a text; an empty text shows nothing. */
export function summarizeSmsSegments(text: string | undefined): SmsSegmentSummary | undefined {
  if (text === undefined || text === "") return undefined;
  const warning = ucs2ForcedWarning(text);
  return warning === undefined ? { line: formatSmsSegmentLine(text) } : { line: formatSmsSegmentLine(text), warning };
}
