import { describe, expect, it } from "vitest";
import { gsmSafeVariant, smsSegmentSummary, smsSegments } from "~/messaging/sms-segments";

describe("smsSegments", () => {
  it.each([
    ["", "GSM-7", 0],
    ["a".repeat(160), "GSM-7", 1],
    ["a".repeat(161), "GSM-7", 2],
    ["a".repeat(306), "GSM-7", 2],
    ["a".repeat(307), "GSM-7", 3],
    ["€".repeat(80), "GSM-7", 1],
    ["€".repeat(81), "GSM-7", 2],
    ["Я".repeat(70), "UCS-2", 1],
    ["Я".repeat(71), "UCS-2", 2],
    ["Я".repeat(134), "UCS-2", 2],
    ["Я".repeat(135), "UCS-2", 3],
    ["س".repeat(70), "UCS-2", 1],
    ["Hello Привет", "UCS-2", 1],
  ] as const)("%#: %s chars → %s, %i segments", (text, encoding, segments) => {
    const info = smsSegments(text);
    expect(info.encoding).toBe(encoding);
    expect(info.segments).toBe(segments);
  });

  it("counts extension characters as two septets and never splits them across parts", () => {
    // 152 plain characters then "€": 154 septets → two parts; the escape pair cannot straddle 153.
    const info = smsSegments(`${"a".repeat(152)}€${"a".repeat(10)}`);
    expect(info.units).toBe(164);
    expect(info.segments).toBe(2);
    expect(info.remainingInSegment).toBe(153 - 12);
  });

  it("never splits a surrogate pair across UCS-2 parts", () => {
    // 66 units then an emoji (2 units): the emoji moves to part 2.
    const info = smsSegments(`${"Я".repeat(66)}😀${"Я".repeat(5)}`);
    expect(info.units).toBe(73);
    expect(info.characters).toBe(72);
    expect(info.segments).toBe(2);
    expect(info.remainingInSegment).toBe(67 - 7);
  });

  it("lists the characters that forced UCS-2", () => {
    expect(smsSegments("It’s “safe”").nonGsmCharacters).toEqual(["’", "“", "”"]);
    expect(smsSegments("plain text").nonGsmCharacters).toEqual([]);
  });

  it.each([
    ["ru", "Проверьте договор до отъезда. Ответьте STOP (СТОП), чтобы отписаться.", "UCS-2"],
    ["ky", "Жумушка чейин келишимди текшериңиз. STOP (ТОКТОТ) деп жооп бериңиз.", "UCS-2"],
    ["fa-AF", "قبل از سفر قرارداد را بخوانید. برای توقف STOP بفرستید.", "UCS-2"],
    // Uzbek Latin oʻ uses U+02BB, which is not GSM-7: the whole message becomes UCS-2.
    ["uz", "Shartnomani oʻqing. Toʻxtatish uchun STOP yuboring.", "UCS-2"],
    ["uz (GSM-safe)", gsmSafeVariant("Shartnomani oʻqing. Toʻxtatish uchun STOP yuboring."), "GSM-7"],
  ])("%s message encodes as %s", (_label, text, encoding) => {
    expect(smsSegments(text).encoding).toBe(encoding);
  });

  it("summarises for staff", () => {
    expect(smsSegmentSummary("a".repeat(160))).toBe("160 characters · GSM-7 · 1 segment");
    expect(smsSegmentSummary("Я".repeat(71))).toBe("71 characters · UCS-2 · 2 segments");
  });
});
