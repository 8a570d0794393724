/**
 * Broadcasts and sequences as the jobs receive them: the raw projection of BROADCASTS_QUERY and
 * SEQUENCES_QUERY (every locale, references resolved) parsed into `BroadcastDocument` and
 * `SequenceDocument`, and the documents that must never reach the jobs (an empty message for
 * some locale, a schedule the jobs cannot read) refused.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type { BroadcastDocument, SequenceDocument } from "~/broadcasts/broadcast-spec";
import { DEFAULT_SEND_WINDOW } from "~/broadcasts/send-window";
import { broadcastDocumentSchema, sequenceDocumentSchema, sequenceStepSchema } from "~/content/broadcast-schemas";
import { parseDocuments, withoutNullFields, type ContentProblem } from "~/content/parse-documents.server";

type Raw = Record<string, unknown>;

/** A broadcast as BROADCASTS_QUERY projects it (nulls for absent fields, as GROQ gives them). */
function rawBroadcast(overrides: Raw = {}): Raw {
  return {
    _id: "broadcast-1",
    _type: "broadcast",
    id: "broadcast-1",
    updatedAt: "2026-12-01T09:00:00Z",
    title: "Contract reminder",
    campaignSlug: "know-before-you-go",
    fallbackLocale: "en",
    messages: { _type: "localeSmsText", en: "Check your contract before you sign.", ru: "Проверьте договор до подписи." },
    channel: "sms",
    whatsappTemplates: [],
    audience: {
      countries: ["KG", "KZ"],
      regionCodes: [],
      locales: [],
      minSubscriptionDays: null,
      campaignRef: null,
      campaignSlug: null,
    },
    schedule: { mode: "at", sendAt: "2027-03-15T10:00", recurrence: null },
    sendWindow: null,
    status: "scheduled",
    approvedAt: null,
    maxRecipients: null,
    isSample: false,
    ...overrides,
  };
}

function rawSequence(overrides: Raw = {}): Raw {
  return {
    _id: "sequence-1",
    _type: "sequence",
    id: "sequence-1",
    title: "First week",
    campaignSlug: "know-before-you-go",
    fallbackLocale: "en",
    active: true,
    isSample: false,
    steps: [
      {
        _key: "d0",
        key: "d0",
        dayOffset: 0,
        messages: { _type: "localeSmsText", en: "Welcome." },
        fallbackLocale: "en",
        whatsappTemplate: null,
      },
      {
        _key: "d3",
        key: "d3",
        dayOffset: 3,
        messages: { _type: "localeSmsText", en: "Check your contract." },
        fallbackLocale: "en",
        whatsappTemplate: null,
      },
    ],
    ...overrides,
  };
}

// The content source removes null fields before parsing (parse-documents.server.ts); so do the tests.
const parseBroadcast = (raw: Raw) => broadcastDocumentSchema.safeParse(withoutNullFields(raw));
const parseSequence = (raw: Raw) => sequenceDocumentSchema.safeParse(withoutNullFields(raw));
const messagesOf = (result: { error?: z.ZodError }) =>
  result.error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) ?? [];

const SID = `HX${"0123456789abcdef".repeat(2)}`;

