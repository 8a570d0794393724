/**
 * The built-in reply texts: complete in all eleven locales, short, with the placeholders their
 * templates need; every stop hint names STOP and a local word that really stops, and the keywords
 * the unknown-text menu offers are keywords. CMS overrides merge in only when they are safe.
 */
import { describe, expect, it } from "vitest";
import { classifyKeyword } from "~/i18n/keywords";
import { LOCALES } from "~/i18n/locales";
import { DEFAULT_SMS_REPLIES, SMS_REPLY_KEYS } from "~/i18n/sms-replies";
import { uiStrings } from "~/i18n/ui-strings";
import { resolveReplyTexts, withStopHint } from "~/messaging/replies-texts";
import { smsSegments } from "~/messaging/sms-segments";

describe.each(LOCALES)("SMS reply texts (%s)", (locale) => {
  const texts = DEFAULT_SMS_REPLIES[locale];

  it("has every text, non-empty", () => {
    expect(Object.keys(texts).sort()).toEqual([...SMS_REPLY_KEYS].sort());
    for (const key of SMS_REPLY_KEYS) expect(texts[key].trim().length, key).toBeGreaterThan(0);
  });

  it("keeps the placeholders of its templates", () => {
    expect(texts.confirmation).toContain("{region}");
    expect(texts.confirmation).toContain("{hotline}");
    expect(texts.confirmationNoHotline).toContain("{region}");
  });

  it("has a stop hint with STOP and a local word that is a STOP keyword, as on the website", () => {
    expect(texts.stopHint).toContain("STOP");
    const local = /\(([^)]+)\)/.exec(texts.stopHint)?.[1];
    if (locale !== "en") {
      expect(local, "local stop word in parentheses").toBeTruthy();
      expect(classifyKeyword(local!)?.intent).toBe("stop");
      // The website's hint names the same local word.
      expect(uiStrings(locale).smsStopHint.replace(/ʻ/g, "'")).toContain(local!);
    }
  });

  it("offers keywords in the unknown-text menu that are HELP and JOIN keywords", () => {
    const words = texts.unknownMenu.match(/[\p{Lu}][\p{Lu}\p{M}'ʻ]+/gu) ?? [];
    const intents = words.map((word) => classifyKeyword(word)?.intent);
    if (/\p{Lu}/u.test(texts.unknownMenu)) {
      expect(intents).toContain("help");
      expect(intents).toContain("join");
    } else {
      // Arabic-script locales have no capitals: the words before the colons are the keywords.
      const keywords = texts.unknownMenu
        .split(/[.۔]\s*/)
        .map((part) => part.split(":")[0]!.trim())
        .filter(Boolean);
      expect(keywords.map((word) => classifyKeyword(word)?.intent)).toEqual(["help", "join"]);
    }
  });

  it("names a join keyword in the STOP confirmation", () => {
    const quoted = /«([^»]+)»/.exec(texts.stopConfirmation)?.[1] ?? texts.stopConfirmation.match(/[\p{Lu}'ʻ]{3,}/gu)?.at(-1);
    expect(quoted && classifyKeyword(quoted)?.intent).toBe("join");
  });

  it("keeps the unknown-text menu and the STOP and DELETE confirmations in one segment each", () => {
    expect(smsSegments(withStopHint(texts.unknownMenu, texts)).segments).toBe(1);
    expect(smsSegments(texts.stopConfirmation).segments).toBe(1);
    expect(smsSegments(texts.deleteConfirmation).segments).toBe(1);
  });
});

describe("resolveReplyTexts", () => {
  it("returns the built-in texts without overrides", () => {
    expect(resolveReplyTexts("ru")).toBe(DEFAULT_SMS_REPLIES.ru);
  });

  it("merges a CMS override and keeps the built-in text for the others", () => {
    const texts = resolveReplyTexts("en", { helpHeader: "Call for help:" });
    expect(texts.helpHeader).toBe("Call for help:");
    expect(texts.stopHint).toBe(DEFAULT_SMS_REPLIES.en.stopHint);
  });

  it("ignores an override that drops a placeholder its template needs, or is empty", () => {
    const texts = resolveReplyTexts("en", { confirmation: "You are subscribed.", unknownMenu: "   ", stopHint: null });
    expect(texts.confirmation).toBe(DEFAULT_SMS_REPLIES.en.confirmation);
    expect(texts.unknownMenu).toBe(DEFAULT_SMS_REPLIES.en.unknownMenu);
    expect(texts.stopHint).toBe(DEFAULT_SMS_REPLIES.en.stopHint);
  });

  it("accepts a template override that keeps its placeholders", () => {
    const texts = resolveReplyTexts("en", { confirmation: "Done. {region}: {hotline}" });
    expect(texts.confirmation).toBe("Done. {region}: {hotline}");
  });
});
