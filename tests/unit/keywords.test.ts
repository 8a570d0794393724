/**
 * Keywords: every built-in STOP/JOIN/HELP/DELETE word in every locale is recognised however it is
 * typed (case, punctuation, quotes, emoji, invisible characters, Arabic or Persian keyboard,
 * keyboards without the language's letters), no word has two meanings, opt-out is generous and
 * the other intents strict, CMS additions can never turn a stop word into something else; and
 * the normalization and menu-choice parsing underneath.
 */
import { describe, expect, it } from "vitest";
import {
  allBuiltInKeywords,
  BUILT_IN_KEYWORDS,
  classifyKeyword,
  isOptOutKeyword,
  KEYWORD_INTENTS,
  keywordsFor,
  LISTED_KEYWORDS,
  type ExtraKeyword,
} from "~/i18n/keywords";
import { keyboardVariants, STOP_WORDS_ONLY_ALONE } from "~/i18n/keyword-lists";
import { LOCALES } from "~/i18n/locales";
import { DEFAULT_SMS_REPLIES } from "~/i18n/sms-replies";
import { uiStrings } from "~/i18n/ui-strings";
import { firstWord, keywordTokens, normalizeKeyword, parseMenuChoice } from "~/i18n/keyword-normalize";

const LISTED = allBuiltInKeywords();
const VARIANTS = KEYWORD_INTENTS.flatMap((intent) =>
  Object.entries(BUILT_IN_KEYWORDS[intent]).flatMap(([locale, words]) => (words ?? []).map((word) => ({ intent, locale, word }))),
);
const ARABIC_SCRIPT = /[\u0600-\u06FF]/;

/** The same word as people send it. */
function typings(word: string): Array<[string, string]> {
  const [head = "", ...rest] = [...word];
  const typed: Array<[string, string]> = [
    ["as listed", word],
    ["lower case", word.toLocaleLowerCase("und")],
    ["surrounding spaces and !!", `  ${word}!! `],
    ["«guillemets»", `«${word}»`],
    ["“curly quotes”.", `“${word}”.`],
    ["trailing emoji", `${word} 🙏🏽`],
    ["leading emoji with VS16", `❤️ ${word}`],
    ["bidi marks and zero-width space", `\u200F${word}\u200B`],
    ["ZWJ inside the word", `${head}\u200D${rest.join("")}`],
    ["ZWNJ inside the word", `${head}\u200C${rest.join("")}`],
    ["full-width !", `${word}！`],
  ];
  if (ARABIC_SCRIPT.test(word)) {
    typed.push(
      ["Arabic keyboard (ي, ك)", word.replace(/ی/g, "ي").replace(/ک/g, "ك")],
      ["Arabic punctuation", `؟${word}،`],
      ["Urdu full stop", `${word}۔`],
      ["tatweel", word.replace(/(.)(.)/u, "$1\u0640$2")],
      ["harakat", word.replace(/(.)/u, "$1\u064E")],
    );
  }
  return typed;
}

describe.each(KEYWORD_INTENTS)("built-in %s words", (intent) => {
  const cases = LISTED.filter((keyword) => keyword.intent === intent).flatMap(({ locale, word }) =>
    typings(word).map(([how, text]) => [locale, word, how, text] as const),
  );

  it.each(cases)("%s %s, %s (%j)", (_locale, _word, _how, text) => {
    expect(classifyKeyword(text)?.intent).toBe(intent);
  });
});

describe("keyboard variants", () => {
  it.each(VARIANTS.map(({ intent, locale, word }) => [intent, locale, word] as const))(
    "%s: %s %s is recognised",
    (intent, _locale, word) => {
      expect(classifyKeyword(word)?.intent).toBe(intent);
    },
  );

  it.each([
    ["kk", "ТОҚТАТ", "ТОКТАТ"],
    ["kk", "ТОҚТАТЫҢЫЗ", "ТОКТАТЫНЫЗ"],
    ["ky", "ТОКТОТУҢУЗ", "ТОКТОТУНУЗ"],
    ["tg", "КӮМАК", "КУМАК"],
    ["tg", "ОҒОЗ", "ОГОЗ"],
    ["uz", "ТЎХТАТ", "ТУХТАТ"],
    ["ps", "ودرېږه", "ودریژه"],
    ["ur", "روکیں", "روکین"],
    ["ckb", "ڕاوەستە", "راوهسته"],
    ["ckb", "وەستان", "وهستان"],
  ] as const)("%s %s typed without the letters: %s", (locale, listed, typed) => {
    expect(keyboardVariants(listed, locale)).toContain(typed);
    expect(classifyKeyword(typed)).toEqual(classifyKeyword(listed));
  });

  it("leaves words of locales without substitutes, and the universal words, alone", () => {
    expect(keyboardVariants("СТОП", "ru")).toEqual(["СТОП"]);
    expect(keyboardVariants("STOP", "any")).toEqual(["STOP"]);
  });
});

