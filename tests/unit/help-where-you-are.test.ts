/**
 * Help where you are, without a server: the content schema's new fields (nationalities, city,
 * international; the settings' destinations), destination names in all eleven locales from the
 * ICU Node ships, the choice of hotlines for a place and a nationality, and the "Where are you
 * now?" menu in every locale.
 */
import { describe, expect, it } from "vitest";
import { hotlineSchema, siteSettingsSchema, type Hotline } from "~/content/schemas";
import { directorySections, parsePlaceFilter, placeChoices } from "~/http/hotline-places";
import { ANOTHER_COUNTRY, countryName, direction, HOME_OF_LOCALE, LOCALES, type Locale } from "~/i18n/locales";
import { DEFAULT_SMS_REPLIES } from "~/i18n/sms-replies";
import { classifyKeyword } from "~/i18n/keywords";
import { placeOptions, renderPlaceMenu } from "~/messaging/conversation/menus";
import { hotlinesForPlace, renderHelpReply } from "~/messaging/replies-hotlines";
import { smsSegments } from "~/messaging/sms-segments";

const DESTINATIONS = ["RU", "KZ", "TR", "AE", "SA", "IR", "DE"];
const ARABIC_SCRIPT = /\p{Script=Arabic}/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /\p{Script=Latin}/u;
const SCRIPT: Record<Locale, RegExp> = {
  en: LATIN,
  uz: LATIN,
  ru: CYRILLIC,
  ky: CYRILLIC,
  kk: CYRILLIC,
  tg: CYRILLIC,
  "fa-AF": ARABIC_SCRIPT,
  ps: ARABIC_SCRIPT,
  ur: ARABIC_SCRIPT,
  ar: ARABIC_SCRIPT,
  ckb: ARABIC_SCRIPT,
};

const RAW_HOTLINE = {
  _id: "hotline-ru-consular-kg",
  organization: "Consular line for Kyrgyz citizens in Russia",
  country: "RU",
  phone: "+70000000501",
  hours: { open24h: true, timezone: "Europe/Moscow" },
  freeOfCharge: true,
  lastVerifiedAt: "2026-10-20T08:00:00Z",
  isSample: true,
};

describe("content schema", () => {
  it("reads nationalities, city and the international mark, with defaults for today's hotlines", () => {
    const abroad = hotlineSchema.parse({ ...RAW_HOTLINE, nationalities: ["KG"], city: "Moscow", international: false });
    expect(abroad).toMatchObject({ nationalities: ["KG"], city: "Moscow", international: false });
    const plain = hotlineSchema.parse(RAW_HOTLINE);
    expect(plain).toMatchObject({ nationalities: [], international: false });
    expect(hotlineSchema.parse({ ...RAW_HOTLINE, international: true }).international).toBe(true);
  });

  it("refuses a nationality that is not an ISO country code, and an international mark that is not a boolean", () => {
    expect(hotlineSchema.safeParse({ ...RAW_HOTLINE, nationalities: ["Kyrgyz"] }).success).toBe(false);
    expect(hotlineSchema.safeParse({ ...RAW_HOTLINE, international: "yes" }).success).toBe(false);
  });

  it("reads the settings' destinations in order, once each; none when missing", () => {
    const settings = {
      organizationName: "Org",
      quickExitUrl: "https://example.org/",
      footerText: "f",
      privacyNotice: "p",
    };
    expect(siteSettingsSchema.parse({ ...settings, destinations: ["RU", "KZ", "RU", "AE"] }).destinations).toEqual(["RU", "KZ", "AE"]);
    expect(siteSettingsSchema.parse(settings).destinations).toEqual([]);
    expect(siteSettingsSchema.safeParse({ ...settings, destinations: ["Russia"] }).success).toBe(false);
  });
});

describe("destination names", () => {
  it.each(LOCALES)("%s: every sample destination has a name of its own, in the locale's script", (locale) => {
    const names = DESTINATIONS.map((country) => countryName(country, locale));
    for (const [index, name] of names.entries()) {
      expect(name, DESTINATIONS[index]).not.toBe(DESTINATIONS[index]);
      expect(name, DESTINATIONS[index]).toMatch(SCRIPT[locale]);
    }
    // Seven different names: no fallback collapsed two of them.
    expect(new Set(names).size).toBe(DESTINATIONS.length);
    if (locale !== "en") expect(names).not.toEqual(DESTINATIONS.map((country) => countryName(country, "en")));
  });

  it("names Sorani and Pashto places in their own language (Node's ICU has both), not in English", () => {
    expect(countryName("RU", "ckb")).not.toBe(countryName("RU", "en"));
    expect(countryName("DE", "ps")).not.toBe(countryName("DE", "en"));
  });
});

