/**
 * What the Studio's SMS segment counter shows under each message (the pure formatting behind
 * SmsSegmentInput): characters, encoding and segments at the GSM-7 and UCS-2 boundaries, and the
 * warning when a few look-alike characters force a whole message into UCS-2.
 */
import { describe, expect, it } from "vitest";
import { formatSmsSegmentLine, summarizeSmsSegments, ucs2ForcedWarning } from "../../studio/inputs/smsSegmentSummary";

describe("SMS segment counter line", () => {
  it.each([
    ["A", "1 character · GSM-7 · 1 segment"],
    ["a".repeat(160), "160 characters · GSM-7 · 1 segment"],
    ["a".repeat(161), "161 characters · GSM-7 · 2 segments"],
    // € is in the GSM-7 extension table: two septets, so 80 of them fill one segment.
    ["€".repeat(80), "80 characters · GSM-7 · 1 segment"],
    ["€".repeat(81), "81 characters · GSM-7 · 2 segments"],
    ["Ж".repeat(70), "70 characters · UCS-2 · 1 segment"],
    ["Ж".repeat(71), "71 characters · UCS-2 · 2 segments"],
    ["د".repeat(134), "134 characters · UCS-2 · 2 segments"],
    ["د".repeat(135), "135 characters · UCS-2 · 3 segments"],
  ])("%j → %s", (text, line) => {
    expect(formatSmsSegmentLine(text)).toBe(line);
  });

  it("shows nothing for an empty text", () => {
    expect(summarizeSmsSegments("")).toBeUndefined();
    expect(summarizeSmsSegments(undefined)).toBeUndefined();
  });
});

describe("UCS-2 forced by a few characters", () => {
  const english = "Don't sign a contract you cannot read. Call the hotline before you travel. Reply STOP to stop.";

  it("names curly quotes and what plain characters would save", () => {
    const text = english.replace("Don't", "Don’t");
    const summary = summarizeSmsSegments(text);
    expect(summary?.line).toBe(`${[...text].length} characters · UCS-2 · 2 segments`);
    expect(summary?.warning).toBe(
      "Sent as UCS-2 (70 characters per segment instead of 160) because of ’ (U+2019). " +
        "With plain characters (' \" - ...) it would be GSM-7, 1 segment instead of 2.",
    );
  });

  it("names invisible characters by code point", () => {
    expect(ucs2ForcedWarning(`${english}\u00A0`)).toContain("because of U+00A0.");
  });

  it("names a character that has no plain equivalent, without promising a saving", () => {
    expect(ucs2ForcedWarning(`${english} СТОП`)).toBe(
      "Sent as UCS-2 (70 characters per segment instead of 160) because of С (U+0421), Т (U+0422), О (U+041E), П (U+041F).",
    );
  });

  it("does not warn when the text is written in a non-Latin script, or is plain GSM-7", () => {
    expect(ucs2ForcedWarning("Проверьте договор перед отъездом.")).toBeUndefined();
    expect(ucs2ForcedWarning("Ия")).toBeUndefined();
    expect(ucs2ForcedWarning(english)).toBeUndefined();
    expect(summarizeSmsSegments(english)?.warning).toBeUndefined();
  });

  it("does not call six or more look-alikes a few", () => {
    expect(ucs2ForcedWarning(`${english} “a” “b” “c”`)).toBeUndefined();
  });
});