describe("the lists", () => {
  it("give no word two meanings, as the app and the Studio compare words", () => {
    for (const compare of [(word: string) => keywordTokens(word).join(" "), normalizeKeyword]) {
      const meaning = new Map<string, string>();
      for (const { intent, word } of VARIANTS) {
        const key = compare(word);
        expect(meaning.get(key) ?? intent, `${word} is ${meaning.get(key)} and ${intent}`).toBe(intent);
        meaning.set(key, intent);
      }
    }
  });

  it("have words of its own for every intent in every locale but English", () => {
    for (const intent of KEYWORD_INTENTS) {
      for (const locale of LOCALES.filter((l) => l !== "en")) {
        expect(LISTED_KEYWORDS[intent][locale]?.length ?? 0, `${intent} ${locale}`).toBeGreaterThan(0);
      }
    }
  });

  it("write Cyrillic and Latin words in capitals, as normalization expects for keyboard variants", () => {
    for (const { word } of LISTED) expect(word, word).toBe(word.toLocaleUpperCase("und"));
  });

  it("list no word twice", () => {
    const keys = LISTED.map(({ intent, locale, word }) => `${intent}/${locale}/${normalizeKeyword(word)}`);
    expect(keys.length).toBe(new Set(keys).size);
  });

  it("restrict only stop words of the same locale", () => {
    for (const [locale, words] of Object.entries(STOP_WORDS_ONLY_ALONE)) {
      for (const word of words ?? []) expect(LISTED_KEYWORDS.stop[locale as keyof typeof LISTED_KEYWORDS.stop]).toContain(word);
    }
  });
});

describe("the words the texts tell people to send", () => {
  it.each(LOCALES)("the %s stop hints (SMS and website) name words that opt out", (locale) => {
    for (const hint of [uiStrings(locale).smsStopHint, DEFAULT_SMS_REPLIES[locale].stopHint]) {
      expect(isOptOutKeyword("STOP")).toBe(true);
      const local = /\(([^)]+)\)/.exec(hint)?.[1];
      if (locale !== "en") expect(local && classifyKeyword(local)?.intent, `${locale}: ${hint}`).toBe("stop");
    }
  });
});

