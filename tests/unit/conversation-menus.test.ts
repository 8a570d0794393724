/**
 * The numbered menus: languages per country of the number (a programme country, else where
 * migrants work: Russia, Turkey, the Gulf…), each language menu in the fewest SMS segments, and
 * long region lists split into pages that each fit in three segments, with numbering that runs on.
 */
import { describe, expect, it } from "vitest";
import { COUNTRIES, LOCALES } from "~/i18n/locales";
import { DEFAULT_SMS_REPLIES } from "~/i18n/sms-replies";
import {
  LANGUAGES_BY_COUNTRY,
  LANGUAGES_BY_DESTINATION,
  MAX_MENU_SEGMENTS,
  languageOptions,
  paginateRegions,
  renderCountryMenu,
  renderLanguageMenu,
  renderRegionMenu,
  sortRegionsByName,
  type RegionOption,
} from "~/messaging/conversation/menus";
import { smsSegments } from "~/messaging/sms-segments";

const texts = (locale: keyof typeof DEFAULT_SMS_REPLIES) => DEFAULT_SMS_REPLIES[locale];

describe("language options", () => {
  it.each([
    ["KG", ["ky", "ru", "en"]],
    ["TJ", ["tg", "ru", "en"]],
    ["UZ", ["uz", "ru", "en"]],
    ["KZ", ["kk", "ru", "uz", "ky", "tg", "en"]],
    ["AF", ["fa-AF", "ps", "en"]],
    ["PK", ["ur", "ps", "en"]],
    ["IQ", ["ar", "ckb", "en"]],
  ] as const)("%s offers %j", (country, expected) => {
    expect(languageOptions(country)).toEqual(expected);
  });

  it("covers every programme country, and every locale for other numbers", () => {
    expect(Object.keys(LANGUAGES_BY_COUNTRY).sort()).toEqual([...COUNTRIES].sort());
    expect(languageOptions(null)).toEqual(LOCALES);
    expect(languageOptions(null, "DE")).toEqual(LOCALES);
    expect(languageOptions(null, "US")).toEqual(LOCALES);
  });

  it.each([
    ["RU", ["ru", "uz", "tg", "ky", "kk", "en"]],
    ["TR", ["fa-AF", "ps", "ar", "ckb", "ur", "uz", "en"]],
    ["IR", ["fa-AF", "ps", "ur", "ar", "ckb", "en"]],
    ["AE", ["ur", "ps", "fa-AF", "ar", "ckb", "en"]],
    ["SA", ["ur", "ps", "fa-AF", "ar", "ckb", "en"]],
    ["QA", ["ur", "ps", "fa-AF", "ar", "ckb", "en"]],
    ["KR", ["ru", "uz", "ky", "kk", "tg", "ur", "en"]],
  ] as const)("a number from %s outside the programme is offered %j", (isoCountry, expected) => {
    expect(languageOptions(null, isoCountry)).toEqual(expected);
  });

  it("follows the programme country (or the one the person chose) before the number's own country", () => {
    expect(languageOptions("KG", "RU")).toEqual(LANGUAGES_BY_COUNTRY.KG);
    expect(languageOptions("KZ", "KZ")).toEqual(LANGUAGES_BY_COUNTRY.KZ);
  });
});

