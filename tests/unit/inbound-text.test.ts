/**
 * storableText: what survives of a received text is what PostgreSQL text can hold and a phone can
 * show; keywords are still recognised after it.
 */
import { describe, expect, it } from "vitest";
import { classifyKeyword } from "~/i18n/keywords";
import { storableText } from "~/messaging/inbound-text";

describe("storableText", () => {
  it.each([
    ["STOP\u0000", "STOP"],
    ["\u0000\u0000", ""],
    ["he\u0000llo\u0007 the\u001Bre\u007F", "hello there"],
    ["line one\nline two\r\n\ttabbed", "line one\nline two\r\n\ttabbed"],
    ["stop \uD800 now", "stop \uFFFD now"],
    ["\uDC00 lone low", "\uFFFD lone low"],
    ["emoji 🙏 stays", "emoji 🙏 stays"],
    ["توقف", "توقف"],
    ["СТОП\u200F", "СТОП\u200F"],
  ])("%j → %j", (input, expected) => {
    expect(storableText(input)).toBe(expected);
  });

  it("leaves every STOP word a STOP word", () => {
    for (const body of ["STOP\u0000", "\u0000stop", "СТОП\u0000\u0000", "s\u0000top"]) {
      expect(classifyKeyword(storableText(body), [])?.intent, JSON.stringify(body)).toBe("stop");
    }
  });

  it("gives text PostgreSQL can encode (well-formed UTF-16, no NUL)", () => {
    const cleaned = storableText("a\u0000b\uD83Dc\uDE4Fd");
    expect(cleaned.includes("\u0000")).toBe(false);
    // UTF-8 round trip: a lone surrogate would come back as U+FFFD and differ.
    expect(Buffer.from(cleaned, "utf8").toString("utf8")).toBe(cleaned);
  });
});