function line(id: string, country: string, extra: Partial<Hotline> = {}): Hotline {
  return {
    _id: id,
    organization: id,
    description: null,
    country,
    regions: [],
    phone: `+70000000${id.length}01`,
    sms: null,
    whatsapp: null,
    telegram: null,
    hours: { open24h: true, timezone: "UTC" },
    languages: [],
    nationalities: [],
    international: false,
    freeOfCharge: true,
    lastVerifiedAt: "2026-01-01T00:00:00Z",
    isSample: true,
    priority: null,
    ...extra,
  };
}

describe("hotlinesForPlace", () => {
  const kgNational = line("kg", "KG");
  const kgOsh = line("kg-osh", "KG", { regions: [{ code: "KG-O", name: "Osh" }] });
  const ruKg = line("ru-kg", "RU", { nationalities: ["KG"], languages: ["ky"] });
  const ruTj = line("ru-tj", "RU", { nationalities: ["TJ"], languages: ["tg"] });
  const ruAll = line("ru-all", "RU", { languages: ["ru"] });
  const ruTgSpeaking = line("ru-tg-ngo", "RU", { languages: ["tg"] });
  const kgAnywhere = line("kg-anywhere", "KG", { nationalities: ["KG"], international: true });
  const iom = line("iom", "CH", { international: true });
  const all = [kgNational, kgOsh, ruAll, ruTgSpeaking, ruKg, ruTj, kgAnywhere, iom];
  const ids = (found: Hotline[]) => found.map((h) => h._id);

  it("at home: the home country's lines as before, without the lines for people abroad", () => {
    expect(ids(hotlinesForPlace(all, { place: "KG", nationality: "KG", regionCode: "KG-O", locale: "ky" }))).toEqual(["kg-osh", "kg"]);
    expect(ids(hotlinesForPlace(all, { place: null, nationality: "KG", regionCode: null, locale: "ky" }))).toEqual(["kg"]);
  });

  it("abroad: the destination's lines for them, their own consulate first, then those in their language", () => {
    expect(ids(hotlinesForPlace(all, { place: "RU", nationality: "TJ", regionCode: null, locale: "tg" }))).toEqual([
      "ru-tj",
      "ru-tg-ngo",
      "ru-all",
    ]);
    expect(ids(hotlinesForPlace(all, { place: "RU", nationality: "KG", regionCode: null, locale: "ru" }))).toEqual([
      "ru-kg",
      "ru-all",
      "ru-tg-ngo",
    ]);
    // Nationality unknown: no consulate's line (it could be another country's).
    expect(ids(hotlinesForPlace(all, { place: "RU", nationality: null, regionCode: null, locale: "ru" }))).toEqual(["ru-all", "ru-tg-ngo"]);
  });

  it("anywhere else, or a destination without lines: the international lines, never a national hotline", () => {
    expect(ids(hotlinesForPlace(all, { place: ANOTHER_COUNTRY, nationality: "KG", regionCode: null, locale: "ky" }))).toEqual([
      "kg-anywhere",
      "iom",
    ]);
    expect(ids(hotlinesForPlace(all, { place: "AE", nationality: "TJ", regionCode: null, locale: "tg" }))).toEqual(["iom"]);
    expect(ids(hotlinesForPlace(all, { place: null, nationality: null, regionCode: null, locale: "en" }))).toEqual(["iom"]);
    expect(hotlinesForPlace([kgNational, ruAll], { place: "PL", nationality: "UZ", regionCode: null, locale: "uz" })).toEqual([]);
  });

  it("answers in one segment with the number", () => {
    const reply = renderHelpReply(
      DEFAULT_SMS_REPLIES.tg,
      hotlinesForPlace(all, { place: "RU", nationality: "TJ", regionCode: null, locale: "tg" }),
    );
    expect(reply).toContain(ruTj.phone!);
    expect(smsSegments(reply).segments).toBe(1);
  });
});

