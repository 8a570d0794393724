/**
 * The messaging validation logic of the Studio as pure functions (no Studio needed): keyword
 * normalization and conflicts, placeholders, cron rules (checked against the app's own parser),
 * local send times, fallback locales of messages, sequence steps; and that the SMS replies the
 * Studio edits are exactly the app's reply texts.
 */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { cronRuleProblem } from "~/broadcasts/recurrence";
import { parseLocalDateTime } from "~/broadcasts/zoned-time";
import { DEFAULT_SMS_REPLIES, SMS_REPLY_KEYS, SMS_REPLY_PLACEHOLDERS } from "~/i18n/sms-replies";
import { isFiveFieldCron } from "../../studio/schemaTypes/lib/cron";
import {
  STANDARD_OPT_OUT_WORDS,
  builtInIntentOf,
  findBuiltInWordsTakenOver,
  findKeywordConflicts,
  hasInnerSpace,
  keywordConflictMessage,
  keywordWordError,
  localesWithWords,
  normalizeKeywordWord,
} from "../../studio/schemaTypes/lib/keywordWords";
import { isLocalDateTime } from "../../studio/schemaTypes/lib/localDateTime";
import { formatFallbackSummary, messageLocaleReport } from "../../studio/schemaTypes/lib/messageLocales";
import { formatStepDays, isSortedByDay, repeatedDayOffsets } from "../../studio/schemaTypes/lib/sequenceSteps";
import { placeholderProblems, placeholdersIn } from "../../studio/schemaTypes/lib/smsPlaceholders";
import { SMS_REPLY_FIELDS, localesWithoutStopWord } from "../../studio/schemaTypes/lib/smsReplyFields";
import { CONTENT_SID_PATTERN } from "../../studio/schemaTypes/lib/whatsappTemplate";

