/**
 * Messaging documents (keyword, smsReplies, broadcast, sequence) validated by Sanity's own
 * `validateDocument` against the Studio's schema, as editors meet the rules in the Studio. The
 * Content Lake queries the rules make (other keywords, the campaign's fallback locale) are
 * answered by the msw fake at the network edge, from a small dataset written for these tests.
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
import { broadcastType } from "../../studio/schemaTypes/broadcastType";
import { keywordType } from "../../studio/schemaTypes/keywordType";
import { sequenceType } from "../../studio/schemaTypes/sequenceType";
import { createSanityQueryHandlers, type SanityQueryLogEntry } from "../mocks/sanity";
import { mockServer } from "../mocks/server";

const PROJECT_ID = "studiotest";
const QUERY_URL = `https://${PROJECT_ID}.api.sanity.io/:version/data/query/:dataset`;

let datasetDir: string;
let workspace: Workspace;
let queries: SanityQueryLogEntry[] = [];

const ref = (id: string) => ({ _type: "reference", _ref: id });

beforeAll(async () => {
  datasetDir = await mkdtemp(path.join(tmpdir(), "studio-messaging-"));
  const documents = [
    { _id: "campaign-ru", _type: "campaign", locales: ["ru", "ky", "en"], fallbackLocale: "ru", slug: { _type: "slug", current: "ru" } },
    // No fallbackLocale: the campaign type's initial value, en, applies.
    { _id: "campaign-af", _type: "campaign", locales: ["en", "fa-AF", "ps"], slug: { _type: "slug", current: "af" } },
    { _id: "keyword-help", _type: "keyword", intent: "help", words: { _type: "localeKeywords", en: ["NGO", "Lawyer"], ru: ["ЮРИСТ"] } },
    {
      _id: "keyword-safe",
      _type: "keyword",
      intent: "join",
      words: { _type: "localeKeywords", en: ["SAFE"] },
      campaign: ref("campaign-ru"),
    },
  ];
  await writeFile(path.join(datasetDir, "dataset.ndjson"), documents.map((doc) => JSON.stringify(doc)).join("\n"));
  const client = createClient({ projectId: PROJECT_ID, dataset: "production", apiVersion: "2025-02-19", useCdn: false, maxRetries: 0 });
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
  queries = [];
  mockServer.use(
    ...createSanityQueryHandlers({ datasetDir, onQuery: (entry) => void queries.push(entry) }),
    // A signed-in Studio registers its schema with the project (and ignores a failure to do so).
    http.post(`https://${PROJECT_ID}.api.sanity.io/:version/descriptors/*`, () => new HttpResponse(null, { status: 404 })),
  );
});

type Marker = { level: string; message: string; path: unknown[] };

async function validate(document: Record<string, unknown>): Promise<Marker[]> {
  const markers = await validateDocument({
    document: { _createdAt: "2026-01-01T00:00:00Z", _updatedAt: "2026-01-01T00:00:00Z", _rev: "r1", ...document } as never,
    workspace,
    environment: "studio",
    getDocumentExists: async () => true,
  });
  return markers.map(({ level, message, path: markerPath }) => ({ level, message, path: markerPath }));
}

const errors = (markers: Marker[]) => markers.filter((marker) => marker.level === "error");
const warnings = (markers: Marker[]) => markers.filter((marker) => marker.level === "warning");
const at = (markers: Marker[]) =>
  markers.map((marker) => [
    marker.path.map((segment) => (typeof segment === "object" ? `[${(segment as { _key: string })._key}]` : String(segment))).join("."),
    marker.message,
  ]);

function sms(texts: Record<string, string>) {
  return { _type: "localeSmsText", ...texts };
}

/** Makes the query API refuse every query, as it does without read access. */
function refuseQueries() {
  mockServer.use(http.get(QUERY_URL, () => HttpResponse.json({ error: { description: "forbidden" } }, { status: 403 })));
}

