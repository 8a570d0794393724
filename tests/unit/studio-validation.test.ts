/**
 * The Studio's validation and preview logic, as pure functions (no Studio needed): which locales
 * a value lacks, which fields of a campaign or page lack them, number / time zone / time formats,
 * hotline freshness, and reading a campaign's locales through the Content Lake query API.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient } from "@sanity/client";
import { evaluate, parse } from "groq-js";
import { http, HttpResponse } from "msw";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSanityQueryHandlers } from "../mocks/sanity";
import { mockServer } from "../mocks/server";
import { campaignType } from "../../studio/schemaTypes/campaignType";
import { hotlineType } from "../../studio/schemaTypes/hotlineType";
import { regionType } from "../../studio/schemaTypes/regionType";
import { CAMPAIGN_LOCALES_QUERY, STUDIO_API_VERSION, fetchCampaignLocales } from "../../studio/schemaTypes/lib/campaignLocales";
import { isClockTime } from "../../studio/schemaTypes/lib/clockTime";
import { E164_MESSAGE, isE164 } from "../../studio/schemaTypes/lib/e164";
import { STALE_HOTLINE_FILTER, hotlineWarnings, isVerificationStale } from "../../studio/schemaTypes/lib/hotlineWarnings";
import { isIanaTimezone } from "../../studio/schemaTypes/lib/ianaTimezone";
import {
  formatMissingLocales,
  hasLocalizedText,
  knownLocales,
  missingLocales,
  missingLocalesAcross,
} from "../../studio/schemaTypes/lib/missingLocales";
import { findMissingTranslations, missingTranslationErrors } from "../../studio/schemaTypes/lib/missingTranslations";
import { slugify } from "../../studio/schemaTypes/lib/slug";

const fieldKey = (code: string) => code.replace("-", "_");

/** A localized string with text in the given locales. */
function localized(text: string, codes: readonly string[], type = "localeString") {
  return { _type: type, ...Object.fromEntries(codes.map((code) => [fieldKey(code), `${text} (${code})`])) };
}

function block(text: string) {
  return {
    _type: "block",
    _key: `b-${text.length}`,
    style: "normal",
    markDefs: [],
    children: [{ _type: "span", _key: "s", text, marks: [] }],
  };
}

function localizedBlocks(text: string, codes: readonly string[]) {
  return { _type: "localeBlockContent", ...Object.fromEntries(codes.map((code) => [fieldKey(code), [block(`${text} ${code}`)]])) };
}

const CAMPAIGN_LOCALES = ["en", "ru", "fa-AF"] as const;

/** A campaign with every localized field written in `codes`, one section of each type. */
function campaign(codes: readonly string[] = CAMPAIGN_LOCALES) {
  return {
    _id: "campaign-safe-work",
    _type: "campaign",
    locales: [...CAMPAIGN_LOCALES],
    title: localized("Safe work", codes),
    summary: localized("Summary", codes, "localeText"),
    hero: { heading: localized("Heading", codes), text: localized("Hero", codes, "localeText") },
    share: { text: localized("Share", codes) },
    sections: [
      { _type: "storySection", _key: "story", body: localizedBlocks("Story", codes) },
      {
        _type: "signsChecklist",
        _key: "signs",
        heading: localized("Signs", codes),
        items: [{ _key: "sign1", text: localized("Passport kept", codes) }],
      },
      {
        _type: "mythFact",
        _key: "myths",
        heading: localized("Myths", codes),
        items: [{ _key: "m1", myth: localized("Myth", codes), fact: localized("Fact", codes, "localeText") }],
      },
      {
        _type: "safeMigrationSteps",
        _key: "steps",
        heading: localized("Steps", codes),
        steps: [{ _key: "st1", title: localized("Check", codes), text: localized("Check it", codes, "localeText") }],
      },
      { _type: "hotlineBlock", _key: "hotlines", heading: localized("Hotlines", codes) },
      {
        _type: "callToAction",
        _key: "cta",
        heading: localized("Subscribe", codes),
        text: localized("Text", codes, "localeText"),
        action: "subscribe",
      },
      {
        _type: "faq",
        _key: "faq",
        heading: localized("Questions", codes),
        items: [{ _key: "q1", question: localized("Q", codes), answer: localized("A", codes, "localeText") }],
      },
    ],
  };
}

