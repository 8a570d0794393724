/**
 * `campaigns:check`'s logic: the shipped datasets pass, and each kind of problem, planted in a
 * copy of the valid fixture, is reported with its file, line and document id.
 */
import { appendFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  checkDataset,
  formatDatasetProblems,
  formatDatasetSamples,
  formatDatasetSummary,
  type DatasetProblem,
} from "~/content/dataset-check.server";
import { findLocaleGaps } from "~/content/dataset-walk.server";
import {
  BROKEN_DATASET_DIR,
  FIXTURE_TODAY,
  SAMPLE_DATASET_DIR,
  VALID_DATASET_DIR,
  copyDataset,
  type DatasetCopy,
} from "../fixtures/content";

type Doc = Record<string, unknown>;
const sections = (doc: Doc) => doc.sections as Doc[];

describe("datasets that pass", () => {
  it("the valid fixture has no problems", async () => {
    const report = await checkDataset({ dir: VALID_DATASET_DIR, today: FIXTURE_TODAY });
    expect(formatDatasetProblems(report.problems)).toBe("");
    expect(formatDatasetSummary(report)).toBe(
      "14 documents (campaign 4, hotline 4, page 2, region 3, siteSettings 1); locales: en, ru, fa-AF",
    );
  });

  it("the sample dataset (campaigns/) has no problems, and all its broadcasts, sequences and hotlines are marked sample", async () => {
    const report = await checkDataset({ dir: SAMPLE_DATASET_DIR });
    expect(formatDatasetProblems(report.problems)).toBe("");
    expect(report.documentsByType.campaign).toBeGreaterThan(0);
    expect(report.documentsByType.hotline).toBeGreaterThan(0);
    const marked = (type: string) => report.samples.filter((sample) => sample._type === type).length;
    for (const type of ["broadcast", "sequence", "hotline"]) expect(marked(type), type).toBe(report.documentsByType[type]);
    // Every query in every locale over the whole sample dataset: slow on a loaded two-core machine.
  }, 120_000);
});

describe("sample content", () => {
  it("lists sample broadcasts and sequences one per line and counts sample hotlines", () => {
    expect(
      formatDatasetSamples([
        { _id: "broadcast-a", _type: "broadcast", title: "Sample: weekly tip" },
        { _id: "hotline-kg", _type: "hotline", title: "Sample helpline" },
        { _id: "sequence-b", _type: "sequence" },
        { _id: "hotline-af", _type: "hotline" },
      ]),
    ).toBe(
      [
        "Sample content (isSample: true):",
        "  broadcasts and sequences sent only to the dev phone of a development site, never through Twilio or in production:",
        "    broadcast  broadcast-a  Sample: weekly tip",
        "    sequence   sequence-b",
        "  2 sample hotline(s): numbers that reach nobody, never shown in production",
      ].join("\n"),
    );
    expect(formatDatasetSamples([])).toBe("");
  });

  it("reports the valid fixture's two sample hotlines", async () => {
    const report = await checkDataset({ dir: VALID_DATASET_DIR, today: FIXTURE_TODAY });
    expect(report.samples.map((sample) => sample._type)).toEqual(["hotline", "hotline"]);
  });
});

describe("the broken fixture", () => {
  it("reports exactly what the site would skip", async () => {
    const { problems } = await checkDataset({ dir: BROKEN_DATASET_DIR, today: FIXTURE_TODAY });
    const ids = [...new Set(problems.map((p) => p._id))].sort();
    expect(ids).toEqual(["campaign-no-title", "campaign-safe-work", "hotline-kg-no-numbers"]);
    expect(problems).toContainEqual({
      file: path.join(BROKEN_DATASET_DIR, "dataset.ndjson"),
      line: 9,
      _id: "campaign-safe-work",
      problem: "skipped by campaign query (en, ru, fa-AF): sections[broken-faq]: items: Too small: expected array to have >=1 items",
    });
  });
});

