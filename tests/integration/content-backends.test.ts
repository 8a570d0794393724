/**
 * Both backends answer every query identically, in every locale: the Sanity backend
 * (@sanity/client against a Content Lake faked with msw, which evaluates with groq-js over the
 * same files) and the local backend. Any difference in how the client encodes parameters, in
 * the perspective, or in what the local backend loads shows up here. Runs over the fixture
 * dataset and the sample dataset the app ships.
 */
import { describe, expect, it } from "vitest";
import { createContentBackend } from "~/content/content-backend.server";
import { createContentSource } from "~/content/content-source.server";
import { loadPublishedDataset, type RawDocument } from "~/content/local-dataset.server";
import {
  CAMPAIGN_BY_SLUG_QUERY,
  HOTLINES_QUERY,
  LIVE_CAMPAIGNS_QUERY,
  PAGE_BY_SLUG_QUERY,
  REGIONS_QUERY,
  SITE_SETTINGS_QUERY,
  SITEMAP_QUERY,
  localeParams,
} from "~/content/queries";
import { LOCALES, type Locale } from "~/i18n/locales";
import { FIXTURE_TODAY, SAMPLE_DATASET_DIR, VALID_DATASET_DIR, captureLogs, localEnv, sanityEnv } from "../fixtures/content";
import { createSanityQueryHandlers, type SanityQueryLogEntry } from "../mocks/sanity";
import { mockServer } from "../mocks/server";

interface QueryCall {
  name: string;
  query: string;
  params: Record<string, unknown>;
}

const slugOf = (document: RawDocument) => (document.slug as { current?: string } | undefined)?.current;

/** Days worth asking about: the given one, and each campaign's start and end (edges of "live"). */
function daysOf(documents: readonly RawDocument[], today: string): string[] {
  const days = new Set([today]);
  for (const document of documents) {
    if (document._type !== "campaign") continue;
    for (const day of [document.startDate, document.endDate]) if (typeof day === "string") days.add(day);
  }
  return [...days].sort();
}

/** Every query with every parameter combination the site uses, for one locale. */
function callsFor(locale: Locale, documents: readonly RawDocument[], days: readonly string[]): QueryCall[] {
  const base = localeParams(locale);
  const campaigns = documents.filter((d) => d._type === "campaign");
  const pages = documents.filter((d) => d._type === "page");
  const countries = [...new Set(documents.filter((d) => d._type === "hotline").map((d) => String(d.country)))].sort();
  const calls: QueryCall[] = [
    { name: "siteSettings", query: SITE_SETTINGS_QUERY, params: base },
    { name: "regions", query: REGIONS_QUERY, params: base },
  ];
  for (const includeSample of [true, false]) {
    calls.push({ name: "hotlines", query: HOTLINES_QUERY, params: { ...base, countries: [], includeSample } });
    for (const country of countries) {
      calls.push({ name: `hotlines ${country}`, query: HOTLINES_QUERY, params: { ...base, countries: [country], includeSample } });
    }
  }
  for (const today of days) {
    calls.push({ name: `liveCampaigns ${today}`, query: LIVE_CAMPAIGNS_QUERY, params: { ...base, today } });
    calls.push({ name: `sitemap ${today}`, query: SITEMAP_QUERY, params: { today } });
    for (const campaign of campaigns) {
      const slug = slugOf(campaign);
      calls.push({ name: `campaign ${slug} ${today}`, query: CAMPAIGN_BY_SLUG_QUERY, params: { ...base, today, slug } });
      for (const page of pages.filter((p) => (p.campaign as { _ref?: string } | undefined)?._ref === campaign._id)) {
        calls.push({
          name: `page ${slug}/${slugOf(page)} ${today}`,
          query: PAGE_BY_SLUG_QUERY,
          params: { ...base, today, slug, page: slugOf(page) },
        });
      }
    }
  }
  return calls;
}

const DATASETS = [
  { name: "fixture", dir: VALID_DATASET_DIR, today: FIXTURE_TODAY },
  { name: "sample (campaigns/)", dir: SAMPLE_DATASET_DIR, today: new Date().toISOString().slice(0, 10) },
];

