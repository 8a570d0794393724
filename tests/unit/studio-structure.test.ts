/**
 * The Studio's navigation and document rules as the Studio resolves them (no browser): site
 * settings as one fixed document that cannot be created or duplicated, the hotline work lists,
 * pages by campaign, regions by country.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { http, HttpResponse } from "msw";
import { beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../../studio/node_modules/@sanity/client";
import { createWorkspaceFromConfig, type Config, type Source } from "../../studio/node_modules/sanity";
import { createStructureBuilder, type StructureResolver } from "../../studio/node_modules/sanity/lib/structure.js";
import { STALE_HOTLINE_FILTER } from "../../studio/schemaTypes/lib/hotlineWarnings";
import { mockServer } from "../mocks/server";

const PROJECT_ID = "studiotest";
const studioDir = fileURLToPath(new URL("../../studio/", import.meta.url));

/**
 * Loads a Studio module by a computed path, so the root type check does not compile it: these
 * modules hand @sanity/icons components (React 19 types) to the structure builder, which the root
 * program reads with React 18's global `React` namespace. The Studio's own `tsc` checks them.
 */
async function loadStudioModule<T>(file: string): Promise<T> {
  return (await import(path.join(studioDir, file))) as T;
}

/** A serialized structure node, as far as these tests read it. */
interface StructureNode {
  id: string;
  type: string;
  title?: string;
  items?: StructureNode[];
  child?: unknown;
  schemaType?: string | { name: string };
  options?: { id?: string; type?: string; filter?: string; params?: Record<string, unknown> };
  initialValueTemplates?: { templateId: string; parameters?: Record<string, unknown> }[];
}

interface Serializable {
  serialize(options?: { path: string[] }): StructureNode;
}

let source: Source;
let root: StructureNode;

async function resolveChild(node: StructureNode, id: string): Promise<StructureNode> {
  const item = node.items?.find((candidate) => candidate.id === id) ?? node;
  let child = item.child;
  if (typeof child === "function") {
    child = await (child as (id: string, context: object) => unknown)(id, { parent: node, index: 0, splitIndex: 0, path: [], params: {} });
  }
  if (child && typeof (child as Serializable).serialize === "function") return (child as Serializable).serialize({ path: [] });
  return child as StructureNode;
}

beforeAll(async () => {
  mockServer.use(
    // A signed-in Studio registers its schema with the project (and ignores a failure to do so).
    http.post(`https://${PROJECT_ID}.api.sanity.io/:version/descriptors/*`, () => new HttpResponse(null, { status: 404 })),
  );
  const { default: config } = await loadStudioModule<{ default: Config }>("sanity.config.ts");
  const { structure } = await loadStudioModule<{ structure: StructureResolver }>("structure.ts");
  const client = createClient({ projectId: PROJECT_ID, dataset: "production", apiVersion: "2025-02-19", useCdn: false });
  const workspace = await createWorkspaceFromConfig({
    ...(config as Exclude<Config, unknown[]>),
    projectId: PROJECT_ID,
    currentUser: {
      id: "editor",
      name: "Editor",
      email: "editor@example.org",
      role: "editor",
      roles: [{ name: "editor", title: "Editor" }],
    },
    getClient: () => client,
  });
  source = workspace.unstable_sources[0]!;
  const S = createStructureBuilder({ source, perspectiveStack: ["drafts"] });
  root = (structure(S, { ...source, documentStore: {} } as never) as Serializable).serialize({ path: [] });
});

describe("studio structure", () => {
  it("lists settings, campaigns, pages, hotlines, regions and volunteer missions", () => {
    expect(root.items?.filter((item) => item.type !== "divider").map((item) => item.title)).toEqual([
      "Site settings",
      "Campaigns",
      "Pages",
      "Hotlines",
      "Regions",
      "Volunteer missions",
      "Messaging",
    ]);
  });

  it("opens site settings as the one document with id siteSettings", async () => {
    const settings = await resolveChild(root, "siteSettings");
    expect(settings).toMatchObject({ type: "document", options: { id: "siteSettings", type: "siteSettings" } });
  });

  it("lists hotlines not verified for 180 days and sample hotlines", async () => {
    const hotlines = await resolveChild(root, "hotlines");
    const stale = await resolveChild(hotlines, "notVerifiedFor180Days");
    expect(stale.options?.filter).toBe(STALE_HOTLINE_FILTER);
    const samples = await resolveChild(hotlines, "sampleHotlines");
    expect(samples.options?.filter).toBe('_type == "hotline" && isSample == true');
  });

  it("lists regions by country", async () => {
    const regions = await resolveChild(root, "regions");
    expect(regions.items?.map((item) => item.id)).toEqual(["KG", "KZ", "TJ", "UZ", "AF", "PK", "IQ"].map((code) => `regions-${code}`));
    const kyrgyzstan = await resolveChild(regions, "regions-KG");
    expect(kyrgyzstan.options).toMatchObject({ filter: '_type == "region" && country == $country', params: { country: "KG" } });
  });

  it("lists a campaign's pages and creates new ones in that campaign", async () => {
    const byCampaign = await resolveChild(await resolveChild(root, "pages"), "byCampaign");
    const pages = await resolveChild(byCampaign, "campaign-safe-work");
    expect(pages.options).toMatchObject({
      filter: '_type == "page" && campaign._ref == $campaignId',
      params: { campaignId: "campaign-safe-work" },
    });
    expect(pages.initialValueTemplates).toMatchObject([
      { templateId: "page-in-campaign", parameters: { campaignId: "campaign-safe-work" } },
    ]);
    const template = source.templates.find((candidate) => candidate.id === "page-in-campaign");
    const value = typeof template?.value === "function" ? await template.value({ campaignId: "c1" }, {} as never) : template?.value;
    expect(value).toEqual({ campaign: { _type: "reference", _ref: "c1" } });
  });
});

describe("studio document rules", () => {
  it("offers no way to create another site settings document", () => {
    expect(source.templates.map((template) => template.schemaType)).not.toContain("siteSettings");
    const options = source.document.resolveNewDocumentOptions({ type: "global" });
    expect(options.map((option) => option.templateId).sort()).toEqual([
      "broadcast",
      "campaign",
      "hotline",
      "keyword",
      "mission",
      "page",
      "region",
      "sequence",
    ]);
  });

  it("lets site settings be published or reverted, never duplicated or deleted", () => {
    const actions = source.document.actions({ schemaType: "siteSettings", documentId: "siteSettings" } as never);
    expect(actions.map((action) => action.action).sort()).toEqual(["discardChanges", "publish", "restore"]);
    const campaignActions = source.document.actions({ schemaType: "campaign", documentId: "c" } as never);
    expect(campaignActions.map((action) => action.action)).toEqual(expect.arrayContaining(["duplicate", "delete"]));
  });
});
