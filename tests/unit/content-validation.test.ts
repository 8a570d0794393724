/**
 * Content is never trusted: an invalid document is skipped and logged (id, type, problem), an
 * invalid list element is dropped from its document, and everything else is still served.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createContentSource } from "~/content/content-source.server";
import { createLocalBackend } from "~/content/local-backend.server";
import { describeZodError, parseDocuments, withoutNullFields } from "~/content/parse-documents.server";
import { hotlineSchema } from "~/content/schemas";
import {
  BROKEN_DATASET_DIR,
  FIXTURE_TODAY,
  WARN,
  captureLogs,
  copyDataset,
  localEnv,
  sanityEnv,
  type DatasetCopy,
} from "../fixtures/content";
import { createSanityQueryHandlers } from "../mocks/sanity";
import { mockServer } from "../mocks/server";

function brokenSource(backend: "local" | "sanity") {
  const { logger, entries } = captureLogs();
  if (backend === "sanity") mockServer.use(...createSanityQueryHandlers({ datasetDir: BROKEN_DATASET_DIR }));
  const env = backend === "sanity" ? sanityEnv() : localEnv({ CONTENT_DATASET_DIR: BROKEN_DATASET_DIR });
  return { content: createContentSource({ env, logger }), entries };
}

describe.each(["local", "sanity"] as const)("invalid content through the %s backend", (backend) => {
  it("skips a hotline without any number, logs its id, and returns the others", async () => {
    const { content, entries } = brokenSource(backend);
    const hotlines = await content.hotlines("en", ["KG"]);
    expect(hotlines.map((h) => h._id)).toEqual(["hotline-kg-national", "hotline-kg-osh", "hotline-kg-sample"]);
    const warnings = entries.filter((e) => e.level === WARN);
    expect(warnings).toEqual([
      expect.objectContaining({
        msg: "skipped invalid content document",
        query: "hotlines",
        _id: "hotline-kg-no-numbers",
        _type: "hotline",
        problem: "(document): needs at least one number",
      }),
    ]);
  });

  it("drops an invalid landing-page section but serves the rest of the campaign", async () => {
    const { content, entries } = brokenSource(backend);
    const campaign = await content.campaign("en", "safe-work", FIXTURE_TODAY);
    expect(campaign?.sections.map((s) => s._key)).toEqual(["story", "signs", "myths", "steps", "help", "cta", "faq"]);
    expect(entries.filter((e) => e.level === WARN)).toEqual([
      expect.objectContaining({
        msg: "skipped invalid content element",
        _id: "campaign-safe-work",
        _type: "campaign",
        element: "sections[broken-faq]",
        problem: expect.stringContaining("items"),
      }),
    ]);
  });

  it("skips a campaign missing its title from the list and answers null for it", async () => {
    const { content, entries } = brokenSource(backend);
    const live = await content.liveCampaigns("en", FIXTURE_TODAY);
    expect(live.map((c) => c.slug)).toEqual(["english-only", "safe-work"]);
    expect(await content.campaign("en", "no-title", FIXTURE_TODAY)).toBeNull();
    const warned = entries.filter((e) => e.level === WARN && e._id === "campaign-no-title");
    expect(warned[0]).toMatchObject({ _type: "campaign", problem: expect.stringMatching(/^title: /) });
  });
});

describe("logging of invalid content", () => {
  let copy: DatasetCopy | undefined;
  afterEach(async () => {
    await copy?.remove();
    copy = undefined;
  });

  it("warns once per problem, not on every fetch, and again after an invalidation", async () => {
    const { content, entries } = brokenSource("local");
    // TTL is 60 s by default; different locales are different cache entries and fetches.
    await content.hotlines("en");
    await content.hotlines("ru");
    await content.hotlines("fa-AF");
    const count = () => entries.filter((e) => e._id === "hotline-kg-no-numbers").length;
    expect(count()).toBe(1);
    content.invalidate();
    await content.hotlines("en");
    expect(count()).toBe(2);
  });

  it("never logs the content itself", async () => {
    const { content, entries } = brokenSource("local");
    await content.hotlines("en");
    await content.campaign("en", "safe-work", FIXTURE_TODAY);
    const logged = JSON.stringify(entries);
    expect(logged).not.toContain("Hotline without numbers");
    expect(logged).not.toContain("Empty FAQ");
  });

  it("drops a hotline's reference to a region that no longer exists, keeping the hotline", async () => {
    copy = await copyDataset();
    await copy.update("hotline-kg-osh", (hotline) => {
      hotline.regions = [
        { _type: "reference", _ref: "region-KG-O", _key: "a" },
        { _type: "reference", _ref: "region-deleted", _key: "b" },
      ];
    });
    const { logger } = captureLogs();
    const content = createContentSource({ env: localEnv(), logger, backend: createLocalBackend({ datasetDir: copy.dir }) });
    const osh = (await content.hotlines("en", ["KG"])).find((h) => h._id === "hotline-kg-osh");
    expect(osh?.regions).toEqual([{ code: "KG-O", name: "Osh Region" }]);
  });

  it("skips a section type the app does not know (a Studio change ahead of the app)", async () => {
    copy = await copyDataset();
    await copy.update("campaign-safe-work", (campaign) => {
      (campaign.sections as unknown[]).push({ _key: "video", _type: "videoSection", url: "https://example.org" });
    });
    const { logger, entries } = captureLogs();
    const content = createContentSource({ env: localEnv(), logger, backend: createLocalBackend({ datasetDir: copy.dir }) });
    const campaign = await content.campaign("en", "safe-work", FIXTURE_TODAY);
    expect(campaign?.sections).toHaveLength(7);
    expect(entries.find((e) => e.element === "sections[video]")).toMatchObject({ _id: "campaign-safe-work" });
  });
});

describe("parseDocuments", () => {
  const report = () => {
    const problems: unknown[] = [];
    return { problems, options: { query: "test", report: (p: unknown) => void problems.push(p) } };
  };

  it("reports a non-array result instead of throwing", () => {
    const { problems, options } = report();
    expect(parseDocuments({ _id: "x" }, hotlineSchema, options)).toEqual([]);
    expect(problems).toEqual([{ query: "test", _id: null, _type: null, problem: "query result is not an array" }]);
  });

  it("treats null and missing fields alike", () => {
    expect(withoutNullFields({ a: null, b: { c: null, d: 1 }, e: [null, { f: null }] })).toEqual({
      b: { d: 1 },
      e: [null, {}],
    });
  });

  it("describes zod problems as path: message", () => {
    const result = hotlineSchema.safeParse({ _id: "h", organization: "" });
    expect(result.success).toBe(false);
    if (!result.success) expect(describeZodError(result.error)).toMatch(/^organization: .+; country: /);
  });
});