describe("broadcastDocumentSchema", () => {
  it("gives exactly the BroadcastDocument type", () => {
    expectTypeOf<z.output<typeof broadcastDocumentSchema>>().toEqualTypeOf<BroadcastDocument>();
  });

  it("parses a broadcast at a local date and time, with the default send window", () => {
    const result = parseBroadcast(rawBroadcast());
    expect(result.error).toBeUndefined();
    expect(result.data).toEqual({
      id: "broadcast-1",
      title: "Contract reminder",
      campaignSlug: "know-before-you-go",
      fallbackLocale: "en",
      messages: { en: "Check your contract before you sign.", ru: "Проверьте договор до подписи." },
      channel: "sms",
      whatsappTemplates: {},
      audience: { countries: ["KG", "KZ"], regionCodes: [], locales: [], minSubscriptionDays: null, campaignSlug: null },
      schedule: { mode: "at", sendAt: "2027-03-15T10:00" },
      sendWindow: DEFAULT_SEND_WINDOW,
      status: "scheduled",
      maxRecipients: null,
      updatedAt: "2026-12-01T09:00:00Z",
      isSample: false,
    } satisfies BroadcastDocument);
  });

  it("parses a broadcast sent when approved, with its approval time and its own send window", () => {
    const result = parseBroadcast(
      rawBroadcast({
        schedule: { mode: "whenApproved", sendAt: "2027-03-15T10:00" },
        sendWindow: { start: "10:00", end: "18:30" },
        approvedAt: "2026-12-02T08:15:00.000Z",
        maxRecipients: 500,
      }),
    );
    expect(result.error).toBeUndefined();
    // A leftover sendAt from another mode is not carried into the spec.
    expect(result.data?.schedule).toEqual({ mode: "whenApproved" });
    expect(result.data).toMatchObject({
      sendWindow: { start: "10:00", end: "18:30" },
      maxRecipients: 500,
    });
    // The Studio's approval stamp is not read: only an approval in our database sends (decision 024).
    expect(result.data).not.toHaveProperty("approvedAt");
  });

  it("parses a recurring broadcast with a cron rule", () => {
    const result = parseBroadcast(rawBroadcast({ schedule: { mode: "recurring", recurrence: "0 10 * * MON" } }));
    expect(result.error).toBeUndefined();
    expect(result.data?.schedule).toEqual({ mode: "recurring", recurrence: "0 10 * * MON" });
  });

  it("maps the fa_AF field to the fa-AF locale", () => {
    const result = parseBroadcast(rawBroadcast({ messages: { _type: "localeSmsText", en: "Hello", fa_AF: "سلام" } }));
    expect(result.data?.messages).toEqual({ en: "Hello", "fa-AF": "سلام" });
  });

  it("drops empty and whitespace-only texts and trims the rest", () => {
    const result = parseBroadcast(rawBroadcast({ messages: { _type: "localeSmsText", en: "  Hello \n", ru: "   ", ky: "", tg: "\n\t" } }));
    expect(result.data?.messages).toEqual({ en: "Hello" });
  });

  it("refuses a broadcast without text in its campaign's fallback locale", () => {
    const missing = parseBroadcast(rawBroadcast({ fallbackLocale: "ru", messages: { _type: "localeSmsText", en: "Hello" } }));
    expect(missing.success).toBe(false);
    expect(messagesOf(missing)).toEqual([expect.stringMatching(/^messages\.ru: no text in the campaign's fallback locale \(ru\)/)]);
    const whitespace = parseBroadcast(rawBroadcast({ messages: { _type: "localeSmsText", en: "   ", ru: "Привет" } }));
    expect(whitespace.success).toBe(false);
    const fa = parseBroadcast(rawBroadcast({ fallbackLocale: "fa-AF", messages: { en: "Hello" } }));
    expect(messagesOf(fa)).toEqual([expect.stringMatching(/^messages\.fa_AF: /)]);
    expect(parseBroadcast(rawBroadcast({ messages: null })).success).toBe(false);
  });

  it("uses English as the fallback locale of a campaign that names none", () => {
    const result = parseBroadcast(rawBroadcast({ fallbackLocale: null }));
    expect(result.data?.fallbackLocale).toBe("en");
  });

  it("refuses a cron rule the jobs cannot read", () => {
    for (const recurrence of ["0 25 * * *", "0 10 * *", "every monday", ""]) {
      const result = parseBroadcast(rawBroadcast({ schedule: { mode: "recurring", recurrence } }));
      expect(result.success, recurrence).toBe(false);
      expect(messagesOf(result)[0], recurrence).toMatch(/^schedule\.recurrence: /);
    }
    expect(messagesOf(parseBroadcast(rawBroadcast({ schedule: { mode: "recurring" } })))).toEqual([
      "schedule.recurrence: a recurring schedule needs a cron rule",
    ]);
  });

  it("refuses a sendAt that is missing, malformed or not a real date", () => {
    for (const sendAt of [undefined, "2027-02-30T10:00", "15.03.2027 10:00", "2027-03-15T24:00", "2027-03-15T10:00Z"]) {
      const result = parseBroadcast(rawBroadcast({ schedule: { mode: "at", sendAt } }));
      expect(result.success, String(sendAt)).toBe(false);
      expect(messagesOf(result)[0], String(sendAt)).toMatch(/^schedule\.sendAt: /);
    }
  });

  it("refuses a missing schedule, an unknown mode and a send window across midnight", () => {
    expect(parseBroadcast(rawBroadcast({ schedule: null })).success).toBe(false);
    expect(messagesOf(parseBroadcast(rawBroadcast({ schedule: { mode: "weekly" } })))).toEqual([
      'schedule.mode: schedule mode must be "at", "whenApproved" or "recurring"',
    ]);
    const night = parseBroadcast(rawBroadcast({ sendWindow: { start: "20:00", end: "08:00" } }));
    expect(messagesOf(night)).toEqual([expect.stringMatching(/^sendWindow: send window must start before it ends/)]);
  });

  it("turns WhatsApp templates into one per locale, and accepts a WhatsApp broadcast without a fallback template", () => {
    const result = parseBroadcast(
      rawBroadcast({
        channel: "whatsapp",
        whatsappTemplates: [
          {
            locale: "fa-AF",
            contentSid: SID,
            variables: [
              { key: "1", value: "کابل" },
              { key: "name", value: "x" },
            ],
          },
        ],
      }),
    );
    expect(result.error).toBeUndefined();
    expect(result.data?.whatsappTemplates).toEqual({ "fa-AF": { contentSid: SID, variables: { "1": "کابل", name: "x" } } });
    const repeated = parseBroadcast(
      rawBroadcast({
        whatsappTemplates: [
          { locale: "en", contentSid: SID, variables: [] },
          { locale: "en", contentSid: SID, variables: [] },
        ],
      }),
    );
    expect(messagesOf(repeated)).toEqual(["whatsappTemplates: one template per locale (repeated: en)"]);
    expect(parseBroadcast(rawBroadcast({ whatsappTemplates: [{ locale: "en", contentSid: "HX123", variables: [] }] })).success).toBe(false);
  });

  it("resolves the audience, refusing references that no longer resolve rather than widening it", () => {
    const ok = parseBroadcast(
      rawBroadcast({
        audience: {
          countries: ["KG"],
          regionCodes: ["KG-C", "KG-C"],
          locales: ["ru", "fa-AF"],
          minSubscriptionDays: 7,
          campaignRef: "campaign-1",
          campaignSlug: "safe-journeys",
        },
      }),
    );
    expect(ok.data?.audience).toEqual({
      countries: ["KG"],
      regionCodes: ["KG-C"],
      locales: ["ru", "fa-AF"],
      minSubscriptionDays: 7,
      campaignSlug: "safe-journeys",
    });
    const deletedRegion = parseBroadcast(rawBroadcast({ audience: { countries: ["KG"], regionCodes: ["KG-C", null] } }));
    expect(messagesOf(deletedRegion)).toEqual([
      expect.stringMatching(/^audience\.regionCodes\.1: a region reference resolves to no region code/),
    ]);
    const deletedCampaign = parseBroadcast(rawBroadcast({ audience: { campaignRef: "campaign-gone", campaignSlug: null } }));
    expect(messagesOf(deletedCampaign)).toEqual([
      expect.stringMatching(/^audience\.campaignSlug: audience\.campaign resolves to no campaign/),
    ]);
    expect(parseBroadcast(rawBroadcast({ audience: { countries: ["RU"] } })).success).toBe(false);
  });

  it("carries the sample mark, and refuses a mark that is not a boolean rather than reading it as real content", () => {
    expect(parseBroadcast(rawBroadcast({ isSample: true })).data?.isSample).toBe(true);
    expect(parseSequence(rawSequence({ isSample: true })).data?.isSample).toBe(true);
    for (const mark of ["true", 1, null]) {
      expect(messagesOf(parseBroadcast(rawBroadcast({ isSample: mark }))), String(mark)).toEqual([
        expect.stringMatching(/^isSample: must be true or false/),
      ]);
      expect(messagesOf(parseSequence(rawSequence({ isSample: mark }))), String(mark)).toEqual([
        expect.stringMatching(/^isSample: must be true or false/),
      ]);
    }
  });

  it("refuses a broadcast whose campaign does not resolve or that has no _updatedAt", () => {
    expect(messagesOf(parseBroadcast(rawBroadcast({ campaignSlug: null })))[0]).toMatch(/^campaignSlug: campaign: resolves to no campaign/);
    expect(messagesOf(parseBroadcast(rawBroadcast({ updatedAt: null })))[0]).toMatch(/^updatedAt: needs _updatedAt/);
  });
});

describe("sequenceDocumentSchema", () => {
  it("gives exactly the SequenceDocument type", () => {
    expectTypeOf<z.output<typeof sequenceDocumentSchema>>().toEqualTypeOf<SequenceDocument>();
  });

  it("parses a sequence, always with the default send window", () => {
    const result = parseSequence(
      rawSequence({ steps: [{ ...(rawSequence().steps as Raw[])[0], messages: { en: " Welcome. ", fa_AF: "خوش آمدید" } }] }),
    );
    expect(result.error).toBeUndefined();
    expect(result.data).toEqual({
      id: "sequence-1",
      title: "First week",
      campaignSlug: "know-before-you-go",
      fallbackLocale: "en",
      active: true,
      steps: [{ key: "d0", dayOffset: 0, messages: { en: "Welcome.", "fa-AF": "خوش آمدید" }, whatsappTemplate: null }],
      sendWindow: DEFAULT_SEND_WINDOW,
      isSample: false,
    } satisfies SequenceDocument);
  });

  it("treats a missing active flag as inactive and an emptied template as none", () => {
    const steps = [{ key: "d0", dayOffset: 0, messages: { en: "Hi" }, whatsappTemplate: { variables: [] } }];
    const result = parseSequence(rawSequence({ active: null, steps }));
    expect(result.data?.active).toBe(false);
    expect(result.data?.steps[0]?.whatsappTemplate).toBeNull();
    const withTemplate = parseSequence(
      rawSequence({ steps: [{ ...steps[0], whatsappTemplate: { contentSid: SID, variables: [{ key: "1", value: "a" }] } }] }),
    );
    expect(withTemplate.data?.steps[0]?.whatsappTemplate).toEqual({ contentSid: SID, variables: { "1": "a" } });
  });

  it("refuses a step without text in the fallback locale", () => {
    const step = sequenceStepSchema.safeParse(
      withoutNullFields({ key: "d3", dayOffset: 3, messages: { ru: "Привет", en: " " }, fallbackLocale: "en" }),
    );
    expect(messagesOf(step)).toEqual([expect.stringMatching(/^messages\.en: no text in the campaign's fallback locale/)]);
  });

  it("refuses two steps on the same day, and a sequence without steps", () => {
    const steps = rawSequence().steps as Raw[];
    expect(messagesOf(parseSequence(rawSequence({ steps: [steps[0], { ...steps[1], dayOffset: 0 }] })))).toEqual([
      "steps: one step per day (repeated: day 0)",
    ]);
    expect(parseSequence(rawSequence({ steps: [] })).success).toBe(false);
  });

  it("drops (and reports) only the step without fallback text when parsed as the content source does", () => {
    const problems: ContentProblem[] = [];
    const steps = rawSequence().steps as Raw[];
    const raw = rawSequence({ steps: [steps[0], { ...steps[1], messages: { _type: "localeSmsText", ru: "Только по-русски" } }] });
    const parsed = parseDocuments([raw], sequenceDocumentSchema, {
      query: "sequences",
      lists: ["steps"],
      report: (p) => void problems.push(p),
    });
    expect(parsed.map((sequence) => sequence.steps.map((step) => step.key))).toEqual([["d0"]]);
    expect(problems).toEqual([
      {
        query: "sequences",
        _id: "sequence-1",
        _type: "sequence",
        element: "steps[d3]",
        problem: expect.stringMatching(/^messages\.en: no text in the campaign's fallback locale/),
      },
    ]);
  });
});
