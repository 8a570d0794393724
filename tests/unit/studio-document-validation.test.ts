/**
 * Documents validated by Sanity's own validation (`validateDocument`) against the Studio's
 * schema, in node: the rules editors meet in the Studio, with their messages and levels. The
 * Content Lake queries some rules make (page locales, region code uniqueness, slug uniqueness)
 * are answered by the msw fake at the network edge.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { http, HttpResponse } from "msw";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
// The Studio's own install (React 19, sanity 5): the root cannot resolve these by bare name.
import { createClient } from "../../studio/node_modules/@sanity/client";
import { createWorkspaceFromConfig, validateDocument, type Workspace } from "../../studio/node_modules/sanity";
import { schemaTypes } from "../../studio/schemaTypes";
import { createSanityQueryHandlers } from "../mocks/sanity";
import { mockServer } from "../mocks/server";

const PROJECT_ID = "studiotest";

let datasetDir: string;
let workspace: Workspace;

beforeAll(async () => {
  datasetDir = await mkdtemp(path.join(tmpdir(), "studio-documents-"));
  const documents = [
    { _id: "campaign-dari", _type: "campaign", locales: ["en", "fa-AF"], slug: { _type: "slug", current: "dari" } },
    { _id: "region-KG-C", _type: "region", code: "KG-C", country: "KG" },
    {
      _id: "page-hotlines",
      _type: "page",
      campaign: { _type: "reference", _ref: "campaign-dari" },
      slug: { _type: "slug", current: "hotlines" },
    },
  ];
  await writeFile(path.join(datasetDir, "dataset.ndjson"), documents.map((doc) => JSON.stringify(doc)).join("\n"));
  const client = createClient({ projectId: PROJECT_ID, dataset: "production", apiVersion: "2025-02-19", useCdn: false, maxRetries: 0 });
  // The schema as sanity.config.ts registers it; the structure and document actions play no part
  // in validation (and `sanity build` covers the rest of the config).
  workspace = await createWorkspaceFromConfig({
    name: "default",
    projectId: PROJECT_ID,
    dataset: "production",
    schema: { types: schemaTypes },
    currentUser: {
      id: "editor",
      name: "Editor",
      email: "editor@example.org",
      role: "editor",
      roles: [{ name: "editor", title: "Editor" }],
    },
    getClient: () => client,
  });
});

afterAll(async () => {
  await rm(datasetDir, { recursive: true, force: true });
});

beforeEach(() => {
  mockServer.use(
    ...createSanityQueryHandlers({ datasetDir }),
    // A signed-in Studio registers its schema with the project (and ignores a failure to do so).
    http.post(`https://${PROJECT_ID}.api.sanity.io/:version/descriptors/*`, () => new HttpResponse(null, { status: 404 })),
  );
});

type Marker = { level: string; message: string; path: unknown[] };

async function validate(document: Record<string, unknown>): Promise<Marker[]> {
  const markers = await validateDocument({
    document: { _createdAt: "2026-01-01T00:00:00Z", _updatedAt: "2026-01-01T00:00:00Z", _rev: "r1", ...document } as never,
    workspace,
    // "cli" (as `sanity documents validate`) turns object-level rules into warnings; editors see "studio".
    environment: "studio",
    getDocumentExists: async () => true,
  });
  return markers.map(({ level, message, path: markerPath }) => ({ level, message, path: markerPath }));
}

const errors = (markers: Marker[]) => markers.filter((marker) => marker.level === "error");
const verifiedNow = () => new Date().toISOString();

function localized(codes: readonly string[], text = "Text") {
  return Object.fromEntries(codes.map((code) => [code.replace("-", "_"), `${text} ${code}`]));
}

const validHotline = {
  _id: "hotline-kg",
  _type: "hotline",
  organization: { _type: "localeString", ...localized(["en", "ru", "ky", "kk", "uz", "tg", "fa-AF", "ps", "ur", "ar", "ckb"]) },
  country: "KG",
  phone: "+996312000000",
  hours: { open24h: false, days: ["mon", "tue"], opens: "09:00", closes: "18:00", timezone: "Asia/Bishkek" },
  languages: ["ky", "ru"],
  freeOfCharge: true,
  lastVerifiedAt: verifiedNow(),
  isSample: false,
};

describe("hotline validation in the Studio", () => {
  it("accepts a complete hotline without errors or warnings", async () => {
    expect(await validate(validHotline)).toEqual([]);
  });

  it.each(["phone", "sms", "whatsapp", "telegram"])("rejects a %s number that is not E.164", async (field) => {
    const markers = await validate({ ...validHotline, [field]: "0312 000 000" });
    expect(errors(markers)).toEqual([{ level: "error", message: "Use E.164, e.g. +996312000000", path: [field] }]);
  });

  it("requires at least one number", async () => {
    const { phone: _phone, ...withoutNumbers } = validHotline;
    expect(errors(await validate(withoutNumbers))).toEqual([
      { level: "error", message: "Add at least one number: phone, SMS, WhatsApp or Telegram", path: ["phone"] },
    ]);
  });

  it("checks opening hours and their time zone", async () => {
    const markers = await validate({ ...validHotline, hours: { open24h: false, opens: "9am", timezone: "Asia/Nowhere" } });
    expect(errors(markers).map((marker) => [marker.path.join("."), marker.message])).toEqual([
      ["hours.days", "Choose the days the line is open"],
      ["hours.opens", "Use 24-hour HH:MM, e.g. 09:00 or 18:30"],
      ["hours.closes", "Use 24-hour HH:MM, e.g. 09:00 or 18:30"],
      ["hours.timezone", "Use an IANA time zone name, e.g. Asia/Bishkek"],
    ]);
    expect(errors(await validate({ ...validHotline, hours: { open24h: true, timezone: "Asia/Bishkek" } }))).toEqual([]);
  });

  it("warns, without blocking, about sample and long-unverified numbers", async () => {
    const markers = await validate({ ...validHotline, isSample: true, lastVerifiedAt: "2020-01-01T00:00:00Z" });
    expect(markers).toEqual([
      {
        level: "warning",
        message: "Not verified for more than 180 days: call the number and update this date",
        path: ["lastVerifiedAt"],
      },
      { level: "warning", message: "Sample hotline: a production site will not publish it", path: ["isSample"] },
    ]);
  });
});

describe("region validation in the Studio", () => {
  const region = { _id: "region-KG-Y", _type: "region", code: "KG-Y", country: "KG", name: localized(["en"]), timezone: "Asia/Bishkek" };

  it("accepts a region (warning only about untranslated names)", async () => {
    const markers = await validate(region);
    expect(errors(markers)).toEqual([]);
    expect(markers.map((marker) => marker.level)).toEqual(["warning"]);
  });

  it.each([
    { code: "KG-abc", message: "Use the ISO 3166-2 code in capitals, e.g. KG-C" },
    { code: "KZ-ALA", message: "The code must start with the country code KG-" },
    { code: "KG-C", message: "Another region already has the code KG-C" },
  ])("rejects code $code", async ({ code, message }) => {
    expect(errors(await validate({ ...region, code }))).toEqual([{ level: "error", message, path: ["code"] }]);
  });
});

describe("campaign validation in the Studio", () => {
  const campaign = {
    _id: "drafts.campaign-new",
    _type: "campaign",
    slug: { _type: "slug", current: "safe-work" },
    title: localized(["en", "ps"]),
    summary: localized(["en", "ps"]),
    hero: { heading: localized(["en", "ps"]), text: localized(["en", "ps"]) },
    share: { text: localized(["en", "ps"]) },
    countries: ["AF", "PK"],
    locales: ["en", "ps"],
    fallbackLocale: "en",
    status: "draft",
    sections: [
      {
        _type: "faq",
        _key: "faq",
        heading: localized(["en", "ps"]),
        items: [{ _key: "q", question: localized(["en", "ps"]), answer: localized(["en", "ps"]) }],
      },
    ],
  };

  it("accepts a campaign written in all its locales", async () => {
    expect(errors(await validate(campaign))).toEqual([]);
  });

  it("shows a missing translation on the field, naming the locale", async () => {
    const markers = await validate({ ...campaign, locales: ["en", "ps", "ckb"] });
    expect(errors(markers)).toContainEqual({
      level: "error",
      message: "Missing translations for this campaign's locales: ckb",
      path: ["sections", { _key: "faq" }, "items", { _key: "q" }, "question"],
    });
    expect(errors(markers)).toHaveLength(8);
  });

  it.each([
    [{ endDate: "2026-01-01", startDate: "2026-02-01" }, "endDate", "The end date must be on or after the start date"],
    [{ fallbackLocale: "ru" }, "fallbackLocale", "The fallback locale must be one of the published locales"],
    [
      { slug: { _type: "slug", current: "Safe Work" } },
      "slug",
      "Use lower-case letters a-z, digits and single hyphens, e.g. safe-work-abroad",
    ],
    [{ sms: { keyword: "SAFE", number: "12345" } }, "sms.number", "Use E.164, e.g. +996312000000"],
    [{ sms: { keyword: "two words" } }, "sms.keyword", "Use one word of 2 to 20 letters or digits, without spaces, e.g. SAFE"],
  ])("rejects %j at %s", async (change, fieldPath, message) => {
    const markers = errors(await validate({ ...campaign, ...change }));
    expect(markers.map((marker) => [marker.path.join("."), marker.message])).toEqual([[fieldPath, message]]);
  });

  it("refuses a slug another campaign uses", async () => {
    const markers = errors(await validate({ ...campaign, slug: { _type: "slug", current: "dari" } }));
    expect(markers.map((marker) => marker.path)).toEqual([["slug"]]);
  });

  it("warns when a live campaign publishes machine-drafted text", async () => {
    const live = { ...campaign, status: "live", reviewStatus: { _type: "localeReviewStatus", en: "approved", ps: "machine-drafted" } };
    expect(await validate(live)).toEqual([
      { level: "warning", message: "Live with machine-drafted text in: ps. Have a person review it.", path: [] },
    ]);
    expect(await validate({ ...live, status: "draft" })).toEqual([]);
  });

  it("requires a slug, once", async () => {
    const { slug: _slug, ...withoutSlug } = campaign;
    expect(errors(await validate(withoutSlug))).toEqual([{ level: "error", message: "A campaign needs a URL slug", path: ["slug"] }]);
  });
});

describe("page validation in the Studio", () => {
  const page = {
    _id: "drafts.page-check-employer",
    _type: "page",
    campaign: { _type: "reference", _ref: "campaign-dari" },
    slug: { _type: "slug", current: "check-an-employer" },
    title: localized(["en"]),
    description: localized(["en", "fa-AF"]),
    order: 10,
    sections: [{ _type: "hotlineBlock", _key: "h", heading: localized(["en", "fa-AF"]) }],
  };

  it("requires the locales of the page's campaign", async () => {
    expect(errors(await validate(page))).toEqual([
      { level: "error", message: "Missing translations for this campaign's locales: fa-AF", path: ["title"] },
    ]);
  });

  it("requires a slug unique within the campaign only", async () => {
    const sameSlug = { ...page, title: localized(["en", "fa-AF"]), slug: { _type: "slug", current: "hotlines" } };
    expect(errors(await validate(sameSlug)).map((marker) => marker.path)).toEqual([["slug"]]);
    const otherCampaign = { ...sameSlug, campaign: { _type: "reference", _ref: "campaign-other" } };
    expect(errors(await validate(otherCampaign))).toEqual([]);
  });

  it("skips the locale check when the campaign cannot be read", async () => {
    mockServer.use(
      http.get(`https://${PROJECT_ID}.api.sanity.io/:version/data/query/:dataset`, () =>
        HttpResponse.json({ error: { description: "forbidden" } }, { status: 403 }),
      ),
    );
    expect(errors(await validate(page))).toEqual([]);
  });
});

describe("site settings validation in the Studio", () => {
  const settings = {
    _id: "siteSettings",
    _type: "siteSettings",
    organizationName: localized(["en"]),
    defaultLocaleByCountry: [
      { _key: "kg", country: "KG", locale: "ky" },
      { _key: "af", country: "AF", locale: "fa-AF" },
    ],
    quickExitUrl: "https://www.google.com/search?q=weather",
    footerText: localized(["en"]),
    privacyNotice: localized(["en"]),
  };

  it("accepts English-only settings, warning about the other locales", async () => {
    const markers = await validate(settings);
    expect(errors(markers)).toEqual([]);
    expect(markers.map((marker) => marker.path.join("."))).toEqual(["organizationName", "footerText", "privacyNotice"]);
  });

  it.each([
    [{ quickExitUrl: "http://example.org" }, "quickExitUrl", "Give an https address for the quick exit button"],
    [{ smsNumber: "+0123" }, "smsNumber", "Use E.164, e.g. +996312000000"],
    [
      {
        defaultLocaleByCountry: [
          { _key: "a", country: "KG", locale: "ky" },
          { _key: "b", country: "KG", locale: "ru" },
        ],
      },
      "defaultLocaleByCountry",
      "Each country once (repeated: KG)",
    ],
    [{ privacyNotice: localized(["ru"]) }, "privacyNotice", "Write the privacy notice at least in English (en)"],
  ])("rejects %j at %s", async (change, fieldPath, message) => {
    const markers = errors(await validate({ ...settings, ...change }));
    expect(markers.map((marker) => [marker.path.join("."), marker.message])).toEqual([[fieldPath, message]]);
  });
});