describe("each kind of problem", () => {
  let copy: DatasetCopy | undefined;
  afterEach(async () => {
    await copy?.remove();
    copy = undefined;
  });

  async function problemsAfter(change: (documents: Doc[]) => Doc[] | void): Promise<DatasetProblem[]> {
    copy = await copyDataset();
    const documents = await copy.read();
    await copy.write(change(documents) ?? documents);
    return (await checkDataset({ dir: copy.dir, today: FIXTURE_TODAY })).problems;
  }
  const byId = (documents: Doc[], id: string) => {
    const found = documents.find((d) => d._id === id);
    if (!found) throw new Error(`fixture has no ${id}`);
    return found;
  };

  it.each<[string, (documents: Doc[]) => Doc[] | void, string | undefined, RegExp]>([
    ["missing _id", (docs) => [...docs, { _type: "region", code: "KG-B" }], undefined, /^missing _id$/],
    ["missing _type", (docs) => [...docs, { _id: "orphan" }], "orphan", /^missing _type$/],
    ["unknown _type", (docs) => [...docs, { _id: "banner-1", _type: "banner" }], "banner-1", /^unknown _type "banner"$/],
    [
      "duplicate _id",
      (docs) => [...docs, { ...byId(docs, "region-KG-C") }],
      "region-KG-C",
      /^duplicate _id \(first at .*dataset\.ndjson:2\)$/,
    ],
    [
      "unresolved reference",
      (docs) => void (byId(docs, "hotline-kg-osh").regions = [{ _type: "reference", _ref: "region-KG-Z", _key: "z" }]),
      "hotline-kg-osh",
      /^regions\[_key=="z"\]: unresolved reference to "region-KG-Z"$/,
    ],
    [
      "reference from a published document to a draft only",
      (docs) => void (byId(docs, "page-your-rights").campaign = { _type: "reference", _ref: "drafts.campaign-new" }),
      "page-your-rights",
      /^campaign: unresolved reference to "drafts\.campaign-new"$/,
    ],
    [
      "duplicate _key",
      (docs) => void sections(byId(docs, "campaign-safe-work")).push({ ...sections(byId(docs, "campaign-safe-work"))[0] }),
      "campaign-safe-work",
      /^sections: duplicate _key "story"$/,
    ],
    [
      "missing _key",
      (docs) => void delete (sections(byId(docs, "campaign-safe-work"))[1]!.items as Doc[])[0]!._key,
      "campaign-safe-work",
      /^sections\[_key=="signs"\]\.items\[0\]: missing _key$/,
    ],
    [
      "a campaign field missing a declared locale",
      (docs) => void delete ((byId(docs, "campaign-safe-work").hero as Doc).heading as Doc).fa_AF,
      "campaign-safe-work",
      /^hero\.heading: missing fa-AF \(the campaign publishes them\)$/,
    ],
    [
      "a page field missing declared locales",
      (docs) => {
        const body = sections(byId(docs, "page-your-rights"))[0]!.body as Doc;
        body.ru = [];
        delete body.fa_AF;
      },
      "page-your-rights",
      /^sections\[_key=="story"\]\.body: missing ru, fa-AF/,
    ],
    [
      "a number not in E.164",
      (docs) => void (byId(docs, "hotline-kg-osh").phone = "0312 000 201"),
      "hotline-kg-osh",
      /^phone: not an E\.164 number/,
    ],
    [
      "a number of the wrong length",
      (docs) => void (byId(docs, "hotline-kg-osh").phone = "+99600000020"),
      "hotline-kg-osh",
      /^phone: not a possible KG number: too short$/,
    ],
    [
      "a real hotline's number in no assigned range",
      (docs) => void (byId(docs, "hotline-kg-national").whatsapp = "+996000000102"),
      "hotline-kg-national",
      /^whatsapp: not a valid KG number: no such number range$/,
    ],
    [
      "a trunk 0 kept after the country code",
      (docs) => void (byId(docs, "hotline-af-kabul").phone = "+930202000401"),
      "hotline-af-kabul",
      /^phone: a national \(trunk\) prefix after the country code: remove it$/,
    ],
    [
      "a hotline with no number",
      (docs) => void delete byId(docs, "hotline-kg-osh").phone,
      "hotline-kg-osh",
      /^hotline has no phone, sms, whatsapp or telegram number$/,
    ],
    [
      "an unknown region time zone",
      (docs) => void (byId(docs, "region-KG-C").timezone = "Asia/Bishkekk"),
      "region-KG-C",
      /^timezone: not an IANA time zone$/,
    ],
    [
      "a hotline time zone that is an offset",
      (docs) => void ((byId(docs, "hotline-kg-osh").hours as Doc).timezone = "UTC+6"),
      "hotline-kg-osh",
      /^hours\.timezone: not an IANA time zone$/,
    ],
    [
      "a malformed region code",
      (docs) => void (byId(docs, "region-KG-O").code = "KG-OSH1"),
      "region-KG-O",
      /^code: not an ISO 3166-2 code/,
    ],
    [
      "a region code of another country",
      (docs) => void (byId(docs, "region-KG-O").country = "KZ"),
      "region-KG-O",
      /^code: KG-O is not in country KZ$/,
    ],
    [
      "an unknown campaign locale",
      (docs) => void (byId(docs, "campaign-en-only").locales = ["en", "de"]),
      "campaign-en-only",
      /^locales: unknown locale "de"$/,
    ],
    [
      "a section the site would skip",
      (docs) => void (sections(byId(docs, "campaign-safe-work")).find((s) => s._key === "cta")!.action = "donate"),
      "campaign-safe-work",
      /^skipped by campaign query \(en, ru, fa-AF\): sections\[cta\]: action: /,
    ],
    [
      "a document the site would skip",
      (docs) => void (byId(docs, "hotline-af-kabul").lastVerifiedAt = "last week"),
      "hotline-af-kabul",
      /^skipped by hotlines query \(every locale\): lastVerifiedAt: /,
    ],
    [
      "a live campaign served in no declared locale",
      (docs) => void (byId(docs, "campaign-en-only").slug = { _type: "slug" }),
      "campaign-en-only",
      /^skipped by (liveCampaigns|campaign) query/,
    ],
    ["no site settings", (docs) => docs.filter((d) => d._type !== "siteSettings"), undefined, /^no published siteSettings document/],
  ])("reports %s", async (_kind, change, id, problem) => {
    const problems = await problemsAfter(change);
    const matching = problems.filter((p) => p._id === id && problem.test(p.problem));
    expect(matching, formatDatasetProblems(problems)).not.toEqual([]);
  });

  it("passes toll-free, UAN and landline numbers of real hotlines, and sample hotlines' unreachable numbers", async () => {
    const problems = await problemsAfter((docs) => {
      Object.assign(byId(docs, "hotline-kg-national"), { phone: "+996800123456", sms: null, whatsapp: "+996312624567" });
      Object.assign(byId(docs, "hotline-af-kabul"), { phone: "+9251111222333", telegram: "+77272581234" });
      expect(byId(docs, "hotline-kg-osh")).toMatchObject({ isSample: true, phone: "+996000000201" });
    });
    expect(formatDatasetProblems(problems)).toBe("");
  });

  it("reports a line that is not JSON with its file and line", async () => {
    copy = await copyDataset();
    await appendFile(copy.file, '{"_id": "half-written", \n');
    const { problems } = await checkDataset({ dir: copy.dir, today: FIXTURE_TODAY });
    expect(problems).toEqual([{ file: copy.file, line: 16, problem: expect.stringMatching(/^invalid JSON: /) }]);
  });

  it("gives the file and line of a document's problem", async () => {
    const problems = await problemsAfter((docs) => void (byId(docs, "region-KG-O").timezone = "Mars/Olympus"));
    expect(problems).toContainEqual({ file: copy!.file, line: 3, _id: "region-KG-O", problem: "timezone: not an IANA time zone" });
    expect(formatDatasetProblems(problems)).toContain(`${copy!.file}:3  region-KG-O  timezone: not an IANA time zone`);
  });

  it("checks only the structure of a draft (it is work in progress and never served)", async () => {
    const problems = await problemsAfter((docs) => [
      ...docs,
      { _id: "drafts.hotline-new", _type: "hotline", regions: [{ _type: "reference", _ref: "region-gone", _key: "g" }] },
    ]);
    // No complaint about its missing numbers or time zone, but its dangling reference is reported.
    expect(problems.filter((p) => p._id === "drafts.hotline-new").map((p) => p.problem)).toEqual([
      'regions[_key=="g"]: unresolved reference to "region-gone"',
    ]);
  });
});

describe("findLocaleGaps", () => {
  it("treats locale-keyed objects without _type as localized, but not the review status", () => {
    const document = {
      title: { en: "Title", ru: "" },
      reviewStatus: { en: "approved" },
      hero: { heading: { _type: "localeString", en: "Hi", ru: "Привет" } },
    };
    expect(findLocaleGaps(document, ["en", "ru"])).toEqual([{ path: "title", locales: ["ru"] }]);
  });
});