describe("missingLocales", () => {
  it.each([
    { value: undefined, codes: ["en", "ru"], missing: ["en", "ru"] },
    { value: { en: "Hello" }, codes: ["en", "ru"], missing: ["ru"] },
    { value: { en: "Hello", ru: "   " }, codes: ["en", "ru"], missing: ["ru"] },
    { value: { en: "Hello", fa_AF: "سلام" }, codes: ["en", "fa-AF"], missing: [] },
    { value: { en: "Hello", fa: "سلام" }, codes: ["fa-AF"], missing: ["fa-AF"] },
    { value: { en: [block("Story")] }, codes: ["en"], missing: [] },
    { value: { en: [block("  ")] }, codes: ["en"], missing: ["en"] },
    { value: { en: [] }, codes: ["en"], missing: ["en"] },
    { value: { en: "Hello" }, codes: ["ps", "ps", "ckb"], missing: ["ps", "ckb"] },
    { value: "Hello", codes: ["en"], missing: ["en"] },
  ])("$value in $codes lacks $missing", ({ value, codes, missing }) => {
    expect(missingLocales(value, codes)).toEqual(missing);
  });

  it("treats a non-text block as content", () => {
    expect(hasLocalizedText([{ _type: "image", _key: "i" }])).toBe(true);
  });

  it("collects locales missing anywhere, in the given order", () => {
    expect(
      missingLocalesAcross(
        [
          { en: "a", ckb: "b" },
          { en: "a", ps: "b" },
        ],
        ["en", "ps", "ckb"],
      ),
    ).toEqual(["ps", "ckb"]);
  });

  it("keeps known locale codes only, in the canonical order", () => {
    expect(knownLocales(["ckb", "xx", "en", "fa-AF", "en"])).toEqual(["en", "fa-AF", "ckb"]);
    expect(knownLocales("en")).toEqual([]);
  });

  it("formats the preview marker", () => {
    expect(formatMissingLocales(["ps", "ckb"])).toBe("Missing: ps, ckb");
  });
});

describe("findMissingTranslations", () => {
  it("finds nothing in a campaign translated into all its locales", () => {
    expect(findMissingTranslations("campaign", campaign(), CAMPAIGN_LOCALES)).toEqual([]);
  });

  it("names every field of a campaign missing a locale, with keyed paths into sections", () => {
    const found = findMissingTranslations("campaign", campaign(["en", "ru"]), CAMPAIGN_LOCALES);
    expect(found.map((entry) => entry.path)).toEqual([
      ["title"],
      ["summary"],
      ["hero", "heading"],
      ["hero", "text"],
      ["share", "text"],
      ["sections", { _key: "story" }, "body"],
      ["sections", { _key: "signs" }, "heading"],
      ["sections", { _key: "signs" }, "items", { _key: "sign1" }, "text"],
      ["sections", { _key: "myths" }, "heading"],
      ["sections", { _key: "myths" }, "items", { _key: "m1" }, "myth"],
      ["sections", { _key: "myths" }, "items", { _key: "m1" }, "fact"],
      ["sections", { _key: "steps" }, "heading"],
      ["sections", { _key: "steps" }, "steps", { _key: "st1" }, "title"],
      ["sections", { _key: "steps" }, "steps", { _key: "st1" }, "text"],
      ["sections", { _key: "hotlines" }, "heading"],
      ["sections", { _key: "cta" }, "heading"],
      ["sections", { _key: "cta" }, "text"],
      ["sections", { _key: "faq" }, "heading"],
      ["sections", { _key: "faq" }, "items", { _key: "q1" }, "question"],
      ["sections", { _key: "faq" }, "items", { _key: "q1" }, "answer"],
    ]);
    expect(new Set(found.flatMap((entry) => entry.missing))).toEqual(new Set(["fa-AF"]));
  });

  it("reports a single gap deep in a section", () => {
    const doc = campaign();
    const faq = doc.sections.find((section) => section._key === "faq") as { items: { answer: Record<string, unknown> }[] };
    delete faq.items[0]!.answer.fa_AF;
    expect(findMissingTranslations("campaign", doc, CAMPAIGN_LOCALES)).toEqual([
      { path: ["sections", { _key: "faq" }, "items", { _key: "q1" }, "answer"], missing: ["fa-AF"] },
    ]);
  });

  it("reports an absent required field in every locale", () => {
    const doc: Record<string, unknown> = { ...campaign(), hero: { text: localized("Hero", CAMPAIGN_LOCALES) } };
    expect(findMissingTranslations("campaign", doc, CAMPAIGN_LOCALES)).toEqual([
      { path: ["hero", "heading"], missing: ["en", "ru", "fa-AF"] },
    ]);
  });

  it("checks an optional field only once it has text in some locale", () => {
    const doc = campaign();
    const story = doc.sections[0] as Record<string, unknown>;
    expect(findMissingTranslations("campaign", doc, CAMPAIGN_LOCALES)).toEqual([]);
    story.heading = localized("Story heading", ["en"]);
    expect(findMissingTranslations("campaign", doc, CAMPAIGN_LOCALES)).toEqual([
      { path: ["sections", { _key: "story" }, "heading"], missing: ["ru", "fa-AF"] },
    ]);
  });

  it("uses the index for an item without a key", () => {
    const doc = {
      _type: "page",
      title: localized("T", ["en"]),
      description: localized("D", ["en"]),
      sections: [{ _type: "hotlineBlock" }],
    };
    expect(findMissingTranslations("page", doc, ["en"])).toEqual([{ path: ["sections", 0, "heading"], missing: ["en"] }]);
  });

  it("checks a page's title, description and sections", () => {
    const page = { _type: "page", title: localized("T", ["en", "ps"]), description: localized("D", ["en"]), sections: [] };
    expect(findMissingTranslations("page", page, ["en", "ps"])).toEqual([{ path: ["description"], missing: ["ps"] }]);
  });

  it("ignores unknown section types and asks nothing without locales", () => {
    const doc = { ...campaign(), sections: [{ _type: "video", _key: "v", heading: localized("V", ["en"]) }] };
    expect(findMissingTranslations("campaign", doc, CAMPAIGN_LOCALES)).toEqual([]);
    expect(findMissingTranslations("campaign", { title: {} }, [])).toEqual([]);
  });

  it("turns gaps into validation errors at their paths, naming the locales", () => {
    expect(missingTranslationErrors([])).toBe(true);
    expect(missingTranslationErrors([{ path: ["title"], missing: ["ps", "ckb"] }])).toEqual([
      { path: ["title"], message: "Missing translations for this campaign's locales: ps, ckb" },
    ]);
  });
});

