import { describe, expect, it } from "vitest";
import { allBuiltInKeywords, classifyKeyword, isOptOutKeyword, KEYWORD_INTENTS, keywordsFor } from "~/i18n/keywords";
import { LOCALES } from "~/i18n/locales";
import { normalizeKeyword, parseMenuChoice, firstWord } from "~/messaging/keyword-normalize";
import { uiStrings } from "~/i18n/ui-strings";

const ALL = allBuiltInKeywords();

describe("built-in keywords", () => {
  it.each(ALL.map((k) => [k.intent, k.locale, k.word] as const))("%s: %s %s is classified as its intent", (intent, _locale, word) => {
    expect(classifyKeyword(word)?.intent).toBe(intent);
    expect(classifyKeyword(word.toLowerCase())?.intent).toBe(intent);
    expect(classifyKeyword(`  ${word}!! `)?.intent).toBe(intent);
    expect(classifyKeyword(`«${word}»`)?.intent).toBe(intent);
    expect(classifyKeyword(`${word} 🙏`)?.intent).toBe(intent);
    expect(classifyKeyword(`\u200F${word}\u200B`)?.intent).toBe(intent);
  });

  it("no word belongs to two intents", () => {
    const seen = new Map<string, string>();
    for (const { intent, word } of ALL) {
      const key = normalizeKeyword(word);
      const other = seen.get(key);
      expect(other === undefined || other === intent, `${word} is both ${other} and ${intent}`).toBe(true);
      seen.set(key, intent);
    }
  });

  it("every locale has words for every intent", () => {
    for (const intent of KEYWORD_INTENTS) {
      for (const locale of LOCALES.filter((l) => l !== "en")) {
        expect(keywordsFor(intent, locale).length, `${intent} ${locale}`).toBeGreaterThan(keywordsFor(intent, "en").length);
      }
    }
  });

  it.each(LOCALES)("the stop word the %s interface tells people to send really opts out", (locale) => {
    const hint = uiStrings(locale).smsStopHint;
    const local = /\(([^)]+)\)/.exec(hint)?.[1];
    expect(isOptOutKeyword("STOP")).toBe(true);
    if (local) expect(isOptOutKeyword(local), `${locale}: ${local}`).toBe(true);
  });
});

describe("opt-out matching", () => {
  it.each([
    "stop", "Stop.", "STOP please", "please stop", "stop sending", "Stop!!!", "ST\u200BOP", "ｓｔｏｐ",
    "Unsubscribe", "opt out", "OPT-OUT", "стоп", "Стоп!", "отписаться", "ТОКТОТ", "токтот", "тоқтат",
    "To‘xtat", "toʼxtat", "TOXTAT", "bekor", "ист", "توقف", "توقف.", "لغو", "بند", "ايقاف", "إلغاء", "الغاء",
    "إلغاء الاشتراك", "وەستان", "ڕاوەستە", "ﺗﻮﻗﻒ",
  ])("%j opts out", (text) => {
    expect(isOptOutKeyword(text)).toBe(true);
  });

  it.each(["stopover", "STOPS are nice", "hello", "1", "", "   ", "I want to know about work in Russia", "endure", "بندر"])(
    "%j does not opt out",
    (text) => {
      expect(isOptOutKeyword(text)).toBe(false);
    },
  );

  it("reports the locale of a word that belongs to one language only", () => {
    expect(classifyKeyword("СТОП")).toEqual({ intent: "stop", locale: "ru" });
    expect(classifyKeyword("STOP")).toEqual({ intent: "stop" });
    expect(classifyKeyword("بند")).toEqual({ intent: "stop" }); // Pashto and Urdu share it
    expect(classifyKeyword("ЖАРДАМ")).toEqual({ intent: "help", locale: "ky" });
  });

  it("accepts CMS additions, which can never turn a stop word into something else", () => {
    const extra = [
      { intent: "join" as const, word: "SAFE", campaign: "know-before-you-go" },
      { intent: "join" as const, word: "STOP" },
      { intent: "stop" as const, word: "ENOUGH", locale: "en" as const },
    ];
    expect(classifyKeyword("safe", extra)).toEqual({ intent: "join", campaign: "know-before-you-go" });
    expect(classifyKeyword("stop", extra)?.intent).toBe("stop");
    expect(classifyKeyword("enough", extra)).toEqual({ intent: "stop", locale: "en" });
    expect(classifyKeyword("enough")).toBeNull();
  });

  it("other intents need the whole message or its first word", () => {
    expect(classifyKeyword("help me")?.intent).toBe("help");
    expect(classifyKeyword("can you help")).toBeNull();
    expect(classifyKeyword("join")?.intent).toBe("join");
  });
});

describe("normalization", () => {
  it.each([
    ["Stop!", "STOP"],
    ["«СТОП»", "СТОП"],
    ["ي ك ى", "ی ک ی"],
    ["تَوَقَّف", "توقف"],
    ["تـوقـف", "توقف"],
    ["١٢٣ ۴۵۶", "123 456"],
    ["to‘xtat", "TO'XTAT"],
    ["  many   spaces  ", "MANY SPACES"],
    ["وەستان", "وەستان"],
  ])("%j → %j", (input, output) => {
    expect(normalizeKeyword(input)).toBe(output);
  });

  it.each([
    ["1", 1], ["١", 1], ["۲", 2], [" 3. ", 3], ["#4", 4], ["12", 12],
    ["0", null], ["100", null], ["one", null], ["1 2", null], ["", null],
  ])("menu choice %j → %j", (input, choice) => {
    expect(parseMenuChoice(input)).toBe(choice);
  });

  it("first word", () => {
    expect(firstWord("stop, please")).toBe("STOP");
    expect(firstWord("")).toBe("");
  });
});