describe("keyword validation in the Studio", () => {
  const keyword = {
    _id: "drafts.keyword-new",
    _type: "keyword",
    intent: "join",
    words: { _type: "localeKeywords", en: ["JOIN2", "Safe work"], ky: ["КОРГОО"] },
  };

  it("accepts new words, warning only about a word with a space", async () => {
    expect(await validate(keyword)).toEqual([
      {
        level: "warning",
        message: "Contains a space: people must then type the whole phrase exactly. Keep it only if that is deliberate.",
        path: ["words", "en", 1],
      },
    ]);
  });

  it("refuses a word another keyword document uses for another intent, found through the Content Lake", async () => {
    const markers = await validate({ ...keyword, words: { _type: "localeKeywords", ru: ["JOIN2", "юрист!"] } });
    expect(at(errors(markers))).toEqual([["words.ru.1", '"юрист!" is already a help (hotlines) word in another keyword document']]);
    // The rule asked the Content Lake for the other intents' keywords, leaving this document out.
    const lookup = queries.find((entry) => entry.query.includes('_type == "keyword"'));
    expect(lookup?.params).toEqual({ id: "keyword-new", intent: "join" });
  });

  it("allows the same word in another document of the same intent", async () => {
    const help = { ...keyword, intent: "help", words: { _type: "localeKeywords", en: ["lawyer"] } };
    expect(errors(await validate(help))).toEqual([]);
    // …and the help document itself, edited to another intent, does not conflict with its own words.
    const ownDraft = { _id: "drafts.keyword-help", _type: "keyword", intent: "delete", words: { _type: "localeKeywords", en: ["NGO"] } };
    expect(errors(await validate(ownDraft))).toEqual([]);
  });

  it("refuses built-in words of other intents, even when other keywords cannot be read", async () => {
    refuseQueries();
    const join = { ...keyword, words: { _type: "localeKeywords", en: ["Stop", "help"], tg: ["ист"] } };
    expect(at(errors(await validate(join)))).toEqual([
      ["words.en.0", '"Stop" is a built-in opt-out word: it always stops messages'],
      ["words.en.1", '"help" is a built-in help (hotlines) word and keeps that meaning'],
      ["words.tg.0", '"ист" is a built-in opt-out word: it always stops messages'],
    ]);
  });

  it("lets stop words add to the opt-out list, warning when one takes over a built-in word", async () => {
    const stop = { ...keyword, intent: "stop", words: { _type: "localeKeywords", en: ["STOP", "ENOUGH", "Yes"], ru: ["ХВАТИТ"] } };
    expect(await validate(stop)).toEqual([
      {
        level: "warning",
        message: '"Yes" is a built-in join (subscribe) word: as a stop word it will opt people out instead',
        path: ["words", "en", 2],
      },
    ]);
  });

  it.each([
    [{ words: { _type: "localeKeywords", en: ["A".repeat(31)] } }, "words.en.0", "A word has 1 to 30 characters"],
    [
      { words: { _type: "localeKeywords", en: ["JOIN2", "join2."] } },
      "words.en.1",
      '"join2." is already in this list (case and punctuation do not matter)',
    ],
    [{ words: { _type: "localeKeywords" } }, "words", "Add at least one word in at least one locale"],
    [{ intent: "help", campaign: ref("campaign-ru") }, "campaign", "Only join words subscribe to a campaign"],
    [
      { reply: sms({ en: "Welcome to {campaign}" }) },
      "reply.en",
      "Unknown placeholder {campaign}: only {region}, {hotline} can be used here",
    ],
  ])("rejects %j", async (change, fieldPath, message) => {
    expect(at(errors(await validate({ ...keyword, ...change })))).toEqual([[fieldPath, message]]);
  });

  it("says in its description that STOP words only add to the built-in opt-out words", () => {
    expect(keywordType.description).toContain("STOP words can only ADD to the built-in opt-out list");
    expect(keywordType.description).toContain("STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPTOUT");
    expect(keywordType.fields.find((field) => field.name === "intent")?.description).toBe(keywordType.description);
  });

  it("previews the intent, the English words and how many locales have words", () => {
    const preview = keywordType.preview?.prepare?.({
      intent: "help",
      words: { en: ["INFO", "HOTLINE"], ru: ["ПОМОЩЬ"], ps: [] },
      campaign: undefined,
    });
    expect(preview).toEqual({ title: "Help (hotlines): INFO, HOTLINE", subtitle: "2/11 locales" });
  });
});