describe("opt-out matching", () => {
  it.each([
    "stop",
    "Stop.",
    "STOP please",
    "please stop",
    "stop sending",
    "Stop!!!",
    "ST\u200BOP",
    "ｓｔｏｐ",
    "🛑STOP🛑",
    "Unsubscribe",
    "opt out",
    "OPT-OUT",
    "Opt-out please",
    "стоп",
    "Стоп!",
    "«Стоп», пожалуйста",
    "отписаться",
    "пожалуйста не пишите",
    "больше не пишите мне",
    "ТОКТОТ",
    "токтот",
    "жазылууну токтот",
    "тоқтат",
    "To‘xtat",
    "toʼxtat",
    "TOXTAT",
    "to`xtat",
    "bekor",
    "xabarlarni to'xtating",
    "ист",
    "бас кунед",
    "توقف",
    "توقف.",
    "لغو",
    "لغو اشتراک",
    "پیام نفرستید",
    "بند",
    "بند کرو",
    "مہربانی بند کریں",
    "ايقاف",
    "إلغاء",
    "الغاء",
    "إلغاء الاشتراك",
    "لا ترسل",
    "وەستان",
    "ڕاوەستە",
    "ﺗﻮﻗﻒ",
    // A long message ending with a stop word: the verb comes last in most languages of the region.
    "I do not want any more of these messages on my phone, stop",
  ])("%j opts out", (text) => {
    expect(classifyKeyword(text)?.intent).toBe("stop");
  });

  it.each([
    ["stopover", null],
    ["STOPS", null],
    ["STOPS are nice", null],
    ["endure", null],
    ["weekend", null],
    ["hello", null],
    ["1", null],
    ["", null],
    ["   ", null],
    ["🙏", null],
    ["СТОПКА", null],
    ["I want to know about work in Russia", null],
    ["بندر", null],
    // Everyday second meanings count only as the whole message or its first word.
    ["денег не хватит", null],
    ["أريد معلومات بس", null],
    ["in the end", null],
    ["I want to quit my job", null],
    ["UNSTOP", "join"],
    ["START", "join"],
    ["бастау", "join"],
  ] as const)("%j is %s, not an opt-out", (text, intent) => {
    expect(classifyKeyword(text)?.intent ?? null).toBe(intent);
    expect(isOptOutKeyword(text)).toBe(false);
  });

  it.each([
    ["хватит", "ru"],
    ["Хватит писать", "ru"],
    ["END", undefined],
    ["بس", undefined],
    ["بس دیگه", undefined],
  ] as const)("a word with a second meaning opts out alone or first: %j", (text, locale) => {
    expect(classifyKeyword(text)).toEqual(locale ? { intent: "stop", locale } : { intent: "stop" });
  });

  it("puts STOP before HELP and JOIN, and DELETE (which also opts out) first", () => {
    expect(classifyKeyword("help stop")?.intent).toBe("stop");
    expect(classifyKeyword("join stop")?.intent).toBe("stop");
    expect(classifyKeyword("stop and delete")?.intent).toBe("stop");
    expect(classifyKeyword("DELETE and stop")?.intent).toBe("delete");
    expect(isOptOutKeyword("DELETE")).toBe(true);
    expect(isOptOutKeyword("удалить")).toBe(true);
  });

  it("needs the whole message or its first word for the other intents", () => {
    expect(classifyKeyword("help me")?.intent).toBe("help");
    expect(classifyKeyword("Помогите, пожалуйста")?.intent).toBe("help");
    expect(classifyKeyword("can you help")).toBeNull();
    expect(classifyKeyword("join")?.intent).toBe("join");
    expect(classifyKeyword("I will join later")).toBeNull();
    expect(classifyKeyword("нест кунед")?.intent).toBe("delete");
    expect(classifyKeyword("маълумотамро нест кунед")).toBeNull();
  });

  it.each([
    ["СТОП", { intent: "stop", locale: "ru" }],
    ["STOP", { intent: "stop" }],
    ["بند", { intent: "stop" }], // Pashto and Urdu share it
    ["توقف", { intent: "stop" }], // Dari and Arabic
    ["ЁРДАМ", { intent: "help" }], // Uzbek Cyrillic and Tajik
    ["ЖАРДАМ", { intent: "help", locale: "ky" }],
    ["TOXTAT", { intent: "stop", locale: "uz" }],
    ["ТОКТАТ", { intent: "stop", locale: "kk" }], // Kazakh typed on a Russian keyboard
    ["ڕاوەستە", { intent: "stop", locale: "ckb" }],
    ["پیل", { intent: "join", locale: "ps" }],
    ["مساعدة", { intent: "help", locale: "ar" }],
    ["مساعده", { intent: "help", locale: "ar" }],
  ] as const)("%s belongs to %j", (word, match) => {
    expect(classifyKeyword(word)).toEqual(match);
  });
});

describe("CMS additions", () => {
  const extra: ExtraKeyword[] = [
    { intent: "join", word: "SAFE", campaign: "know-before-you-go" },
    { intent: "join", word: "STOP" },
    { intent: "join", word: "INFO" },
    { intent: "stop", word: "ENOUGH", locale: "en" },
    { intent: "stop", word: "YES" },
    { intent: "help", word: "ПОМОЩЬ", locale: "kk" },
    { intent: "join", word: "KNOW BEFORE", locale: "en" },
  ];

  it("add words and campaign join words", () => {
    expect(classifyKeyword("safe", extra)).toEqual({ intent: "join", campaign: "know-before-you-go" });
    expect(classifyKeyword("Safe please", extra)).toEqual({ intent: "join", campaign: "know-before-you-go" });
    expect(classifyKeyword("know before!", extra)).toEqual({ intent: "join", locale: "en" });
    expect(classifyKeyword("enough", extra)).toEqual({ intent: "stop", locale: "en" });
    expect(classifyKeyword("please, enough", extra)).toEqual({ intent: "stop", locale: "en" });
    expect(classifyKeyword("enough")).toBeNull();
    expect(classifyKeyword("safe")).toBeNull();
  });

  it("can never turn a stop word into something else, nor take a built-in word's meaning", () => {
    expect(classifyKeyword("stop", extra)).toEqual({ intent: "stop" });
    expect(classifyKeyword("info", extra)).toEqual({ intent: "help" });
  });

  it("let an added stop word win over a built-in word of another intent", () => {
    expect(classifyKeyword("yes", extra)?.intent).toBe("stop");
    expect(classifyKeyword("yes")?.intent).toBe("join");
  });

  it("make a word shared by two locales lose its single locale", () => {
    expect(classifyKeyword("ПОМОЩЬ")).toEqual({ intent: "help", locale: "ru" });
    expect(classifyKeyword("ПОМОЩЬ", extra)).toEqual({ intent: "help" });
  });

  it("are listed by keywordsFor after the built-in words", () => {
    expect(keywordsFor("stop", "en", extra)).toEqual([...(LISTED_KEYWORDS.stop.any ?? []), "ENOUGH", "YES"]);
    expect(keywordsFor("join", "ru", extra)).toContain("SAFE");
    expect(keywordsFor("join", "ru", extra)).not.toContain("KNOW BEFORE");
  });
});