describe("renderLanguageMenu", () => {
  it("lists endonyms under headers in the first two languages and ends with the stop hint", () => {
    const menu = renderLanguageMenu(["ky", "ru", "en"], texts);
    expect(menu).toBe(
      [texts("ky").languageMenuHeader, texts("ru").languageMenuHeader, "1 Кыргызча", "2 Русский", "3 English", texts("ky").stopHint].join(
        "\n",
      ),
    );
  });

  it("fits all eleven languages in three segments", () => {
    expect(smsSegments(renderLanguageMenu(LOCALES, texts)).segments).toBeLessThanOrEqual(MAX_MENU_SEGMENTS);
  });

  // The header and the stop hint alone fill more than one UCS-2 segment (70 characters): two
  // segments is the least a language menu takes, for programme countries and destinations alike.
  it.each([...Object.entries(LANGUAGES_BY_COUNTRY), ...Object.entries(LANGUAGES_BY_DESTINATION)])(
    "the %s menu fits in two segments",
    (_country, options) => {
      expect(smsSegments(renderLanguageMenu(options, texts)).segments).toBeLessThanOrEqual(2);
    },
  );

  it("gives the second header only when it costs no extra segment", () => {
    const russia = renderLanguageMenu(LANGUAGES_BY_DESTINATION.RU!, texts);
    expect(russia).toBe(
      [
        texts("ru").languageMenuHeader,
        "1 Русский",
        "2 O‘zbek",
        "3 Тоҷикӣ",
        "4 Кыргызча",
        "5 Қазақ тілі",
        "6 English",
        texts("ru").stopHint,
      ].join("\n"),
    );
    const withUzbekHeader = [texts("ru").languageMenuHeader, texts("uz").languageMenuHeader, ...russia.split("\n").slice(1)].join("\n");
    expect(smsSegments(withUzbekHeader).segments).toBeGreaterThan(smsSegments(russia).segments);
  });
});

describe("renderCountryMenu", () => {
  it("names the seven countries in the reader's language", () => {
    const { text, options } = renderCountryMenu("ru", texts("ru"));
    expect(options).toEqual([...COUNTRIES]);
    expect(text).toContain("1 Киргизия");
    expect(text.endsWith(texts("ru").stopHint)).toBe(true);
  });
});

const provinces: RegionOption[] = Array.from({ length: 34 }, (_, i) => ({ code: `AF-P${i}`, name: `ولایت شماره ${i + 1}` }));

describe("region menu pages", () => {
  it("keeps a short list on one page without a 'more' line", () => {
    const regions = provinces.slice(0, 3);
    const menu = renderRegionMenu(regions, 0, texts("fa-AF"));
    expect(menu.pageCount).toBe(1);
    expect(menu.text).not.toContain(texts("fa-AF").moreOption);
    expect(menu.text.split("\n").slice(1, 4)).toEqual(["1 ولایت شماره 1", "2 ولایت شماره 2", "3 ولایت شماره 3"]);
  });

  it("splits 34 provinces into pages of at most three segments, numbered 1…34 across pages", () => {
    const pages = paginateRegions(provinces, texts("fa-AF"));
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[0]!.start).toBe(0);
    expect(pages.at(-1)!.end).toBe(34);
    for (let i = 1; i < pages.length; i += 1) expect(pages[i]!.start).toBe(pages[i - 1]!.end);
    const numbers: number[] = [];
    for (let page = 0; page < pages.length; page += 1) {
      const { text } = renderRegionMenu(provinces, page, texts("fa-AF"));
      expect(smsSegments(text).segments).toBeLessThanOrEqual(MAX_MENU_SEGMENTS);
      expect(text).toContain(`\n${texts("fa-AF").moreOption}\n`);
      numbers.push(
        ...text
          .split("\n")
          .map((line) => Number(/^(\d+) /.exec(line)?.[1] ?? 0))
          .filter((n) => n > 0),
      );
    }
    expect(numbers).toEqual(Array.from({ length: 34 }, (_, i) => i + 1));
  });

  it("wraps from the last page to the first", () => {
    const count = paginateRegions(provinces, texts("fa-AF")).length;
    expect(renderRegionMenu(provinces, count, texts("fa-AF")).page).toBe(0);
  });

  it("sorts region names in the reader's collation", () => {
    const sorted = sortRegionsByName(
      [
        { code: "B", name: "Ысык-Көл" },
        { code: "A", name: "Баткен" },
        { code: "C", name: "Нарын" },
      ],
      "ky",
    );
    expect(sorted.map((r) => r.name)).toEqual(["Баткен", "Нарын", "Ысык-Көл"]);
  });
});
