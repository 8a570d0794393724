/**
 * SMS encoding and segment counting (3GPP TS 23.038 / 23.040): the GSM-7 alphabet and its
 * extension table, the 160/153 and 70/67 limits, extension characters and surrogate pairs never
 * split across parts, and the look-alike replacements offered to staff.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { gsmSafeVariant, isGsmCharacter, segmenterWidths, smsSegmentSummary, smsSegments, ucs2Widths } from "~/messaging/sms-segments";

const a = (count: number) => "a".repeat(count);
const zhe = (count: number) => "Ж".repeat(count);

describe("segment counting", () => {
  it.each([
    // name, text, encoding, units, segments, perSegment, remainingInSegment
    ["empty", "", "GSM-7", 0, 0, 160, 160],
    ["1 GSM char", "a", "GSM-7", 1, 1, 160, 159],
    ["160 GSM chars", a(160), "GSM-7", 160, 1, 160, 0],
    ["161 GSM chars", a(161), "GSM-7", 161, 2, 153, 145],
    ["153×2 GSM chars", a(306), "GSM-7", 306, 2, 153, 0],
    ["153×2+1 GSM chars", a(307), "GSM-7", 307, 3, 153, 152],
    ["€ counts 2", "€", "GSM-7", 2, 1, 160, 158],
    ["80 × € fill one segment", "€".repeat(80), "GSM-7", 160, 1, 160, 0],
    ["81 × €: 76 per part, never half a €", "€".repeat(81), "GSM-7", 162, 2, 153, 143],
    ["159 + € spills into a second message", a(159) + "€", "GSM-7", 161, 2, 153, 145],
    // 152 + ESC€ = 154 > 153: the € moves to part 2, which then takes 2 + 151 = 153.
    ["€ at the 153 boundary moves to the next part", a(152) + "€" + a(151), "GSM-7", 305, 2, 153, 0],
    // Same length as 153×2 but needs three parts because part 1 ends one septet short.
    ["€ at the boundary costs a third part", a(152) + "€" + a(152), "GSM-7", 306, 3, 153, 152],
    ["€ exactly at the end of part 1", a(151) + "€" + a(153), "GSM-7", 306, 2, 153, 0],
    ["every extension character counts 2", "^{}\\[~]|€\f", "GSM-7", 20, 1, 160, 140],
    ["CR LF count 1 each", "a\r\nb", "GSM-7", 4, 1, 160, 156],
    ["70 Cyrillic chars", zhe(70), "UCS-2", 70, 1, 70, 0],
    ["71 Cyrillic chars", zhe(71), "UCS-2", 71, 2, 67, 63],
    ["67×2 Cyrillic chars", zhe(134), "UCS-2", 134, 2, 67, 0],
    ["67×2+1 Cyrillic chars", zhe(135), "UCS-2", 135, 3, 67, 66],
    ["70 Arabic-script chars", "د".repeat(70), "UCS-2", 70, 1, 70, 0],
    ["an emoji is 2 units", "😀", "UCS-2", 2, 1, 70, 68],
    ["35 emoji fill one segment", "😀".repeat(35), "UCS-2", 70, 1, 70, 0],
    // 66 + a surrogate pair = 68 > 67: the emoji moves to part 2 (2 + 65 = 67), then 1 more.
    ["an emoji at the 67 boundary moves to the next part", zhe(66) + "😀" + zhe(66), "UCS-2", 134, 3, 67, 66],
    ["an emoji that ends part 1 exactly", zhe(65) + "😀" + zhe(67), "UCS-2", 134, 2, 67, 0],
    ["one Cyrillic letter makes it all UCS-2", a(69) + "Ж", "UCS-2", 70, 1, 70, 0],
    // A flag is two regional indicators (4 units), one grapheme: 65 + 4 > 67, so all of it moves on.
    ["a flag at the 67 boundary moves whole to the next part", zhe(65) + "🇰🇬" + zhe(66), "UCS-2", 135, 3, 67, 64],
  ] as const)("%s", (_name, text, encoding, units, segments, perSegment, remainingInSegment) => {
    const info = smsSegments(text);
    expect(info).toMatchObject({ encoding, units, segments, perSegment, remainingInSegment });
  });

  it("agrees with the plain arithmetic for GSM-7 texts without extension characters", () => {
    for (let length = 0; length <= 500; length += 1) {
      const expected = length === 0 ? 0 : length <= 160 ? 1 : Math.ceil(length / 153);
      expect(smsSegments(a(length)).segments, `${length} characters`).toBe(expected);
    }
  });

  it("counts characters as code points, units as UTF-16 code units", () => {
    const info = smsSegments("Hi 👋🏽");
    expect(info.characters).toBe(5); // H, i, space, wave, skin tone
    expect(info.units).toBe(7);
  });
});

describe("the GSM 03.38 alphabet", () => {
  const basic =
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

  it("has the 127 characters of the basic set, one septet each", () => {
    expect([...basic]).toHaveLength(127);
    expect(smsSegments(basic)).toMatchObject({ encoding: "GSM-7", units: 127, nonGsmCharacters: [] });
  });

  it.each([..."^{}\\[~]|€\f"])("%j is in the extension table (2 septets)", (character) => {
    expect(smsSegments(character)).toMatchObject({ encoding: "GSM-7", units: 2 });
  });

  it.each(["`", "ç", "á", "í", "ó", "ú", "ê", "õ", "ğ", "ş", "’", "“", "–", "…", "\u00a0", "\t", "Ж", "ی", "😀"])(
    "%j is not GSM-7",
    (character) => {
      expect(isGsmCharacter(character)).toBe(false);
      expect(smsSegments(`a${character}`).encoding).toBe("UCS-2");
    },
  );
});

describe("characters that force UCS-2", () => {
  it("mixed Latin and Cyrillic is UCS-2 and names the Cyrillic letters once each", () => {
    expect(smsSegments("Hello Привет")).toMatchObject({
      encoding: "UCS-2",
      units: 12,
      nonGsmCharacters: ["П", "р", "и", "в", "е", "т"],
    });
  });

  it("lists curly quotes, once each, in order of appearance", () => {
    const text = "It’s “safe” to ask. It’s free.";
    expect(smsSegments(text).nonGsmCharacters).toEqual(["’", "“", "”"]);
    expect(smsSegments(gsmSafeVariant(text))).toMatchObject({ encoding: "GSM-7", nonGsmCharacters: [] });
  });

  it.each([
    ["It’s ‘fine’", "It's 'fine'"],
    ["“Check” — then sign…", '"Check" - then sign...'],
    ["A – B", "A - B"],
    ["Oʻzbekiston, gʻalaba", "O'zbekiston, g'alaba"],
    ["Qurʼon", "Qur'on"],
    ["«quoted»", '"quoted"'],
    ["no\u00a0break", "no break"],
    ["zero\u200bwidth", "zerowidth"],
    ["plain text", "plain text"],
  ])("gsmSafeVariant(%j) = %j", (input, output) => {
    expect(gsmSafeVariant(input)).toBe(output);
    expect(smsSegments(output).encoding).toBe("GSM-7");
  });

  it("keeps what has no GSM-7 equivalent, and the ZWNJ Persian needs", () => {
    expect(gsmSafeVariant("Привет — мир")).toBe("Привет - мир");
    expect(gsmSafeVariant("می\u200cخواهم")).toBe("می\u200cخواهم");
  });
});

describe("realistic campaign messages", () => {
  it.each([
    ["Russian, one segment", "Проверьте работодателя до отъезда. Горячая линия: +996 000 000 101", "UCS-2", 1],
    [
      "Russian, two segments",
      "Работодатель забрал паспорт? Это незаконно. Позвоните на горячую линию +996 000 000 101. Отписка: STOP",
      "UCS-2",
      2,
    ],
    ["Kyrgyz", "Келишимге кол коюудан мурун текшериңиз. Ишеним телефону: +996 000 000 101. Токтотуу: STOP", "UCS-2", 2],
    ["Dari", "قبل از امضا، قرارداد را بخوانید. شماره کمک: +93 000 000 501", "UCS-2", 1],
    [
      // Uzbek Latin writes oʻ and gʻ with U+02BB, which forces UCS-2 ...
      "Uzbek Latin with U+02BB",
      "Shartnomani imzolashdan oldin oʻqing. Pasportingizni hech kimga bermang. Toʻxtatish: STOP",
      "UCS-2",
      2,
    ],
    [
      // ... and the same text with a plain apostrophe is GSM-7, one segment.
      "Uzbek Latin with an apostrophe",
      "Shartnomani imzolashdan oldin o'qing. Pasportingizni hech kimga bermang. To'xtatish: STOP",
      "GSM-7",
      1,
    ],
    [
      "English",
      "Check the employer and the agency before you go. Keep copies of your passport and contract at home. Reply STOP to stop.",
      "GSM-7",
      1,
    ],
  ] as const)("%s", (_name, text, encoding, segments) => {
    const info = smsSegments(text);
    expect(info.encoding).toBe(encoding);
    expect(info.segments).toBe(segments);
    // No emoji in these: every character is one UTF-16 unit, and one septet in GSM-7.
    expect(info.units).toBe(text.length);
  });

  it("the Uzbek U+02BB is named, and the GSM-safe variant costs fewer segments", () => {
    const text = "Shartnomani imzolashdan oldin oʻqing. Pasportingizni hech kimga bermang. Toʻxtatish: STOP";
    expect(smsSegments(text).nonGsmCharacters).toEqual(["ʻ"]);
    expect(smsSegments(gsmSafeVariant(text)).segments).toBeLessThan(smsSegments(text).segments);
  });
});

describe("smsSegmentSummary", () => {
  it.each([
    ["", "0 characters · GSM-7 · 0 segments"],
    ["A", "1 character · GSM-7 · 1 segment"],
    [a(142), "142 characters · GSM-7 · 1 segment"],
    [a(161), "161 characters · GSM-7 · 2 segments"],
    [zhe(71), "71 characters · UCS-2 · 2 segments"],
    ["😀", "1 character · UCS-2 · 1 segment"],
  ])("%j → %s", (text, summary) => {
    expect(smsSegmentSummary(text)).toBe(summary);
  });
});

describe("UCS-2 widths without the segmenter", () => {
  // Pieces that join into longer graphemes, and ordinary letters of our scripts around them.
  const pieces = [
    ..."абвгдеёжзийклмнопрстуфхцчшщъыьэюяңөү",
    ..."ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیئۀ",
    ..."abc ,.!?0123456789",
    "\u064E",
    "\u0650",
    "\u0651",
    "\u0670", // Arabic harakat, shadda, superscript alef
    "\u0301",
    "\u0308", // combining acute, diaeresis
    "\u200C",
    "\u200D",
    "\r",
    "\n",
    "\r\n",
    "\u0600",
    "\u06DD", // Arabic signs that prefix a number
    "\u1100",
    "\u1161",
    "\u11A8",
    "\uAC00", // Hangul jamo and a syllable
    "\u0E33",
    "\u0E01",
    "\uFF76",
    "\uFF9E",
    "😀",
    "👍🏽",
    "🇰🇬",
    "👩‍👩‍👧",
    "\uFE0F",
    "❤",
  ];
  it("gives the segmenter's widths for any text made of our scripts and the pieces that join", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 120 }), (parts) => {
        const text = parts.join("");
        expect(ucs2Widths(text)).toEqual(segmenterWidths(text));
      }),
      { numRuns: 2_000 },
    );
  });
  it("gives the segmenter's widths for arbitrary Unicode text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), (text) => {
        expect(ucs2Widths(text)).toEqual(segmenterWidths(text));
      }),
      { numRuns: 2_000 },
    );
  });
});
