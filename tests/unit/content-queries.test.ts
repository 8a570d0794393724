/**
 * The GROQ queries' rules, evaluated with groq-js over the fixture dataset (raw results, before
 * validation): which campaigns are live, locale projection and fallback, drafts, sample hotlines,
 * ordering, references.
 */
import { describe, expect, it } from "vitest";
import { createLocalBackend } from "~/content/local-backend.server";
import {
  CAMPAIGN_BY_SLUG_QUERY,
  HOTLINES_QUERY,
  LIVE_CAMPAIGNS_QUERY,
  PAGE_BY_SLUG_QUERY,
  REGIONS_QUERY,
  SITE_SETTINGS_QUERY,
  SITEMAP_QUERY,
  groq,
  localeParams,
} from "~/content/queries";
import { FIXTURE_TODAY, VALID_DATASET_DIR } from "../fixtures/content";

type Row = Record<string, unknown>;
const backend = createLocalBackend({ datasetDir: VALID_DATASET_DIR });
const run = async (query: string, params: Row) => (await backend.fetch(query, params)) as Row[];

const hotlineParams = (overrides: Row = {}) => ({
  ...localeParams("en"),
  countries: [],
  includeSample: true,
  ...overrides,
});

describe("groq tag", () => {
  it("joins fragments in order", () => {
    const field = "title";
    expect(groq`*[${field} == $x]{${field}}`).toBe("*[title == $x]{title}");
  });
});

describe("localeParams", () => {
  it("uses the Sanity field key for the locale and the URL code for locale lists", () => {
    expect(localeParams("fa-AF")).toEqual({ locale: "fa_AF", fallback: "en", localeCode: "fa-AF" });
  });
});

describe("LIVE_CAMPAIGNS_QUERY", () => {
  it("returns live campaigns within their dates that publish the locale", async () => {
    const en = await run(LIVE_CAMPAIGNS_QUERY, { ...localeParams("en"), today: FIXTURE_TODAY });
    // Newest start first; ended, draft-status and not-yet-started campaigns are absent.
    expect(en.map((c) => c.slug)).toEqual(["english-only", "safe-work"]);
    const ru = await run(LIVE_CAMPAIGNS_QUERY, { ...localeParams("ru"), today: FIXTURE_TODAY });
    expect(ru.map((c) => c.slug)).toEqual(["safe-work"]);
  });

  it("honours start and end dates inclusively", async () => {
    const before = await run(LIVE_CAMPAIGNS_QUERY, { ...localeParams("en"), today: "2025-01-31" });
    expect(before.map((c) => c.slug)).toEqual(["safe-work"]);
    const onStart = await run(LIVE_CAMPAIGNS_QUERY, { ...localeParams("en"), today: "2025-02-01" });
    expect(onStart.map((c) => c.slug)).toEqual(["english-only", "safe-work"]);
    const lastDay = await run(LIVE_CAMPAIGNS_QUERY, { ...localeParams("en"), today: "2024-12-31" });
    expect(lastDay.map((c) => c.slug)).toEqual(["old-campaign"]);
  });

  it("projects localized fields and the locale's review status", async () => {
    const [campaign] = await run(LIVE_CAMPAIGNS_QUERY, { ...localeParams("fa-AF"), today: FIXTURE_TODAY });
    expect(campaign).toMatchObject({
      _id: "campaign-safe-work",
      title: "کار امن در خارج",
      reviewStatus: "machine-drafted",
      locales: ["en", "ru", "fa-AF"],
    });
  });
});

