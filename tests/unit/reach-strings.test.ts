/**
 * The reach dashboard's strings: Russian has every English key with the same placeholders, is
 * written in Cyrillic, and the page's language comes from `?lang=` first, then Accept-Language.
 */
import { describe, expect, it } from "vitest";
import { REACH_METRICS } from "~/analytics/reach-metrics";
import { reachLanguage, reachStrings } from "~/staff/reach-strings";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe("reach dashboard strings", () => {
  const en = reachStrings("en");
  const ru = reachStrings("ru");

  it("has the same keys and placeholders in Russian, in Cyrillic", () => {
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of Object.entries(en)) {
      if (typeof value !== "string") continue;
      const russian = ru[key as keyof typeof ru] as string;
      expect(placeholders(russian), key).toEqual(placeholders(value));
      // The name of the other language is the only string that is Latin on the Russian page.
      if (key !== "otherLanguage" && key !== "attribution") expect(russian, key).toMatch(/\p{Script=Cyrillic}/u);
    }
    for (const metric of REACH_METRICS) expect(ru.metrics[metric]).toMatch(/\p{Script=Cyrillic}/u);
  });

  it.each([
    [undefined, null, "en"],
    [undefined, "ru-RU,ru;q=0.9,en;q=0.8", "ru"],
    [undefined, "ky-KG,ru;q=0.8,en;q=0.5", "ru"],
    [undefined, "de-DE,fr;q=0.8", "en"],
    ["en", "ru-RU", "en"],
    ["ru", "en-GB", "ru"],
  ] as const)("?lang=%s with Accept-Language %s → %s", (requested, header, expected) => {
    expect(reachLanguage(requested, header)).toBe(expected);
  });
});