describe("keywordsFor", () => {
  it("lists the locale's words first, then the universal ones, as written", () => {
    const words = keywordsFor("stop", "ru");
    expect(words[0]).toBe("СТОП");
    expect(words).toContain("STOP");
    expect(words.indexOf("СТОП")).toBeLessThan(words.indexOf("STOP"));
    expect(keywordsFor("help", "uz")).toContain("MA'LUMOT");
  });

  it("leaves out keyboard variants", () => {
    expect(keywordsFor("stop", "kk")).toContain("ТОҚТАТ");
    expect(keywordsFor("stop", "kk")).not.toContain("ТОКТАТ");
  });
});

describe("normalizeKeyword", () => {
  it.each([
    ["Stop!", "STOP"],
    ["«СТОП»", "СТОП"],
    ["  many   spaces  ", "MANY SPACES"],
    ["ｓｔｏｐ", "STOP"],
    ["\u200Fstop\u200E", "STOP"],
    ["st\u200Bop", "STOP"],
    ["\uFEFFSTOP", "STOP"],
    ["\u2066توقف\u2069", "توقف"],
    ["\u061Cتوقف", "توقف"],
    ["\u202Bبند\u202C", "بند"],
    ["STOP 🛑❤️", "STOP"],
    ["1️⃣", "1"],
    ["İNFO", "INFO"],
    ["ınfo", "INFO"],
    ["straße", "STRASSE"],
    ["ёлка", "ЕЛКА"],
    ["ي ك ى", "ی ک ی"],
    ["إلغاء", "الغاء"],
    ["أوقف", "اوقف"],
    ["آغاز", "اغاز"],
    ["مساعدة", "مساعده"],
    ["ہیلپ", "هیلپ"],
    ["بھیجیں", "بهیجیں"],
    ["تَوَقَّف", "توقف"],
    ["تـوقـف", "توقف"],
    ["ﺗﻮﻗﻒ", "توقف"],
    ["١٢٣ ۴۵۶", "123 456"],
    ["؟کمک؟", "کمک"],
    ["،لغو؛", "لغو"],
    ["۔بند۔", "بند"],
    ["to‘xtat", "TOXTAT"],
    ["toʻxtat", "TOXTAT"],
    ["TO'XTAT", "TOXTAT"],
    ["to´xtat", "TOXTAT"],
    ["opt-out", "OPTOUT"],
    ["opt—out", "OPTOUT"],
    ["- 5 -", "5"],
    // Sorani ە is a vowel of its own: kept, not merged with ه.
    ["وەستان", "وەستان"],
  ])("%j → %j", (input, output) => {
    expect(normalizeKeyword(input)).toBe(output);
  });

  it("keeps Sorani ە and ه apart, and Urdu ے, Pashto ې apart from ی", () => {
    expect(normalizeKeyword("وەستان")).not.toBe(normalizeKeyword("وهستان"));
    expect(normalizeKeyword("ے")).not.toBe(normalizeKeyword("ی"));
    expect(normalizeKeyword("ې")).not.toBe(normalizeKeyword("ی"));
  });

  it.each([
    ["STOP please", "STOP"],
    ["stop,please", "STOP"],
    ["«Стоп», пожалуйста", "СТОП"],
    ["🙏 help", "HELP"],
    ["to‘xtat!", "TOXTAT"],
    ["", ""],
    ["?!", ""],
  ])("firstWord(%j) = %j", (input, word) => {
    expect(firstWord(input)).toBe(word);
  });
});

describe("parseMenuChoice", () => {
  it.each([
    ["1", 1],
    ["١", 1],
    ["۲", 2],
    [" 3. ", 3],
    ["#4", 4],
    ["(5)", 5],
    ["6)", 6],
    ["1️⃣", 1],
    ["12", 12],
    ["٩٩", 99],
    ["۱۰", 10],
    ["04", 4],
    ["\u200F7", 7],
    ["0", null],
    ["00", null],
    ["100", null],
    ["one", null],
    ["1 2", null],
    ["1.5", null],
    ["", null],
    ["#", null],
    ["STOP 1", null],
    ["2 Русский", null],
  ] as const)("%j → %j", (input, choice) => {
    expect(parseMenuChoice(input)).toBe(choice);
  });
});