describe("CAMPAIGN_BY_SLUG_QUERY", () => {
  const params = (locale: "en" | "ru" | "fa-AF" | "ky", slug: string, today = FIXTURE_TODAY) => ({
    ...localeParams(locale),
    today,
    slug,
  });

  it("returns the campaign with its pages sorted by order and sections in the locale", async () => {
    const [campaign] = await run(CAMPAIGN_BY_SLUG_QUERY, params("ru", "safe-work"));
    expect(campaign?.pages).toEqual([
      { _id: "page-your-rights", slug: "your-rights", title: "Ваши права", description: "Что говорит закон." },
      { _id: "page-check-employer", slug: "check-an-employer", title: "Проверьте работодателя", description: "Как проверить." },
    ]);
    const sections = campaign?.sections as Row[];
    expect(sections.map((s) => s._type)).toEqual([
      "storySection",
      "signsChecklist",
      "mythFact",
      "safeMigrationSteps",
      "hotlineBlock",
      "callToAction",
      "faq",
    ]);
    expect(sections[1]).toEqual({
      _key: "signs",
      _type: "signsChecklist",
      heading: "Тревожные признаки",
      intro: "Будьте осторожны, если:",
      items: [
        { _key: "s1", text: "Забирают паспорт" },
        { _key: "s2", text: "Нужно заплатить взнос" },
      ],
    });
    expect(campaign?.hero).toEqual({
      heading: "Узнайте до отъезда",
      text: "Большинство предложений честные.",
      imageUrl: null,
      imageAlt: null,
    });
    expect(campaign?.sms).toEqual({ keyword: "SAFE", number: "+996000000900" });
  });

  it("falls back to English for a field missing in the locale", async () => {
    const [campaign] = await run(CAMPAIGN_BY_SLUG_QUERY, params("fa-AF", "safe-work"));
    const story = (campaign?.sections as Row[])[0];
    expect(story?.heading).toBe("داستان عزیز");
    // The hotline note exists only in English; the same rule applies to campaign text.
    const [hotline] = await run(HOTLINES_QUERY, hotlineParams({ ...localeParams("fa-AF"), countries: ["AF"] }));
    expect((hotline?.hours as Row).note).toBe("Closed on public holidays");
  });

  it("returns nothing for a locale the campaign does not publish, or outside its dates", async () => {
    expect(await run(CAMPAIGN_BY_SLUG_QUERY, params("ky", "safe-work"))).toEqual([]);
    expect(await run(CAMPAIGN_BY_SLUG_QUERY, params("en", "old-campaign"))).toEqual([]);
    expect(await run(CAMPAIGN_BY_SLUG_QUERY, params("en", "draft-campaign"))).toEqual([]);
    expect(await run(CAMPAIGN_BY_SLUG_QUERY, params("en", "english-only", "2025-01-15"))).toEqual([]);
  });
});

describe("PAGE_BY_SLUG_QUERY", () => {
  it("returns the published page of a live campaign publishing the locale", async () => {
    const pages = await run(PAGE_BY_SLUG_QUERY, {
      ...localeParams("en"),
      today: FIXTURE_TODAY,
      slug: "safe-work",
      page: "your-rights",
    });
    expect(pages).toHaveLength(1);
    // The draft (drafts.page-your-rights) has "(draft)" in its title; the published perspective hides it.
    expect(pages[0]).toMatchObject({ _id: "page-your-rights", title: "Your rights", order: 10 });
  });

  it("returns nothing under another campaign's slug or in an unpublished locale", async () => {
    const base = { today: FIXTURE_TODAY, page: "your-rights" };
    expect(await run(PAGE_BY_SLUG_QUERY, { ...localeParams("en"), ...base, slug: "english-only" })).toEqual([]);
    expect(await run(PAGE_BY_SLUG_QUERY, { ...localeParams("ky"), ...base, slug: "safe-work" })).toEqual([]);
  });
});

describe("HOTLINES_QUERY", () => {
  it("orders by country, priority (missing last), organization, and resolves regions", async () => {
    const hotlines = await run(HOTLINES_QUERY, hotlineParams());
    expect(hotlines.map((h) => h._id)).toEqual(["hotline-af-kabul", "hotline-kg-national", "hotline-kg-osh", "hotline-kg-sample"]);
    expect(hotlines[2]?.regions).toEqual([{ code: "KG-O", name: "Osh Region" }]);
    expect(hotlines[1]?.regions).toEqual([]);
  });

  it("filters by countries and leaves sample hotlines out unless asked", async () => {
    const kg = await run(HOTLINES_QUERY, hotlineParams({ countries: ["KG"] }));
    expect(kg.map((h) => h._id)).toEqual(["hotline-kg-national", "hotline-kg-osh", "hotline-kg-sample"]);
    const real = await run(HOTLINES_QUERY, hotlineParams({ includeSample: false }));
    expect(real.map((h) => h._id)).toEqual(["hotline-af-kabul", "hotline-kg-national"]);
  });
});

describe("other queries", () => {
  it("SITE_SETTINGS_QUERY returns the singleton in the locale", async () => {
    const settings = await run(SITE_SETTINGS_QUERY, localeParams("ru"));
    expect(settings).toHaveLength(1);
    expect(settings[0]).toMatchObject({ organizationName: "Безопасный путь (пример)", smsNumber: "+996000000900" });
  });

  it("REGIONS_QUERY orders by country and code", async () => {
    const regions = await run(REGIONS_QUERY, localeParams("en"));
    expect(regions.map((r) => r.code)).toEqual(["AF-KAB", "KG-C", "KG-O"]);
  });

  it("SITEMAP_QUERY lists live campaigns and their pages with the campaign's locales", async () => {
    const entries = await run(SITEMAP_QUERY, { today: FIXTURE_TODAY });
    expect(entries.map((e) => [e.campaign, e.page, e.locales])).toEqual([
      ["english-only", null, ["en"]],
      ["safe-work", null, ["en", "ru", "fa-AF"]],
      ["safe-work", "check-an-employer", ["en", "ru", "fa-AF"]],
      ["safe-work", "your-rights", ["en", "ru", "fa-AF"]],
    ]);
  });
});