describe("the place menu", () => {
  it.each(LOCALES)("%s: home first, the destinations, another country last; at most three segments; by number or by name", (locale) => {
    const home = HOME_OF_LOCALE[locale] ?? null;
    const options = placeOptions(home, DESTINATIONS);
    expect(options.at(-1)).toBe(ANOTHER_COUNTRY);
    if (home) expect(options[0]).toBe(home);
    expect(new Set(options).size).toBe(options.length);
    const menu = renderPlaceMenu(options, locale, DEFAULT_SMS_REPLIES[locale]);
    expect(menu.startsWith(DEFAULT_SMS_REPLIES[locale].placeMenuHeader)).toBe(true);
    expect(menu.endsWith(DEFAULT_SMS_REPLIES[locale].stopHint)).toBe(true);
    expect(smsSegments(menu).segments).toBeLessThanOrEqual(3);
    if (direction(locale) === "rtl") expect(DEFAULT_SMS_REPLIES[locale].anotherCountryOption).toMatch(ARABIC_SCRIPT);
  });

  it("Kazakhstan, home and destination, is listed once", () => {
    expect(placeOptions("KZ", DESTINATIONS)).toEqual(["KZ", "RU", "TR", "AE", "SA", "IR", "DE", ANOTHER_COUNTRY]);
  });

  it.each(LOCALES.filter((locale) => locale !== "en"))("%s: MOVED has a word of its own", (locale) => {
    const words: Partial<Record<Locale, string>> = {
      ru: "переехал",
      ky: "көчтүм",
      kk: "көштім",
      uz: "ko'chdim",
      tg: "кӯчидам",
      "fa-AF": "کوچ کردم",
      ps: "کډه شوم",
      ur: "منتقل",
      ar: "انتقلت",
      ckb: "گواستمەوە",
    };
    expect(classifyKeyword(words[locale]!)).toEqual({ intent: "moved", locale });
  });
});

describe("the directory filter", () => {
  const kgNational = line("kg", "KG");
  const ruKg = line("ru-kg", "RU", { nationalities: ["KG"] });
  const ruTj = line("ru-tj", "RU", { nationalities: ["TJ"] });
  const iom = line("iom", "CH", { international: true });
  const all = [kgNational, ruKg, ruTj, iom];

  it("reads only offered choices from the query string", () => {
    expect(parsePlaceFilter(new URLSearchParams("from=kg&in=ru"), DESTINATIONS)).toEqual({ from: "KG", in: "RU", region: null });
    expect(parsePlaceFilter(new URLSearchParams("from=RU&in=FR"), DESTINATIONS)).toEqual({ from: null, in: null, region: null });
    expect(parsePlaceFilter(new URLSearchParams("in=ZZ"), DESTINATIONS)).toEqual({ from: null, in: "ZZ", region: null });
    // A region of home: it also says where home is; a region of another country, or unknown, is ignored.
    const regionCodes = ["KG-GB", "KG-O", "TJ-DU"];
    expect(parsePlaceFilter(new URLSearchParams("region=kg-gb"), DESTINATIONS, regionCodes)).toEqual({
      from: "KG",
      in: null,
      region: "KG-GB",
    });
    expect(parsePlaceFilter(new URLSearchParams("from=TJ&region=KG-GB"), DESTINATIONS, regionCodes)).toEqual({
      from: "TJ",
      in: null,
      region: null,
    });
    expect(parsePlaceFilter(new URLSearchParams("region=KG-XX"), DESTINATIONS, regionCodes)).toEqual({
      from: null,
      in: null,
      region: null,
    });
    expect(placeChoices(DESTINATIONS)).toEqual(["KG", "KZ", "TJ", "UZ", "AF", "PK", "IQ", "RU", "TR", "AE", "SA", "IR", "DE", "ZZ"]);
  });

  it("shows where they are, home, anywhere; at home just home and anywhere", () => {
    const sections = directorySections(all, { from: "KG", in: "RU", region: null }, "ky");
    expect(sections.map((s) => [s.kind, s.hotlines.map((h) => h._id)])).toEqual([
      ["here", ["ru-kg"]],
      ["home", ["kg"]],
      ["anywhere", ["iom"]],
    ]);
    expect(directorySections(all, { from: "KG", in: "KG", region: null }, "ky").map((s) => s.kind)).toEqual(["home", "anywhere"]);
    expect(directorySections(all, { from: null, in: "RU", region: null }, "ru")[0]?.hotlines.map((h) => h._id)).toEqual(["ru-kg", "ru-tj"]);
  });
});