describe.each(DATASETS)("the $name dataset", ({ dir, today }) => {
  it.each(LOCALES)("gives the same raw results from both backends in %s", async (locale) => {
    mockServer.use(...createSanityQueryHandlers({ datasetDir: dir }));
    const documents = await loadPublishedDataset(dir);
    const sanity = createContentBackend(sanityEnv());
    const local = createContentBackend(localEnv({ CONTENT_DATASET_DIR: dir }));
    expect([sanity.name, local.name]).toEqual(["sanity", "local"]);

    let nonEmpty = 0;
    for (const call of callsFor(locale, documents, daysOf(documents, today))) {
      const [fromSanity, fromLocal] = await Promise.all([sanity.fetch(call.query, call.params), local.fetch(call.query, call.params)]);
      expect(fromSanity, call.name).toEqual(fromLocal);
      if (Array.isArray(fromLocal) && fromLocal.length > 0) nonEmpty += 1;
    }
    // The comparison means something only if the queries found content.
    expect(nonEmpty).toBeGreaterThan(3);
  });

  it("gives the same validated content through the content source", async () => {
    mockServer.use(...createSanityQueryHandlers({ datasetDir: dir }));
    const sources = [
      createContentSource({ env: sanityEnv(), logger: captureLogs().logger }),
      createContentSource({ env: localEnv({ CONTENT_DATASET_DIR: dir }), logger: captureLogs().logger }),
    ] as const;
    expect(sources.map((s) => s.backend)).toEqual(["sanity", "local"]);
    const read = async (content: (typeof sources)[number]) => {
      const perLocale = [];
      for (const locale of LOCALES) {
        const campaigns = await content.liveCampaigns(locale, today);
        const details = await Promise.all(campaigns.map((c) => content.campaign(locale, c.slug, today)));
        const pages = await Promise.all(details.flatMap((c) => (c ? c.pages.map((p) => content.page(locale, c.slug, p.slug, today)) : [])));
        perLocale.push({
          settings: await content.siteSettings(locale),
          campaigns,
          details,
          pages,
          hotlines: await content.hotlines(locale),
          regions: await content.regions(locale),
        });
      }
      return { perLocale, sitemap: await content.sitemap(today), sample: await content.servesSampleData() };
    };
    const [fromSanity, fromLocal] = [await read(sources[0]), await read(sources[1])];
    expect(fromSanity).toEqual(fromLocal);
    expect(fromLocal.perLocale.some((l) => l.campaigns.length > 0)).toBe(true);
  });
});

describe("the Sanity backend's requests", () => {
  function recordRequests() {
    const received: SanityQueryLogEntry[] = [];
    mockServer.use(...createSanityQueryHandlers({ datasetDir: VALID_DATASET_DIR, onQuery: (entry) => void received.push(entry) }));
    return received;
  }

  it("go to the API CDN of the project, with the pinned API version and the published perspective", async () => {
    const received = recordRequests();
    await createContentBackend(sanityEnv({ SANITY_API_VERSION: "2025-02-19" })).fetch(REGIONS_QUERY, localeParams("en"));
    const url = new URL(received[0]?.url ?? "");
    expect(url.host).toBe("testproject.apicdn.sanity.io");
    expect(url.pathname).toBe("/v2025-02-19/data/query/production");
    expect(url.searchParams.get("perspective")).toBe("published");
    expect(received[0]?.params).toEqual({ locale: "en", fallback: "en", localeCode: "en" });
  });

  it("go to the live API when the CDN is off", async () => {
    const received = recordRequests();
    await createContentBackend(sanityEnv({ SANITY_USE_CDN: "false" })).fetch(REGIONS_QUERY, localeParams("ru"));
    expect(new URL(received[0]?.url ?? "").host).toBe("testproject.api.sanity.io");
  });

  it("reject a query the Content Lake cannot parse", async () => {
    recordRequests();
    const backend = createContentBackend(sanityEnv());
    await expect(backend.fetch("*[_type == ", {})).rejects.toThrow();
  });

  it("reject a query whose parameter is missing, as the Content Lake does", async () => {
    recordRequests();
    const backend = createContentBackend(sanityEnv());
    await expect(backend.fetch(LIVE_CAMPAIGNS_QUERY, localeParams("en"))).rejects.toThrow(/\$today/);
  });
});
