/**
 * The spec frozen with each run (run-spec.ts): every locale gets its own text or the campaign's
 * fallback (and says which), never an empty message; segments per text; the WhatsApp template of
 * the locale or the fallback's; a zone for every region and each country's default; and the
 * stored JSON reads back exactly, while anything else is refused.
 */
import { describe, expect, it } from "vitest";
import { COUNTRIES, LOCALES } from "~/i18n/locales";
import { DESTINATION_TIME_ZONES } from "~/broadcasts/send-window";
import {
  broadcastRunSpec,
  parseRunSpec,
  resolveTexts,
  RunTextMissingError,
  sequenceStepRunSpec,
  zoneRows,
  type RunText,
} from "~/broadcasts/run-spec";
import { broadcastDoc, sequenceDoc, TEST_REGIONS } from "../db/broadcast-kit";

const EN = "Before you go: check your contract.";
const RU = "Перед отъездом проверьте договор.";
const TEMPLATE_EN = { contentSid: `HX${"e".repeat(32)}`, variables: { "1": "Bishkek" } };
const TEMPLATE_RU = { contentSid: `HX${"f".repeat(32)}`, variables: { "1": "Бишкек" } };

function byLocale(texts: RunText[]): Map<string, RunText> {
  return new Map(texts.map((text) => [text.locale, text]));
}

describe("resolveTexts", () => {
  it("gives every supported locale an entry, in order", () => {
    expect(resolveTexts({ en: EN }, {}, "en").map((text) => text.locale)).toEqual([...LOCALES]);
  });

  it("keeps a locale's own text and records it as written in that locale", () => {
    const ru = byLocale(resolveTexts({ en: EN, ru: RU }, {}, "en")).get("ru");
    expect(ru).toMatchObject({ body: RU, textLocale: "ru" });
  });

  it("falls back per locale to the campaign's fallback text and records the fallback as the text's locale", () => {
    const texts = byLocale(resolveTexts({ en: EN, ru: RU }, {}, "en"));
    for (const locale of ["ky", "kk", "uz", "tg", "fa-AF", "ps", "ur", "ar", "ckb"]) {
      expect(texts.get(locale)).toMatchObject({ body: EN, textLocale: "en" });
    }
  });

  it("uses the fallback named by the campaign, not English", () => {
    const texts = byLocale(resolveTexts({ en: EN, ru: RU }, {}, "ru"));
    expect(texts.get("ky")).toMatchObject({ body: RU, textLocale: "ru" });
    expect(texts.get("en")).toMatchObject({ body: EN, textLocale: "en" });
  });

  it("treats a blank text as missing and trims the text it sends", () => {
    const texts = byLocale(resolveTexts({ en: `  ${EN}\n`, ru: "   " }, {}, "en"));
    expect(texts.get("ru")).toMatchObject({ body: EN, textLocale: "en" });
    expect(texts.get("en")!.body).toBe(EN);
  });

  it("throws RunTextMissingError, naming a locale, when the fallback locale has no text either", () => {
    let thrown: unknown;
    try {
      resolveTexts({ ru: RU }, {}, "en");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RunTextMissingError);
    expect((thrown as RunTextMissingError).locale).toBe("en");
    expect(() => resolveTexts({ ru: RU, en: "  " }, {}, "en")).toThrow(RunTextMissingError);
  });

  it("counts SMS segments of each text as sent: GSM-7 160/153, UCS-2 70/67", () => {
    const gsm = (n: number) => "a".repeat(n);
    const cyrillic = (n: number) => "д".repeat(n);
    const segments = (text: string) => resolveTexts({ en: text }, {}, "en")[0]!.segments;
    expect([segments(gsm(160)), segments(gsm(161)), segments(gsm(306)), segments(gsm(307))]).toEqual([1, 2, 2, 3]);
    expect([segments(cyrillic(70)), segments(cyrillic(71)), segments(cyrillic(134)), segments(cyrillic(135))]).toEqual([1, 2, 2, 3]);
    // A locale on the fallback text is billed for the fallback text.
    const texts = byLocale(resolveTexts({ en: gsm(161), ru: cyrillic(10) }, {}, "en"));
    expect([texts.get("ru")!.segments, texts.get("ky")!.segments]).toEqual([1, 2]);
  });

  it("takes the locale's own WhatsApp template, else the fallback locale's", () => {
    const texts = byLocale(resolveTexts({ en: EN, ru: RU }, { en: TEMPLATE_EN, ru: TEMPLATE_RU }, "en"));
    expect(texts.get("ru")).toMatchObject({ contentSid: TEMPLATE_RU.contentSid, contentVariables: TEMPLATE_RU.variables });
    expect(texts.get("ky")).toMatchObject({ contentSid: TEMPLATE_EN.contentSid, contentVariables: TEMPLATE_EN.variables });
  });

  it("has no template at all when neither the locale nor the fallback has one", () => {
    const texts = byLocale(resolveTexts({ en: EN }, { ru: TEMPLATE_RU }, "en"));
    expect(texts.get("ky")).toMatchObject({ contentSid: null, contentVariables: null });
    expect(texts.get("ru")).toMatchObject({ contentSid: TEMPLATE_RU.contentSid });
  });
});