describe("SMS replies validation in the Studio", () => {
  const replies = {
    _id: "smsReplies",
    _type: "smsReplies",
    confirmation: sms({ en: "Subscribed. Help in {region}: {hotline}", ru: "Вы подписаны. {region}: {hotline}" }),
    stopHint: sms({ en: "Reply STOP to stop.", ky: "Токтотуу: STOP (ТОКТОТ)" }),
    moreOption: sms({ en: "0 More" }),
  };

  it("accepts texts that keep their placeholders", async () => {
    expect(await validate(replies)).toEqual([]);
  });

  it("refuses placeholders a text does not have, and texts that drop one they need", async () => {
    const markers = await validate({
      ...replies,
      helpHeader: sms({ en: "Help for {region}:" }),
      confirmation: sms({ en: "Subscribed. Help: {hotline}", ar: "{ region } {hotline}" }),
      confirmationNoHotline: sms({ en: "No hotline for {regoin} yet." }),
    });
    expect(at(errors(markers))).toEqual([
      ["confirmation.en", "Keep {region}: without it the built-in en text is sent instead"],
      ["confirmation.ar", "Unknown placeholder { region }: only {region}, {hotline} can be used here"],
      ["confirmation.ar", "Keep {region}: without it the built-in ar text is sent instead"],
      ["confirmationNoHotline.en", "Unknown placeholder {regoin}: only {region} can be used here"],
      ["confirmationNoHotline.en", "Keep {region}: without it the built-in en text is sent instead"],
      ["helpHeader.en", "Unknown placeholder {region}: this text takes no placeholders"],
    ]);
  });

  it("warns when the stop line does not name STOP, and needs 0 on the more line", async () => {
    const markers = await validate({
      ...replies,
      stopHint: sms({ en: "Reply STOP to stop.", ru: "Отписка: СТОП" }),
      moreOption: sms({ en: "More: 0" }),
    });
    expect(at(warnings(markers))).toEqual([["stopHint.ru", "Name STOP (ru): it works on every phone, next to the local word"]]);
    expect(at(errors(markers))).toEqual([["moreOption.en", "Start with 0: people reply 0 to see more regions"]]);
  });
});

