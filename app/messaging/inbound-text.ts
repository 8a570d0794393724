/**
 * What a received text may contain once it is past the boundary (the Twilio webhook's form, the
 * dev phone's form): what PostgreSQL's `text` can store and a phone can show. Applied once, where
 * the text enters, so every later step (keywords, the echo check, the dev phone's copy) sees the
 * same string and none of them can fail on it.
 *
 * - U+0000 (NUL): PostgreSQL text cannot hold it ("invalid byte sequence for encoding UTF8: 0x00"),
 *   and a statement carrying it fails. A failed statement used to mean a lost STOP.
 * - Other C0 controls and DEL (but tab, line feed, carriage return): meaningless in an SMS, and
 *   invisible in a reply that quotes them.
 * - Lone UTF-16 surrogates: not characters, and not encodable in UTF-8. Replaced by U+FFFD, as
 *   `String.prototype.toWellFormed` does.
 */

// Control characters are what this pattern finds (PostgreSQL refuses NUL in text).
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function storableText(text: string): string {
  return text.replace(CONTROLS, "").replace(LONE_SURROGATES, "\uFFFD");
}