describe("formats", () => {
  it.each([
    ["+996312000000", true],
    ["+93700000000", true],
    ["+1234567", true],
    ["+123456789012345", true],
    ["+1234567890123456", false],
    ["+123456", false],
    ["+0996312000000", false],
    ["996312000000", false],
    ["+996 312 000 000", false],
    ["+996-312-000000", false],
    ["", false],
  ])("E.164 %j is %s", (value, valid) => {
    expect(isE164(value)).toBe(valid);
  });

  it("explains E.164 with an example", () => {
    expect(E164_MESSAGE).toBe("Use E.164, e.g. +996312000000");
  });

  it.each([
    ["Asia/Bishkek", true],
    ["Asia/Almaty", true],
    ["Asia/Dushanbe", true],
    ["Asia/Tashkent", true],
    ["Asia/Kabul", true],
    ["Asia/Karachi", true],
    ["Asia/Baghdad", true],
    ["America/Argentina/Buenos_Aires", true],
    ["UTC", true],
    ["Asia/Nowhere", false],
    ["+05:00", false],
    ["UTC+5", false],
    ["", false],
    [" Asia/Bishkek", false],
  ])("time zone %j is %s", (value, valid) => {
    expect(isIanaTimezone(value)).toBe(valid);
  });

  it.each([
    ["09:00", true],
    ["00:00", true],
    ["23:59", true],
    ["24:00", false],
    ["9:00", false],
    ["09:60", false],
    ["09.00", false],
  ])("clock time %j is %s", (value, valid) => {
    expect(isClockTime(value)).toBe(valid);
  });

  it.each([
    ["Safe work abroad!", "safe-work-abroad"],
    ["  Élan -- vital ", "elan-vital"],
    ["Работа", ""],
    ["a".repeat(70), "a".repeat(64)],
  ])("slugify(%j) is %j", (input, slug) => {
    expect(slugify(input)).toBe(slug);
  });
});

describe("hotline freshness", () => {
  const now = new Date("2026-03-01T12:00:00Z");
  const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 60 * 60 * 1000).toISOString();

  it.each([
    { lastVerifiedAt: daysAgo(10), stale: false },
    { lastVerifiedAt: daysAgo(180), stale: false },
    { lastVerifiedAt: daysAgo(181), stale: true },
    { lastVerifiedAt: undefined, stale: true },
    { lastVerifiedAt: "last spring", stale: true },
  ])("verified $lastVerifiedAt: stale $stale, in the Studio and in the structure list's GROQ", async ({ lastVerifiedAt, stale }) => {
    expect(isVerificationStale(lastVerifiedAt, now)).toBe(stale);
    const dataset = [{ _id: "h", _type: "hotline", lastVerifiedAt }];
    const ids = await (await evaluate(parse(`*[${STALE_HOTLINE_FILTER}]._id`), { dataset, timestamp: now })).get();
    expect(ids).toEqual(stale ? ["h"] : []);
  });

  it("warns about sample and stale numbers", () => {
    expect(hotlineWarnings({ isSample: true, lastVerifiedAt: daysAgo(1) }, now)).toEqual(["Sample number"]);
    expect(hotlineWarnings({ isSample: false, lastVerifiedAt: daysAgo(200) }, now)).toEqual(["Not verified for 180 days"]);
    expect(hotlineWarnings({ isSample: false, lastVerifiedAt: daysAgo(1) }, now)).toEqual([]);
  });
});