/** The programme's seven countries and the destinations that are not one of them. */
const COUNTRY_ROWS = new Set([...COUNTRIES, ...Object.keys(DESTINATION_TIME_ZONES)]).size;

describe("zoneRows", () => {
  it("has each country's default zone (region null), each destination's, plus one row per region", () => {
    const rows = zoneRows(TEST_REGIONS);
    const defaults = rows.filter((row) => row.regionCode === null);
    expect(Object.fromEntries(defaults.map((row) => [row.country, row.zone]))).toEqual({
      ...DESTINATION_TIME_ZONES,
      KG: "Asia/Bishkek",
      KZ: "Asia/Almaty",
      TJ: "Asia/Dushanbe",
      UZ: "Asia/Tashkent",
      AF: "Asia/Kabul",
      PK: "Asia/Karachi",
      IQ: "Asia/Baghdad",
    });
    expect(defaults.find((row) => row.country === "RU")?.zone).toBe("Europe/Moscow");
    // One row per country: Kazakhstan is a programme country and a destination.
    expect(new Set(defaults.map((row) => row.country)).size).toBe(defaults.length);
    expect(rows.filter((row) => row.regionCode !== null)).toEqual(
      TEST_REGIONS.map((region) => ({ country: region.country, regionCode: region.code, zone: region.timezone })),
    );
  });

  it("keeps one row per region code (the first) when a region comes twice", () => {
    const duplicate = { code: "KG-GB", country: "KG", timezone: "Asia/Tashkent" };
    const rows = zoneRows([...TEST_REGIONS, duplicate, ...TEST_REGIONS]);
    expect(rows).toHaveLength(COUNTRY_ROWS + TEST_REGIONS.length);
    expect(rows.filter((row) => row.regionCode === "KG-GB")).toEqual([{ country: "KG", regionCode: "KG-GB", zone: "Asia/Bishkek" }]);
  });

  it("has the country defaults even without any region", () => {
    expect(zoneRows([])).toHaveLength(COUNTRY_ROWS);
  });
});

describe("sequenceStepRunSpec", () => {
  it("sends the step's single template to every locale and targets the campaign's subscribers on their own channel", () => {
    const template = { contentSid: `HX${"9".repeat(32)}`, variables: {} };
    const sequence = sequenceDoc();
    const step = { ...sequence.steps[0]!, whatsappTemplate: template };
    const spec = sequenceStepRunSpec(sequence, step, TEST_REGIONS);
    expect(spec).toMatchObject({ channel: "subscriberPreference", schedule: { kind: "asap" }, dayOffset: 0 });
    expect(spec.audience).toMatchObject({ campaignSlug: sequence.campaignSlug, countries: [], locales: [] });
    expect(spec.texts.every((text) => text.contentSid === template.contentSid)).toBe(true);
  });
});

describe("parseRunSpec", () => {
  const broadcastSpec = broadcastRunSpec(
    broadcastDoc({ channel: "subscriberPreference", whatsappTemplates: { en: TEMPLATE_EN }, maxRecipients: 500 }),
    { kind: "at", localTime: "2026-12-01 10:00:00" },
    TEST_REGIONS,
  );

  it("reads back a stored broadcast spec, from JSON text or from an object", () => {
    expect(parseRunSpec(JSON.stringify(broadcastSpec))).toEqual(broadcastSpec);
    expect(parseRunSpec(JSON.parse(JSON.stringify(broadcastSpec)))).toEqual(broadcastSpec);
  });

  it("reads back a sequence step's spec with its day offset", () => {
    const sequence = sequenceDoc();
    const spec = sequenceStepRunSpec(sequence, sequence.steps[1]!, TEST_REGIONS);
    expect(parseRunSpec(JSON.stringify(spec))).toEqual(spec);
    expect(parseRunSpec(JSON.stringify(spec)).dayOffset).toBe(3);
  });

  it("rejects what is not a run spec", () => {
    expect(() => parseRunSpec("not json")).toThrow();
    expect(() => parseRunSpec(null)).toThrow();
    expect(() => parseRunSpec({})).toThrow();
    expect(() => parseRunSpec({ ...broadcastSpec, channel: "fax" })).toThrow();
    expect(() => parseRunSpec({ ...broadcastSpec, schedule: { kind: "later" } })).toThrow();
    expect(() => parseRunSpec({ ...broadcastSpec, texts: [{ ...broadcastSpec.texts[0]!, body: "" }] })).toThrow();
    expect(() => parseRunSpec({ ...broadcastSpec, texts: [{ ...broadcastSpec.texts[0]!, locale: "xx" }] })).toThrow();
  });
});
