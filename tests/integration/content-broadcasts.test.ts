/**
 * Broadcasts and sequences through the content source, as the jobs read them: the sample dataset
 * through the local backend (groq-js over campaigns/) and through the Sanity backend
 * (@sanity/client against a Content Lake faked with msw), and malformed documents reported and
 * skipped rather than sent. The sample documents also pass the Studio's own validation, so an
 * import into Sanity shows editors no errors.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { http, HttpResponse } from "msw";
import { afterEach, describe, expect, it } from "vitest";
// The Studio's own install (React 19, sanity 5): the root cannot resolve these by bare name.
import { createClient } from "../../studio/node_modules/@sanity/client";
import { createWorkspaceFromConfig, validateDocument } from "../../studio/node_modules/sanity";
import { schemaTypes } from "../../studio/schemaTypes";
import type { BroadcastDocument, SequenceDocument } from "~/broadcasts/broadcast-spec";
import { DEFAULT_SEND_WINDOW } from "~/broadcasts/send-window";
import { createContentSource } from "~/content/content-source.server";
import { loadPublishedDataset, type RawDocument } from "~/content/local-dataset.server";
import { LOCALES } from "~/i18n/locales";
import { SAMPLE_DATASET_DIR, WARN, captureLogs, copyDataset, localEnv, sanityEnv, type DatasetCopy } from "../fixtures/content";
import { createSanityQueryHandlers } from "../mocks/sanity";
import { mockServer } from "../mocks/server";

function source(backend: "local" | "sanity", dir: string = SAMPLE_DATASET_DIR) {
  const { logger, entries } = captureLogs();
  if (backend === "sanity") mockServer.use(...createSanityQueryHandlers({ datasetDir: dir }));
  const env = backend === "sanity" ? sanityEnv() : localEnv({ CONTENT_DATASET_DIR: dir });
  return { content: createContentSource({ env, logger }), warnings: () => entries.filter((entry) => entry.level === WARN) };
}

async function sampleCampaigns(): Promise<RawDocument[]> {
  return (await loadPublishedDataset(SAMPLE_DATASET_DIR)).filter((document) => document._type === "campaign");
}

const slugOf = (campaign: RawDocument) => (campaign.slug as { current: string }).current;

describe.each(["local", "sanity"] as const)("the sample dataset through the %s backend", (backend) => {
  it("gives one scheduled, recurring sample broadcast per campaign, to the campaign's countries, in every locale it publishes", async () => {
    const { content, warnings } = source(backend);
    const broadcasts = await content.broadcasts();
    const campaigns = await sampleCampaigns();
    expect(broadcasts.map((broadcast) => broadcast.campaignSlug).sort()).toEqual(campaigns.map(slugOf).sort());
    for (const campaign of campaigns) {
      const broadcast = broadcasts.find((candidate) => candidate.campaignSlug === slugOf(campaign)) as BroadcastDocument;
      expect(broadcast).toMatchObject({
        fallbackLocale: campaign.fallbackLocale,
        channel: "sms",
        status: "scheduled",
        // A rule, not a date: the sample must not expire (a fixed date would be missed for good).
        schedule: { mode: "recurring", recurrence: expect.stringMatching(/^0 10 \* \* [0-6]$/) },
        sendWindow: DEFAULT_SEND_WINDOW,
        updatedAt: expect.any(String),
        isSample: true,
      });
      expect(broadcast.audience.countries).toEqual(campaign.countries);
      expect(Object.keys(broadcast.messages).sort()).toEqual([...(campaign.locales as string[])].sort());
      expect(broadcast.messages["fa-AF"]).toMatch(/\S/);
    }
    expect(warnings()).toEqual([]);
  });

  it("gives one active sample sequence per campaign: day 0, 3 and 7, in every locale it publishes", async () => {
    const { content, warnings } = source(backend);
    const sequences = await content.sequences();
    const campaigns = await sampleCampaigns();
    expect(sequences.map((sequence) => sequence.campaignSlug).sort()).toEqual(campaigns.map(slugOf).sort());
    for (const campaign of campaigns) {
      const sequence = sequences.find((candidate) => candidate.campaignSlug === slugOf(campaign)) as SequenceDocument;
      expect(sequence).toMatchObject({
        active: true,
        isSample: true,
        fallbackLocale: campaign.fallbackLocale,
        sendWindow: DEFAULT_SEND_WINDOW,
      });
      expect(sequence.steps.map((step) => step.dayOffset)).toEqual([0, 3, 7]);
      for (const step of sequence.steps) {
        expect(Object.keys(step.messages).sort()).toEqual([...(campaign.locales as string[])].sort());
        expect(step.whatsappTemplate).toBeNull();
      }
    }
    expect(warnings()).toEqual([]);
  });
});

it("both backends give the same broadcasts and sequences", async () => {
  const local = source("local").content;
  const sanity = source("sanity").content;
  expect(await sanity.broadcasts()).toEqual(await local.broadcasts());
  expect(await sanity.sequences()).toEqual(await local.sequences());
});

it("the sample broadcasts and sequences pass the Studio's validation, with the sample warning as their only marker", async () => {
  const projectId = "studiotest";
  mockServer.use(
    // Validation reads each message's campaign (fallback and published locales) from the Content Lake.
    ...createSanityQueryHandlers({ datasetDir: SAMPLE_DATASET_DIR }),
    http.post(`https://${projectId}.api.sanity.io/:version/descriptors/*`, () => new HttpResponse(null, { status: 404 })),
  );
  const client = createClient({ projectId, dataset: "production", apiVersion: "2025-02-19", useCdn: false, maxRetries: 0 });
  const workspace = await createWorkspaceFromConfig({
    name: "default",
    projectId,
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
  const documents = (await loadPublishedDataset(SAMPLE_DATASET_DIR)).filter((d) => d._type === "broadcast" || d._type === "sequence");
  expect(documents).toHaveLength(4);
  for (const document of documents) {
    const markers = await validateDocument({
      document: { _rev: "r1", ...document } as never,
      workspace,
      environment: "studio",
      getDocumentExists: async () => true,
    });
    expect(
      markers.map(({ level, message, path: at }) => ({ level, message, at })),
      document._id,
    ).toEqual([
      { level: "warning", message: expect.stringMatching(/^Sample (broadcast|sequence): sent only to the dev phone/), at: ["isSample"] },
    ]);
  }
});

describe("malformed broadcasts and sequences through the Sanity backend", () => {
  let copy: DatasetCopy | undefined;
  afterEach(async () => {
    await copy?.remove();
    copy = undefined;
  });

  const campaign = { _type: "reference", _ref: "campaign-know-before-you-go" };
  const stamp = { _createdAt: "2026-12-01T09:00:00Z", _updatedAt: "2026-12-01T09:00:00Z" };
  const text = (fields: Record<string, string>) => ({ _type: "localeSmsText", ...fields });
  const broadcast = (id: string, fields: Record<string, unknown>) => ({
    _id: id,
    _type: "broadcast",
    ...stamp,
    title: id,
    campaign,
    messages: text({ en: "Check your contract before you sign." }),
    channel: "sms",
    schedule: { mode: "at", sendAt: "2027-05-01T10:00" },
    status: "scheduled",
    ...fields,
  });

  async function withExtraDocuments(documents: readonly Record<string, unknown>[]): Promise<string> {
    copy = await copyDataset(SAMPLE_DATASET_DIR);
    await writeFile(path.join(copy.dir, "zz-broken.ndjson"), documents.map((document) => JSON.stringify(document)).join("\n"));
    return copy.dir;
  }

  it("reports each invalid broadcast by id and problem, skips it, and serves the rest", async () => {
    const dir = await withExtraDocuments([
      broadcast("broadcast-no-fallback-text", { messages: text({ ru: "Проверьте договор.", en: "  " }) }),
      broadcast("broadcast-bad-cron", { schedule: { mode: "recurring", recurrence: "0 10 * * EVERYDAY" } }),
      broadcast("broadcast-deleted-region", {
        audience: { countries: ["KG"], regions: [{ _key: "r", _type: "reference", _ref: "region-gone", _weak: true }] },
      }),
      broadcast("broadcast-valid-recurring", { schedule: { mode: "recurring", recurrence: "0 10 * * 1" }, channel: "whatsapp" }),
      // Neither sample nor real can be told from a string: refused, so never sent.
      broadcast("broadcast-sample-mistyped", { isSample: "true" }),
      // Neither is for the jobs: a draft document, and a published broadcast still in status draft.
      broadcast("drafts.broadcast-valid-recurring", { messages: text({}) }),
      broadcast("broadcast-status-draft", { status: "draft", messages: text({}) }),
    ]);
    const { content, warnings } = source("sanity", dir);
    const broadcasts = await content.broadcasts();
    expect(broadcasts.map((b) => [b.id, b.isSample])).toEqual([
      ["broadcast-know-before-you-go-sample", true],
      ["broadcast-safe-journeys-sample", true],
      // No mark at all: a real broadcast.
      ["broadcast-valid-recurring", false],
    ]);
    expect(warnings()).toEqual([
      expect.objectContaining({
        msg: "skipped invalid content document",
        query: "broadcasts",
        _id: "broadcast-bad-cron",
        problem: expect.stringMatching(/schedule\.recurrence: cron "0 10 \* \* EVERYDAY": .*illegal characters/),
      }),
      expect.objectContaining({
        query: "broadcasts",
        _id: "broadcast-deleted-region",
        problem: expect.stringContaining("audience.regionCodes.0: a region reference resolves to no region code"),
      }),
      expect.objectContaining({
        query: "broadcasts",
        _id: "broadcast-no-fallback-text",
        problem: expect.stringContaining("messages.en: no text in the campaign's fallback locale (en)"),
      }),
      expect.objectContaining({
        query: "broadcasts",
        _id: "broadcast-sample-mistyped",
        problem: expect.stringContaining("isSample: must be true or false"),
      }),
    ]);
    // Reports say where and why, never what the message says.
    expect(JSON.stringify(warnings())).not.toContain("Проверьте");
  });

  it("drops a sequence step without fallback text, reporting it, and skips a sequence with no usable step", async () => {
    const dir = await withExtraDocuments([
      {
        _id: "sequence-broken-step",
        _type: "sequence",
        title: "Broken step",
        campaign,
        active: true,
        steps: [
          { _key: "d0", _type: "sequenceStep", dayOffset: 0, message: text({ en: "Welcome." }) },
          { _key: "d3", _type: "sequenceStep", dayOffset: 3, message: text({ ru: "Только по-русски" }) },
        ],
      },
      {
        _id: "sequence-no-campaign",
        _type: "sequence",
        title: "No campaign",
        active: true,
        steps: [{ _key: "d0", _type: "sequenceStep", dayOffset: 0, message: text({ en: "Hi" }) }],
      },
    ]);
    const { content, warnings } = source("sanity", dir);
    const sequences = await content.sequences();
    const broken = sequences.find((sequence) => sequence.id === "sequence-broken-step");
    expect(broken?.steps.map((step) => step.key)).toEqual(["d0"]);
    expect(sequences.map((sequence) => sequence.id)).not.toContain("sequence-no-campaign");
    expect(warnings()).toEqual([
      expect.objectContaining({
        msg: "skipped invalid content element",
        query: "sequences",
        _id: "sequence-broken-step",
        element: "steps[d3]",
      }),
      expect.objectContaining({
        msg: "skipped invalid content document",
        query: "sequences",
        _id: "sequence-no-campaign",
        problem: expect.stringMatching(/^campaignSlug: /),
      }),
    ]);
  });

  it("keeps every locale of the sample texts (no locale lost between Studio keys and locale codes)", async () => {
    const { content } = source("sanity");
    const [first] = await content.broadcasts();
    expect(Object.keys(first?.messages ?? {}).sort()).toEqual([...LOCALES].sort());
  });
});
