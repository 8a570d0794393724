/**
 * The messaging part of the Studio as it resolves (no browser): the schema compiles with the
 * messaging types, their localized objects have one field per locale with the SMS counter or
 * right-to-left input, the Messaging navigation lists broadcasts by status, and SMS replies is one
 * fixed document that cannot be created, duplicated or deleted.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { groupProblems, validateSchema } from "@sanity/schema/_internal";
import { http, HttpResponse } from "msw";
import { beforeAll, describe, expect, it } from "vitest";
import { LOCALE_FIELD_KEYS, LOCALES as APP_LOCALES, direction } from "~/i18n/locales";
import { createClient } from "../../studio/node_modules/@sanity/client";
import { createWorkspaceFromConfig, type Config, type Source } from "../../studio/node_modules/sanity";
import { createStructureBuilder, type StructureResolver } from "../../studio/node_modules/sanity/lib/structure.js";
import { SmsSegmentInput } from "../../studio/inputs/SmsSegmentInput";
import { RightToLeftInput } from "../../studio/inputs/RightToLeftInput";
import { schemaTypes } from "../../studio/schemaTypes";
import { mockServer } from "../mocks/server";

const PROJECT_ID = "studiotest";
const studioDir = fileURLToPath(new URL("../../studio/", import.meta.url));

interface FieldDefinition {
  name: string;
  type: string;
  fields?: FieldDefinition[];
  of?: FieldDefinition[];
  components?: { input?: unknown };
}

const definitions = schemaTypes as unknown as FieldDefinition[];

function typeNamed(name: string): FieldDefinition {
  const found = definitions.find((type) => type.name === name);
  if (!found) throw new Error(`no schema type ${name}`);
  return found;
}

/** A Studio module loaded by a computed path (see studio-structure.test.ts for why). */
async function loadStudioModule<T>(file: string): Promise<T> {
  return (await import(path.join(studioDir, file))) as T;
}

interface StructureNode {
  id: string;
  type: string;
  title?: string;
  items?: StructureNode[];
  child?: unknown;
  options?: { id?: string; type?: string; filter?: string; params?: Record<string, unknown> };
}

interface Serializable {
  serialize(options?: { path: string[] }): StructureNode;
}

async function resolveChild(node: StructureNode, id: string): Promise<StructureNode> {
  const item = node.items?.find((candidate) => candidate.id === id);
  if (!item) throw new Error(`no item ${id} in ${node.id}: ${node.items?.map((candidate) => candidate.id).join(", ")}`);
  let child = item.child;
  if (typeof child === "function") {
    child = await (child as (id: string, context: object) => unknown)(id, { parent: node, index: 0, splitIndex: 0, path: [], params: {} });
  }
  if (child && typeof (child as Serializable).serialize === "function") return (child as Serializable).serialize({ path: [] });
  return child as StructureNode;
}

let source: Source;
let root: StructureNode;

beforeAll(async () => {
  mockServer.use(http.post(`https://${PROJECT_ID}.api.sanity.io/:version/descriptors/*`, () => new HttpResponse(null, { status: 404 })));
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

describe("messaging schema", () => {
  it("compiles without schema errors, messaging types included", () => {
    const problems = groupProblems(validateSchema(schemaTypes).getTypes())
      .flatMap((group) => group.problems.map((problem) => ({ path: group.path, ...problem })))
      .filter((problem) => problem.severity === "error");
    expect(problems).toEqual([]);
    const documents = definitions.filter((type) => type.type === "document").map((type) => type.name);
    expect(documents).toEqual(expect.arrayContaining(["keyword", "smsReplies", "broadcast", "sequence"]));
  });

  it("counts SMS segments under every locale of a localeSmsText", () => {
    const fields = typeNamed("localeSmsText").fields ?? [];
    expect(fields.map((field) => field.name)).toEqual([...LOCALE_FIELD_KEYS]);
    expect(fields.every((field) => field.type === "text" && field.components?.input === SmsSegmentInput)).toBe(true);
  });

  it("shows right-to-left keyword lists right to left", () => {
    const fields = typeNamed("localeKeywords").fields ?? [];
    const rtlKeys = APP_LOCALES.filter((locale) => direction(locale) === "rtl").map((locale) => locale.replace("-", "_"));
    expect(fields.filter((field) => field.components?.input === RightToLeftInput).map((field) => field.name)).toEqual(rtlKeys);
    expect(fields.every((field) => field.type === "array" && field.of?.[0]?.type === "string")).toBe(true);
  });

  it.each([
    ["keyword", "reply"],
    ["broadcast", "messages"],
    ["smsReplies", "confirmation"],
    ["smsReplies", "stopHint"],
  ])("%s.%s is a localeSmsText", (type, field) => {
    expect(typeNamed(type).fields?.find((candidate) => candidate.name === field)?.type).toBe("localeSmsText");
  });

  it("sequence steps carry a localeSmsText message", () => {
    const steps = typeNamed("sequence").fields?.find((field) => field.name === "steps");
    expect(steps?.of?.[0]?.fields?.map((field) => [field.name, field.type])).toEqual([
      ["dayOffset", "number"],
      ["message", "localeSmsText"],
      ["whatsappTemplate", "object"],
    ]);
  });
});

describe("messaging structure", () => {
  it("lists broadcasts by status and the sample ones, sequences, keywords and SMS replies", async () => {
    const messaging = await resolveChild(root, "messaging");
    expect(messaging.items?.map((item) => item.title)).toEqual(["Broadcasts", "Sequences", "Keywords", "SMS replies"]);
    const broadcasts = await resolveChild(messaging, "broadcasts");
    expect(broadcasts.items?.filter((item) => item.type !== "divider").map((item) => item.title)).toEqual([
      "Scheduled",
      "Drafts",
      "Paused",
      "Cancelled",
      "Samples",
      "All broadcasts",
    ]);
    const paused = await resolveChild(broadcasts, "broadcasts-paused");
    expect(paused.options).toMatchObject({ filter: '_type == "broadcast" && status == $status', params: { status: "paused" } });
    const samples = await resolveChild(broadcasts, "broadcasts-samples");
    expect(samples.options).toMatchObject({ filter: '_type == "broadcast" && isSample == true' });
  });

  it.each(["broadcast", "sequence"])("puts the %s's sample mark first, with its banner input, in every group", (type) => {
    const definition = typeNamed(type) as FieldDefinition & { groups?: { name: string }[] };
    const [first] = definition.fields ?? [];
    expect(first).toMatchObject({ name: "isSample", type: "boolean" });
    expect(first?.components?.input).toEqual(expect.any(Function));
    const groups = (definition.groups ?? []).map((group) => group.name);
    expect((first as { group?: string[] }).group ?? []).toEqual(groups);
  });

  it("opens SMS replies as the one document with id smsReplies", async () => {
    const replies = await resolveChild(await resolveChild(root, "messaging"), "smsReplies");
    expect(replies).toMatchObject({ type: "document", options: { id: "smsReplies", type: "smsReplies" } });
  });

  it("offers no way to create, duplicate or delete SMS replies", () => {
    expect(source.templates.map((template) => template.schemaType)).not.toContain("smsReplies");
    const creatable = source.document.resolveNewDocumentOptions({ type: "global" }).map((option) => option.templateId);
    expect(creatable).toEqual(expect.arrayContaining(["broadcast", "sequence", "keyword"]));
    const actions = source.document.actions({ schemaType: "smsReplies", documentId: "smsReplies" } as never);
    expect(actions.map((action) => action.action).sort()).toEqual(["discardChanges", "publish", "restore"]);
  });
});