describe("previews", () => {
  it("shows a campaign's status and the locales its main texts lack", () => {
    const doc = campaign(["en", "ru"]);
    const preview = campaignType.preview?.prepare?.({
      title: doc.title,
      summary: doc.summary,
      heroHeading: doc.hero.heading,
      heroText: doc.hero.text,
      shareText: doc.share.text,
      locales: ["en", "ru", "fa-AF", "ps"],
      status: "live",
      slug: "safe-work",
    });
    expect(preview).toEqual({ title: "Safe work (en)", subtitle: "Live · Missing: fa-AF, ps" });
  });

  it("marks sample and unverified hotlines", () => {
    const preview = hotlineType.preview?.prepare?.({
      organization: "Sample helpline",
      country: "KG",
      phone: "+996000000101",
      isSample: true,
      lastVerifiedAt: new Date().toISOString(),
      nationalities: undefined,
      international: undefined,
    });
    expect(preview).toMatchObject({ title: "Sample helpline", subtitle: "Kyrgyzstan · +996000000101 · ⚠ Sample number" });
    // A warning icon replaces the hotline's own icon.
    expect(preview?.media).toBeDefined();
    expect(preview?.media).not.toBe(hotlineType.icon);
  });

  it("shows a verified hotline with its own icon", () => {
    const preview = hotlineType.preview?.prepare?.({
      organization: "Helpline",
      country: "TJ",
      phone: undefined,
      isSample: false,
      lastVerifiedAt: new Date().toISOString(),
      nationalities: undefined,
      international: undefined,
    });
    expect(preview).toEqual({ title: "Helpline", subtitle: "Tajikistan", media: hotlineType.icon });
  });

  it("says where a line abroad helps and whom: a consulate's, an international one", () => {
    const prepare = (fields: { country: string; nationalities?: string[]; international?: boolean }) =>
      hotlineType.preview?.prepare?.({
        organization: "Line",
        phone: undefined,
        isSample: false,
        lastVerifiedAt: new Date().toISOString(),
        nationalities: fields.nationalities,
        international: fields.international,
        country: fields.country,
      });
    expect(prepare({ country: "RU", nationalities: ["KG"] })?.subtitle).toBe("Russia · for Kyrgyzstan");
    expect(prepare({ country: "CH", international: true })?.subtitle).toBe("Anywhere (office: Switzerland)");
  });

  it("shows a region's code and name", () => {
    const preview = regionType.preview?.prepare?.({ code: "KG-C", name: localized("Chüy", ["en"]), country: "KG" });
    expect(preview).toEqual({ title: "KG-C · Chüy (en)", subtitle: "Kyrgyzstan" });
  });
});

describe("fetchCampaignLocales", () => {
  let datasetDir: string;
  const client = createClient({
    projectId: "studiotest",
    dataset: "production",
    apiVersion: STUDIO_API_VERSION,
    useCdn: false,
    maxRetries: 0,
  });

  beforeAll(async () => {
    datasetDir = await mkdtemp(path.join(tmpdir(), "studio-validation-"));
    const documents = [
      { _id: "campaign-a", _type: "campaign", locales: ["en", "fa-AF", "unknown"] },
      { _id: "campaign-b", _type: "campaign" },
    ];
    await writeFile(path.join(datasetDir, "campaigns.ndjson"), documents.map((doc) => JSON.stringify(doc)).join("\n"));
  });
  afterAll(async () => {
    await rm(datasetDir, { recursive: true, force: true });
  });

  it("reads the known locales of the page's campaign from the Content Lake", async () => {
    const queries: string[] = [];
    mockServer.use(...createSanityQueryHandlers({ datasetDir, onQuery: (entry) => void queries.push(entry.query) }));
    await expect(fetchCampaignLocales(client, "campaign-a")).resolves.toEqual(["en", "fa-AF"]);
    expect(queries).toEqual([CAMPAIGN_LOCALES_QUERY]);
  });

  it("gives up (so validation skips the check) when the campaign has no locales", async () => {
    mockServer.use(...createSanityQueryHandlers({ datasetDir }));
    await expect(fetchCampaignLocales(client, "campaign-b")).resolves.toBeUndefined();
    await expect(fetchCampaignLocales(client, "campaign-missing")).resolves.toBeUndefined();
  });

  it("gives up when the query fails", async () => {
    mockServer.use(
      http.get("https://studiotest.api.sanity.io/:version/data/query/:dataset", () =>
        HttpResponse.json({ error: { description: "forbidden" } }, { status: 403 }),
      ),
    );
    await expect(fetchCampaignLocales(client, "campaign-a")).resolves.toBeUndefined();
  });
});