describe("broadcast validation in the Studio", () => {
  const broadcast = {
    _id: "drafts.broadcast-winter",
    _type: "broadcast",
    title: "Winter recruitment warning",
    campaign: ref("campaign-ru"),
    messages: sms({ ru: "Проверьте договор.", ky: "Келишимди текшериңиз.", en: "Check your contract." }),
    channel: "sms",
    audience: { countries: ["KG"], locales: ["ru", "ky"] },
    schedule: { mode: "at", sendAt: "2026-03-01T10:00", sendWindow: { start: "09:00", end: "20:00" } },
    status: "draft",
  };

  it("accepts a broadcast written in its audience's languages", async () => {
    expect(await validate(broadcast)).toEqual([]);
  });

  it("requires the campaign's fallback locale, read from the campaign", async () => {
    const markers = await validate({ ...broadcast, messages: sms({ ky: "Келишимди текшериңиз.", en: "Check your contract." }) });
    expect(at(errors(markers))).toEqual([
      ["messages.ru", "Write the message in ru, the campaign's fallback locale: recipients whose language has no text get it"],
    ]);
    expect(queries.some((entry) => entry.params.id === "campaign-ru")).toBe(true);
  });

  it("warns, naming the fallback, for audience languages with no text", async () => {
    const markers = await validate({
      ...broadcast,
      audience: { locales: ["ru", "ky", "uz"] },
      messages: sms({ ru: "Проверьте договор." }),
    });
    expect(errors(markers)).toEqual([]);
    expect(at(warnings(markers))).toEqual([
      ["messages.ky", "No ky text: ky recipients get the ru text (falls back to ru)"],
      ["messages.uz", "No uz text: uz recipients get the ru text (falls back to ru)"],
    ]);
  });

  it("uses the campaign's locales when the audience names none, and en when the campaign names no fallback", async () => {
    const markers = await validate({ ...broadcast, campaign: ref("campaign-af"), audience: {}, messages: sms({ ps: "خپل تړون وګورئ." }) });
    // The two rules resolve concurrently (each awaits the campaign), so their order varies under load.
    expect(at(markers).sort()).toEqual([
      ["messages.en", "Write the message in en, the campaign's fallback locale: recipients whose language has no text get it"],
      ["messages.fa_AF", "No fa-AF text: fa-AF recipients get the en text (falls back to en)"],
    ]);
  });

  it("skips the locale rules when the campaign cannot be read", async () => {
    refuseQueries();
    expect(errors(await validate({ ...broadcast, messages: sms({ en: "Check your contract." }) }))).toEqual([]);
  });

  it.each([
    [{ schedule: { mode: "at", sendWindow: { start: "09:00", end: "20:00" } } }, "schedule.sendAt", "Give the date and time to send at"],
    [
      { schedule: { mode: "at", sendAt: "2026-02-30T10:00" } },
      "schedule.sendAt",
      "Use YYYY-MM-DDTHH:MM with a real date, e.g. 2026-03-01T10:00",
    ],
    [
      { schedule: { mode: "at", sendAt: "2026-03-01T10:00Z" } },
      "schedule.sendAt",
      "Use YYYY-MM-DDTHH:MM with a real date, e.g. 2026-03-01T10:00",
    ],
    [{ schedule: { mode: "recurring" } }, "schedule.recurrence", "Give the rule the broadcast repeats on"],
    [
      { schedule: { mode: "recurring", recurrence: "0 25 * * 1" } },
      "schedule.recurrence",
      'Use five cron fields: minute hour day-of-month month day-of-week, e.g. "0 10 * * 1" for Mondays at 10:00. cron "0 25 * * 1": Invalid value for hour: 25',
    ],
    [
      { schedule: { mode: "whenApproved", sendWindow: { start: "20:00", end: "09:00" } } },
      "schedule.sendWindow.end",
      "The window must end after it starts, on the same day",
    ],
    [
      { schedule: { mode: "whenApproved", sendWindow: { start: "9:00", end: "20:00" } } },
      "schedule.sendWindow.start",
      "Use 24-hour HH:MM, e.g. 09:00 or 18:30",
    ],
    [{ maxRecipients: 0 }, "maxRecipients", "Use a whole number above 0"],
    [{ maxRecipients: 2.5 }, "maxRecipients", "Use a whole number above 0"],
    [{ campaign: undefined }, "campaign", "Choose the campaign the broadcast belongs to"],
  ])("rejects %j", async (change, fieldPath, message) => {
    expect(at(errors(await validate({ ...broadcast, ...change })))).toEqual([[fieldPath, message]]);
  });

  it("accepts a recurring broadcast with a valid rule and no send time", async () => {
    expect(await validate({ ...broadcast, schedule: { mode: "recurring", recurrence: "0 10 * * MON-FRI" } })).toEqual([]);
  });

  it("asks for a WhatsApp template in the fallback locale and checks Content SIDs", async () => {
    const whatsapp = {
      ...broadcast,
      channel: "subscriberPreference",
      whatsappTemplates: [
        {
          _key: "ky",
          locale: "ky",
          contentSid: "HX0123456789abcdef0123456789abcdef",
          variables: [{ _key: "a", key: "1", value: "Bishkek" }],
        },
        { _key: "en", locale: "en", contentSid: "HX0123", variables: [] },
      ],
    };
    const markers = await validate(whatsapp);
    expect(at(errors(markers))).toEqual([
      ["whatsappTemplates.[en].contentSid", "A Content SID is HX followed by 32 lower-case hexadecimal characters"],
    ]);
    expect(at(warnings(markers))).toEqual([
      ["whatsappTemplates", "Add a template for ru (the fallback locale) at least: outside the 24-hour window WhatsApp sends nothing else"],
    ]);
    // SMS broadcasts need no template.
    expect(warnings(await validate({ ...broadcast, whatsappTemplates: [] }))).toEqual([]);
  });

  it("previews status, send time and missing locales with their fallback", () => {
    const preview = broadcastType.preview?.prepare?.({
      title: "Winter warning",
      status: "scheduled",
      messages: { en: "Check your contract.", ru: "Проверьте договор." },
      audienceLocales: undefined,
      campaignLocales: ["en", "ru", "ps", "ckb"],
      fallbackLocale: "en",
      mode: "at",
      sendAt: "2026-03-01T10:00",
      isSample: false,
    });
    expect(preview).toEqual({ title: "Winter warning", subtitle: "Scheduled · 2026-03-01 10:00 local · Missing: ps, ckb → fallback en" });
  });

  it("marks a sample broadcast first in its preview, with the warning icon", () => {
    const preview = broadcastType.preview?.prepare?.({
      title: "Sample: passport copies",
      status: "scheduled",
      messages: { en: "Leave copies with your family." },
      audienceLocales: ["en"],
      campaignLocales: ["en"],
      fallbackLocale: "en",
      mode: "recurring",
      sendAt: undefined,
      isSample: true,
    });
    expect(preview).toMatchObject({
      title: "Sample: passport copies",
      subtitle: "⚠ Sample: never sent to real phones · Scheduled · Recurring",
    });
    expect(preview?.media).toBeDefined();
    expect(preview?.media).not.toBe(broadcastType.icon);
  });

  it("warns on a sample broadcast's mark, and only there", async () => {
    const markers = await validate({ ...broadcast, isSample: true });
    expect(at(markers)).toEqual([
      ["isSample", "Sample broadcast: sent only to the dev phone of a development site, never through Twilio or in production."],
    ]);
    expect(markers.map((marker) => marker.level)).toEqual(["warning"]);
  });
});

