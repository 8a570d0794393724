/**
 * SMS encoding and segment count for a text (GSM 03.38 / 3GPP TS 23.038). Pure and
 * dependency-free: the Studio's message inputs use it in the browser, the outbox for costs.
 *
 * GSM-7: 160 septets in one SMS, 153 per part when concatenated (the UDH takes 7); characters of
 * the extension table take two septets and are never split across parts. Any other character
 * forces UCS-2: 70 UTF-16 units in one SMS, 67 per part; a surrogate pair is never split.
 * https://www.twilio.com/docs/glossary/what-sms-character-limit
 */

const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENSION = "^{}\\[~]|€\f";
const BASIC = new Set(GSM_BASIC);
const EXTENSION = new Set(GSM_EXTENSION);

export type SmsEncoding = "GSM-7" | "UCS-2";

export interface SmsSegmentInfo {
  encoding: SmsEncoding;
  /** Characters as a person counts them (code points). */
  characters: number;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
  /** Capacity of one segment at the current count: 160/153 or 70/67. */
  perSegment: number;
  /** Units left before another segment is needed. */
  remainingInSegment: number;
  /** Distinct characters that forced UCS-2, so staff can replace them. */
  nonGsmCharacters: string[];
}

export function smsSegments(text: string): SmsSegmentInfo {
  const chars = [...text];
  const nonGsm = [...new Set(chars.filter((c) => !BASIC.has(c) && !EXTENSION.has(c)))];
  if (nonGsm.length === 0) return gsmSegments(chars);
  return { ...ucs2Segments(chars), nonGsmCharacters: nonGsm };
}

function gsmSegments(chars: string[]): SmsSegmentInfo {
  const units = chars.reduce((sum, c) => sum + (EXTENSION.has(c) ? 2 : 1), 0);
  if (units <= 160) {
    return { encoding: "GSM-7", characters: chars.length, units, segments: units === 0 ? 0 : 1, perSegment: 160, remainingInSegment: 160 - units, nonGsmCharacters: [] };
  }
  const { segments, used } = pack(chars.map((c) => (EXTENSION.has(c) ? 2 : 1)), 153);
  return { encoding: "GSM-7", characters: chars.length, units, segments, perSegment: 153, remainingInSegment: 153 - used, nonGsmCharacters: [] };
}

function ucs2Segments(chars: string[]): Omit<SmsSegmentInfo, "nonGsmCharacters"> {
  const units = chars.reduce((sum, c) => sum + c.length, 0);
  if (units <= 70) {
    return { encoding: "UCS-2", characters: chars.length, units, segments: 1, perSegment: 70, remainingInSegment: 70 - units };
  }
  const { segments, used } = pack(chars.map((c) => c.length), 67);
  return { encoding: "UCS-2", characters: chars.length, units, segments, perSegment: 67, remainingInSegment: 67 - used };
}

/** Fills parts of `capacity` with indivisible items; returns the part count and the last part's fill. */
function pack(sizes: number[], capacity: number): { segments: number; used: number } {
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > capacity) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return { segments, used };
}

/** "142 characters · GSM-7 · 1 segment" */
export function smsSegmentSummary(text: string): string {
  const info = smsSegments(text);
  return `${info.characters} characters · ${info.encoding} · ${info.segments} segment${info.segments === 1 ? "" : "s"}`;
}

/** Look-alikes that needlessly force UCS-2, with their GSM-7 equivalents. */
const GSM_LOOKALIKES: Record<string, string> = {
  "\u2018": "'", "\u2019": "'", "\u02BB": "'", "\u02BC": "'", "\u201C": '"', "\u201D": '"', "\u00AB": '"', "\u00BB": '"',
  "\u2013": "-", "\u2014": "-", "\u2026": "...", "\u00A0": " ", "\u2022": "-",
};

/** The text with common look-alikes replaced, so staff can be offered a cheaper GSM-7 version. */
export function gsmSafeVariant(text: string): string {
  return [...text].map((c) => GSM_LOOKALIKES[c] ?? c).join("");
}