describe("keyword words", () => {
  it.each([
    ["stop", "STOP"],
    ["  Stop!! ", "STOP"],
    ["«СТОП»", "СТОП"],
    ["ＳＴＯＰ", "STOP"], // full-width letters, NFKC
    ["join٢", "JOIN2"], // Arabic-Indic digit
    ["safe۷", "SAFE7"], // Persian digit
    ["safe  work", "SAFE WORK"],
  ])("normalizes %j to %j", (word, normalized) => {
    expect(normalizeKeywordWord(word)).toBe(normalized);
  });

  it("checks length and spaces", () => {
    expect(keywordWordError("A".repeat(30))).toBeUndefined();
    expect(keywordWordError("A".repeat(31))).toBe("A word has 1 to 30 characters");
    expect(keywordWordError(" ")).toBe("A word has 1 to 30 characters");
    expect(hasInnerSpace("SAFE WORK")).toBe(true);
    expect(hasInnerSpace(" SAFE ")).toBe(false);
  });

  it("counts the locales that have words", () => {
    expect(localesWithWords({ en: ["A"], fa_AF: ["ب"], ru: [], ky: [" "] })).toBe(2);
  });

  it("finds words another intent has: built in, or in another keyword document", () => {
    const others = [
      { _id: "help", intent: "help", words: { en: ["NGO"], ru: ["Горячая"] } },
      { _id: "join", intent: "join", words: { en: ["SAFE"] } },
    ];
    const conflicts = findKeywordConflicts("join", { en: ["ngo!", "SAFE", "quit", "info"], ru: ["ГОРЯЧАЯ", "хватит"] }, others);
    expect(conflicts).toEqual([
      { fieldKey: "en", index: 0, word: "ngo!", otherIntent: "help", source: "document" },
      { fieldKey: "en", index: 2, word: "quit", otherIntent: "stop", source: "built-in" },
      { fieldKey: "en", index: 3, word: "info", otherIntent: "help", source: "built-in" },
      { fieldKey: "ru", index: 0, word: "ГОРЯЧАЯ", otherIntent: "help", source: "document" },
      { fieldKey: "ru", index: 1, word: "хватит", otherIntent: "stop", source: "built-in" },
    ]);
    expect(conflicts.map(keywordConflictMessage)).toEqual([
      '"ngo!" is already a help (hotlines) word in another keyword document',
      '"quit" is a built-in opt-out word: it always stops messages',
      '"info" is a built-in help (hotlines) word and keeps that meaning',
      '"ГОРЯЧАЯ" is already a help (hotlines) word in another keyword document',
      '"хватит" is a built-in opt-out word: it always stops messages',
    ]);
  });

  it("lets stop words add to every list, warning when they take over another intent's built-in word", () => {
    expect(findKeywordConflicts("stop", { en: [...STANDARD_OPT_OUT_WORDS, "YES"] }, [])).toEqual([]);
    expect(findBuiltInWordsTakenOver("stop", { en: ["ENOUGH", "yes"], ru: ["стоп"] })).toEqual([
      { fieldKey: "en", index: 1, word: "yes", otherIntent: "join", source: "built-in" },
    ]);
    expect(findBuiltInWordsTakenOver("join", { en: ["yes"] })).toEqual([]);
  });

  it("knows the app's built-in words, whatever the case, punctuation or letter variant", () => {
    expect(builtInIntentOf("stop!")).toBe("stop");
    expect(builtInIntentOf("توقف")).toBe("stop");
    expect(builtInIntentOf("كمك")).toBe("help"); // Arabic kaf for the Dari word کمک
    expect(builtInIntentOf("SAFE")).toBeUndefined();
    expect(STANDARD_OPT_OUT_WORDS).toEqual(
      expect.arrayContaining(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"]),
    );
  });
});

describe("SMS placeholders", () => {
  it("lists every {…}, malformed ones included", () => {
    expect(placeholdersIn("{region}: {hotline} {region} { x } {}")).toEqual(["region", "hotline", " x ", ""]);
  });

  it("reports unknown and missing placeholders per locale, ignoring blank locales", () => {
    const rules = { allowed: ["region", "hotline"], required: ["hotline"] };
    expect(placeholderProblems({ en: "{hotline} in {region}", ru: "  ", ps: "{hotline}" }, rules)).toEqual([]);
    expect(placeholderProblems({ fa_AF: "{name}" }, rules)).toEqual([
      { path: ["fa_AF"], message: "Unknown placeholder {name}: only {region}, {hotline} can be used here" },
      { path: ["fa_AF"], message: "Keep {hotline}: without it the built-in fa-AF text is sent instead" },
    ]);
  });
});

describe("SMS replies the Studio edits", () => {
  it("are exactly the app's reply texts, with the app's placeholders", () => {
    expect(SMS_REPLY_FIELDS.map((field) => field.name)).toEqual([...SMS_REPLY_KEYS]);
    for (const field of SMS_REPLY_FIELDS) {
      const key = field.name as keyof typeof SMS_REPLY_PLACEHOLDERS;
      expect([...field.required].sort(), field.name).toEqual([...(SMS_REPLY_PLACEHOLDERS[key] ?? [])].sort());
    }
  });

  it("accept every built-in text as it is (placeholders and the stop line)", () => {
    for (const [locale, texts] of Object.entries(DEFAULT_SMS_REPLIES)) {
      const fieldKey = locale.replace("-", "_");
      for (const field of SMS_REPLY_FIELDS) {
        const value = { [fieldKey]: texts[field.name as keyof typeof texts] };
        expect(placeholderProblems(value, field), `${locale} ${field.name}`).toEqual([]);
      }
      expect(localesWithoutStopWord({ [fieldKey]: texts.stopHint }, [fieldKey]), locale).toEqual([]);
    }
  });

  it("flag a stop line without STOP", () => {
    expect(localesWithoutStopWord({ en: "Reply STOP to stop.", ru: "Отписка: СТОП", ky: "" }, ["en", "ru", "ky"])).toEqual(["ru"]);
  });
});

describe("cron rules (the Studio asks the app's own rule)", () => {
  const valid = ["0 10 * * 1", "*/15 9-17 * * MON-FRI", "30 9 1 * *", "0 10 1,15 JAN,jul *", "0 0 * * 7", "0 10  *  * 1", "@daily"];
  // "5/10": a step needs a range or *, as in Vixie cron.
  const invalid = [
    "0 10 * *",
    "0 10 * * 1 2026",
    "60 10 * * 1",
    "0 24 * * *",
    "0 10 0 * *",
    "0 10 * 13 *",
    "0 10 * * 8",
    "0 10 * * MON-",
    "0 10 * * 5-1",
    "0 10 * * */0",
    "0 10 * * FUN",
    "5/10 * * * *",
    "",
  ];

  it.each(valid)("accepts %j", (expression) => {
    expect(isFiveFieldCron(expression)).toBe(true);
    expect(cronRuleProblem(expression)).toBeNull();
  });

  it.each(invalid)("refuses %j with a reason", (expression) => {
    expect(isFiveFieldCron(expression)).toBe(false);
    expect(cronRuleProblem(expression)).toMatch(/^cron ".*": ./);
  });
});

describe("local send times", () => {
  it.each([
    ["2026-03-01T10:00", true],
    ["2028-02-29T23:59", true],
    ["2026-02-29T10:00", false],
    ["2026-04-31T10:00", false],
    ["2026-03-01T24:00", false],
    ["2026-03-01 10:00", false],
    ["2026-03-01T10:00:00", false],
    ["2026-03-01T10:00+05:00", false],
  ])("%j is a local date and time: %s", (value, expected) => {
    expect(isLocalDateTime(value)).toBe(expected);
    // Every value the Studio accepts is one the jobs can read.
    if (expected) expect(parseLocalDateTime(value)).not.toBeNull();
  });
});

describe("message locales", () => {
  it("requires the fallback and lists the target locales that fall back to it", () => {
    const report = messageLocaleReport({ en: "Text", ps: " " }, ["ckb", "en", "ps", "xx"], "en");
    expect(report).toEqual({ fallbackMissing: false, fallingBack: ["ps", "ckb"] });
    expect(formatFallbackSummary(report, "en")).toBe("Missing: ps, ckb → fallback en");
    const noFallback = messageLocaleReport({ ru: "Текст" }, ["ru", "ky"], "ky");
    expect(noFallback).toEqual({ fallbackMissing: true, fallingBack: [] });
    expect(formatFallbackSummary(noFallback, "ky")).toBe("Missing: ky (fallback)");
    expect(formatFallbackSummary(messageLocaleReport({ ru: "Текст" }, ["ru"], "ru"), "ru")).toBeUndefined();
  });
});

describe("sequence steps", () => {
  it("finds repeated days and steps out of order", () => {
    const steps = [{ dayOffset: 0 }, { dayOffset: 7 }, { dayOffset: 3 }, { dayOffset: 7 }, {}];
    expect(repeatedDayOffsets(steps)).toEqual([7]);
    expect(isSortedByDay(steps)).toBe(false);
    expect(isSortedByDay([{ dayOffset: 0 }, {}, { dayOffset: 3 }])).toBe(true);
    expect(formatStepDays([{ dayOffset: 0 }, { dayOffset: 3 }])).toBe("days 0, 3");
    expect(formatStepDays([])).toBe("no steps");
  });
});

describe("WhatsApp Content SIDs", () => {
  it.each([
    ["HX0123456789abcdef0123456789abcdef", true],
    ["HX0123456789ABCDEF0123456789ABCDEF", false],
    ["MG0123456789abcdef0123456789abcdef", false],
    ["HX0123456789abcdef0123456789abcde", false],
  ])("%s: %s", (sid, expected) => {
    expect(CONTENT_SID_PATTERN.test(sid)).toBe(expected);
  });
});

describe("app modules the Studio bundles", () => {
  // The Studio imports these by relative path; `sanity build` cannot resolve the app's `~/` alias
  // or bundle Node modules, so they must stay self-contained (type-only imports are erased).
  it.each(["app/messaging/sms-segments.ts", "app/i18n/keyword-normalize.ts", "app/i18n/keyword-lists.ts"])(
    "%s imports nothing but types",
    async (file) => {
      const source = await readFile(new URL(`../../${file}`, import.meta.url), "utf8");
      const imports = [...source.matchAll(/^import\s+(type\s+)?[^;]*?from\s+["']([^"']+)["']/gm)];
      expect(imports.filter((match) => match[1] === undefined).map((match) => match[2])).toEqual([]);
    },
  );
});