describe("sequence validation in the Studio", () => {
  const step = (key: string, dayOffset: number, texts: Record<string, string> = { ru: "Текст", ky: "Текст", en: "Text" }) => ({
    _key: key,
    _type: "sequenceStep",
    dayOffset,
    message: sms(texts),
  });
  const sequence = {
    _id: "drafts.sequence-welcome",
    _type: "sequence",
    title: "Welcome",
    campaign: ref("campaign-ru"),
    steps: [step("welcome", 0), step("contract", 3), step("hotline", 7)],
    active: true,
  };

  it("accepts steps on distinct days in order", async () => {
    expect(await validate(sequence)).toEqual([]);
  });

  it("refuses two steps on one day, and warns when steps are out of order", async () => {
    const markers = await validate({ ...sequence, steps: [step("a", 3), step("b", 0), step("c", 3)] });
    expect(at(errors(markers))).toEqual([["steps", "One step per day (repeated: day 3)"]]);
    expect(at(warnings(markers))).toEqual([["steps", "List the steps in day order"]]);
  });

  it("checks each step's text against the campaign's fallback locale", async () => {
    const markers = await validate({ ...sequence, steps: [step("welcome", 0), step("contract", 3, { ky: "Текст", en: "Text" })] });
    expect(at(errors(markers))).toEqual([
      [
        "steps.[contract].message.ru",
        "Write the message in ru, the campaign's fallback locale: recipients whose language has no text get it",
      ],
    ]);
  });

  it.each([
    [{ steps: [step("a", -1)] }, "steps.[a].dayOffset", "Use a whole number of days, 0 or more"],
    [{ steps: [step("a", 1.5)] }, "steps.[a].dayOffset", "Use a whole number of days, 0 or more"],
    [{ steps: [] }, "steps", "Add at least one step"],
  ])("rejects %j", async (change, fieldPath, message) => {
    expect(at(errors(await validate({ ...sequence, ...change })))).toEqual([[fieldPath, message]]);
  });

  it("previews activity, step days and campaign", () => {
    const preview = sequenceType.preview?.prepare?.({
      title: "Welcome",
      steps: sequence.steps,
      active: true,
      campaign: "Safe work",
      isSample: false,
    });
    expect(preview).toEqual({ title: "Welcome", subtitle: "Active · days 0, 3, 7 · Safe work" });
  });

  it("marks a sample sequence in its preview and warns on its mark", async () => {
    const preview = sequenceType.preview?.prepare?.({
      title: "Welcome",
      steps: sequence.steps,
      active: true,
      campaign: "Safe work",
      isSample: true,
    });
    expect(preview).toMatchObject({ subtitle: "⚠ Sample: never sent to real phones · Active · days 0, 3, 7 · Safe work" });
    expect(preview?.media).not.toBe(sequenceType.icon);
    expect(at(await validate({ ...sequence, isSample: true }))).toEqual([
      ["isSample", "Sample sequence: sent only to the dev phone of a development site, never through Twilio or in production."],
    ]);
  });
});
