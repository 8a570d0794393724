import { describe, it, expect } from "vitest";
import { LOCALES, direction, type Locale } from "~/i18n/locales";
import { format, uiStrings, type UiStringKey } from "~/i18n/ui-strings";
import { en } from "~/i18n/strings/en";

const ENGLISH_KEYS = Object.keys(en).sort();
const ARABIC_SCRIPT_LOCALES: readonly Locale[] = ["fa-AF", "ps", "ur", "ar", "ckb"];
const CYRILLIC_LOCALES: readonly Locale[] = ["ru", "ky", "kk", "tg"];
const ARABIC_SCRIPT = /\p{Script=Arabic}/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;
// Brand names and the universal "SMS" may legitimately stay as in English.
const MAY_MATCH_ENGLISH: ReadonlySet<UiStringKey> = new Set([
  "sendSms",
  "whatsapp",
  "telegram",
  "facebook",
  "vk",
  "odnoklassniki",
  "xNetwork",
]);

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).sort();
}

describe.each(LOCALES)("uiStrings(%s)", (locale) => {
  const strings = uiStrings(locale);

  it("has exactly the keys of English", () => {
    expect(Object.keys(strings).sort()).toEqual(ENGLISH_KEYS);
  });

  it("has no empty values", () => {
    for (const [key, value] of Object.entries(strings)) {
      expect(value.trim(), key).not.toBe("");
    }
  });

  it("keeps the same {placeholders} as English in every string", () => {
    for (const key of ENGLISH_KEYS as UiStringKey[]) {
      expect(placeholders(strings[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it("keeps the Latin opt-out word STOP", () => {
    expect(strings.smsStopHint).toMatch(/\bSTOP\b/);
  });

  // English is the source: the check is for the other ten (registered only for them, not skipped).
  if (locale !== "en")
    it("translates every string except brand names", () => {
      for (const key of ENGLISH_KEYS as UiStringKey[]) {
        if (MAY_MATCH_ENGLISH.has(key)) continue;
        expect(strings[key], key).not.toBe(en[key]);
      }
    });

  it("is written in the script of its language", () => {
    const translated = (ENGLISH_KEYS as UiStringKey[])
      .filter((key) => !MAY_MATCH_ENGLISH.has(key))
      .map((key) => [key, strings[key]] as const);
    for (const [key, value] of translated) {
      if (ARABIC_SCRIPT_LOCALES.includes(locale)) {
        expect(value, key).toMatch(ARABIC_SCRIPT);
      } else if (CYRILLIC_LOCALES.includes(locale)) {
        expect(value, key).toMatch(CYRILLIC);
        expect(value, key).not.toMatch(ARABIC_SCRIPT);
      } else {
        // English and Uzbek are written in Latin script.
        expect(value, key).not.toMatch(CYRILLIC);
        expect(value, key).not.toMatch(ARABIC_SCRIPT);
      }
    }
    expect(direction(locale)).toBe(ARABIC_SCRIPT_LOCALES.includes(locale) ? "rtl" : "ltr");
  });
});

describe("format", () => {
  it("fills a placeholder with a number", () => {
    expect(format("Step {n}", { n: 2 })).toBe("Step 2");
  });

  it("fills every occurrence and several names", () => {
    expect(format("{a}-{b}-{a}", { a: "x", b: "y" })).toBe("x-y-x");
  });

  it("leaves unknown placeholders intact", () => {
    expect(format("Text {keyword} to {number}", { keyword: "SAFE" })).toBe("Text SAFE to {number}");
  });

  it("fills a translated template", () => {
    expect(format(uiStrings("ru").step, { n: 3 })).toBe("Шаг 3");
  });
});
