/**
 * Zod schemas for broadcasts and sequences as BROADCASTS_QUERY and SEQUENCES_QUERY return them
 * (every locale at once, references already resolved), turned into exactly the `BroadcastDocument`
 * and `SequenceDocument` the jobs consume (app/broadcasts/broadcast-spec.ts).
 *
 * The Studio's rules are repeated here because Studio validation can be bypassed (imports, API
 * writes) and these documents send real messages: a document that fails is skipped and reported
 * by the content source, never half-used. Two rules matter most: a message must have text in its
 * campaign's fallback locale (else some recipients would get an empty message), and a schedule
 * must be one the jobs can read (a real local date and time, or a cron rule `cronRuleProblem` accepts).
 *
 * Each schema is a `z.object` (the content source validates document by document with it), so
 * the query projects the output's own keys (`id`, `updatedAt`, …); `_id` and `_type` are read
 * only for problem reports and are not part of the output.
 */
import { z } from "zod";
import type { BroadcastScheduleSpec, SequenceStep, WhatsAppTemplate } from "~/broadcasts/broadcast-spec";
import { cronRuleProblem } from "~/broadcasts/recurrence";
import { DEFAULT_SEND_WINDOW, SendWindowError, parseSendWindow, type SendWindow } from "~/broadcasts/send-window";
import { parseLocalDateTime } from "~/broadcasts/zoned-time";
import { COUNTRIES, DEFAULT_LOCALE, LOCALES, fieldKey, localeFromFieldKey, type Locale } from "~/i18n/locales";

const localeCode = z.enum(LOCALES);
/** The campaign's fallback locale; a campaign without one uses English, as the Studio does. */
const fallbackLocaleSchema = localeCode.default(DEFAULT_LOCALE);
const REGION_CODE = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;
/** Twilio Content API template id (studio/schemaTypes/lib/whatsappTemplate.ts). */
const CONTENT_SID = /^HX[0-9a-f]{32}$/;
const TEMPLATE_VARIABLE_KEY = /^[A-Za-z0-9_]{1,64}$/;

/** Sanity's own keys (`_type`, `_key`) in a stored object are not locales. */
function withoutSanityKeys(value: unknown): unknown {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !key.startsWith("_")));
}

/**
 * A `localeSmsText` (`{ en, ru, fa_AF, … }`) → text per locale code (`fa-AF`), trimmed; empty and
 * whitespace-only texts are left out, so a locale is either absent or has real text. Keys that
 * are not locales (a locale since removed from the Studio) are ignored.
 */
export const localeTextsSchema = z.preprocess(
  withoutSanityKeys,
  z.record(z.string(), z.string("must be text")).transform((texts) => {
    const messages: Partial<Record<Locale, string>> = {};
    for (const [key, text] of Object.entries(texts)) {
      const locale = localeFromFieldKey(key);
      if (locale && text.trim() !== "") messages[locale] = text.trim();
    }
    return messages;
  }),
);

function fallbackTextIssue(messages: Partial<Record<Locale, string>>, fallback: Locale, ctx: z.RefinementCtx, path: PropertyKey[]) {
  if (messages[fallback]) return;
  ctx.addIssue({
    code: "custom",
    path: [...path, fieldKey(fallback)],
    message: `no text in the campaign's fallback locale (${fallback}): recipients without text in their own locale would get an empty message`,
  });
}

const templateVariablesSchema = z
  .array(
    z.object({
      key: z.string().regex(TEMPLATE_VARIABLE_KEY, "must be the placeholder's number or name, e.g. 1"),
      value: z.string(),
    }),
  )
  .default([])
  .superRefine((variables, ctx) => {
    const keys = variables.map((variable) => variable.key);
    const repeated = keys.filter((key, index) => keys.indexOf(key) !== index);
    if (repeated.length > 0) ctx.addIssue({ code: "custom", message: `each key once (repeated: ${[...new Set(repeated)].join(", ")})` });
  })
  .transform((variables) => Object.fromEntries(variables.map(({ key, value }) => [key, value])));

const whatsappTemplateFields = {
  contentSid: z.string().regex(CONTENT_SID, "must be a Twilio Content SID (HX and 32 lower-case hexadecimal characters)"),
  variables: templateVariablesSchema,
};

/** `[{ locale, contentSid, variables: [{ key, value }] }]` → template per locale, one per locale. */
const whatsappTemplatesSchema = z
  .array(z.object({ locale: localeCode, ...whatsappTemplateFields }))
  .default([])
  .superRefine((templates, ctx) => {
    const locales = templates.map((template) => template.locale);
    const repeated = locales.filter((locale, index) => locales.indexOf(locale) !== index);
    if (repeated.length > 0)
      ctx.addIssue({ code: "custom", message: `one template per locale (repeated: ${[...new Set(repeated)].join(", ")})` });
  })
  .transform((templates) => {
    const byLocale: Partial<Record<Locale, WhatsAppTemplate>> = {};
    for (const { locale, contentSid, variables } of templates) byLocale[locale] = { contentSid, variables };
    return byLocale;
  });

/**
 * A sequence step's optional template. The Studio keeps an emptied optional object around
 * (`{}`, or variables only without a SID); that is no template, not an invalid one.
 */
const optionalWhatsappTemplateSchema = z.preprocess((value) => {
  const fields = value as { contentSid?: unknown; variables?: unknown } | undefined;
  const empty = fields?.contentSid === undefined && (!Array.isArray(fields?.variables) || fields.variables.length === 0);
  return empty ? null : value;
}, z.object(whatsappTemplateFields).nullable());

/** Both times `HH:MM`, start before end on the same day; absent: the default quiet hours. */
const sendWindowSchema = z
  .object({ start: z.string(), end: z.string() })
  .superRefine((window, ctx) => {
    try {
      parseSendWindow(window);
    } catch (error) {
      if (!(error instanceof SendWindowError)) throw error;
      ctx.addIssue({ code: "custom", message: error.message });
    }
  })
  .optional()
  .transform((window): SendWindow => ({ ...(window ?? DEFAULT_SEND_WINDOW) }));

const scheduleSchema = z.discriminatedUnion(
  "mode",
  [
    z.object({
      mode: z.literal("at"),
      sendAt: z
        .string("a schedule at a date and time needs sendAt")
        .trim()
        .refine((sendAt) => parseLocalDateTime(sendAt) !== null, "must be a real local date and time, YYYY-MM-DDTHH:MM"),
    }),
    z.object({ mode: z.literal("whenApproved") }),
    z.object({
      mode: z.literal("recurring"),
      recurrence: z
        .string("a recurring schedule needs a cron rule")
        .trim()
        .superRefine((cron, ctx) => {
          const problem = cronRuleProblem(cron);
          if (problem) ctx.addIssue({ code: "custom", message: problem });
        }),
    }),
  ],
  { error: 'schedule mode must be "at", "whenApproved" or "recurring"' },
) satisfies z.ZodType<BroadcastScheduleSpec>;

const audienceSchema = z
  .object({
    countries: z.array(z.enum(COUNTRIES)).default([]),
    // A deleted region projects null: refusing the document keeps it from widening to the country.
    regionCodes: z
      .array(z.string("a region reference resolves to no region code (deleted region?)").regex(REGION_CODE, "must be an ISO 3166-2 code"))
      .default([]),
    locales: z.array(localeCode).default([]),
    minSubscriptionDays: z.number().int().min(0).nullish(),
    /** The raw reference, to tell "no campaign filter" from "a campaign that no longer exists". */
    campaignRef: z.string().optional(),
    campaignSlug: z.string().min(1).optional(),
  })
  .prefault({})
  .refine((audience) => audience.campaignRef === undefined || audience.campaignSlug !== undefined, {
    message: "audience.campaign resolves to no campaign with a slug (deleted campaign?)",
    path: ["campaignSlug"],
  })
  .transform((audience) => ({
    countries: [...new Set(audience.countries)],
    regionCodes: [...new Set(audience.regionCodes)],
    locales: [...new Set(audience.locales)],
    minSubscriptionDays: audience.minSubscriptionDays ?? null,
    campaignSlug: audience.campaignSlug ?? null,
  }));

const documentFields = {
  id: z.string().min(1),
  title: z.string("needs a title").trim().min(1, "needs a title"),
  campaignSlug: z.string("campaign: resolves to no campaign with a slug (missing or deleted campaign?)").min(1),
  fallbackLocale: fallbackLocaleSchema,
  // Absent is projected as false; a mark that is not a boolean refuses the document rather than
  // guessing which way it was meant (refused documents are never sent).
  isSample: z.boolean("must be true or false (the sample mark)"),
};

/** A `broadcast` as BROADCASTS_QUERY projects it → `BroadcastDocument`. */
export const broadcastDocumentSchema = z
  .object({
    ...documentFields,
    messages: localeTextsSchema,
    channel: z.enum(["sms", "whatsapp", "subscriberPreference"]),
    // A WhatsApp broadcast without a fallback-locale template stays valid (the Studio only warns):
    // within the 24-hour window free text still goes out.
    whatsappTemplates: whatsappTemplatesSchema,
    audience: audienceSchema,
    schedule: scheduleSchema,
    sendWindow: sendWindowSchema,
    status: z.enum(["draft", "scheduled", "paused", "cancelled"]),
    maxRecipients: z
      .number()
      .int()
      .min(1)
      .nullish()
      .transform((value) => value ?? null),
    updatedAt: z.iso.datetime({
      offset: true,
      error: "needs _updatedAt, an ISO date and time (it identifies the version a run is planned from)",
    }),
  })
  .superRefine((broadcast, ctx) => fallbackTextIssue(broadcast.messages, broadcast.fallbackLocale, ctx, ["messages"]));

/**
 * One step of SEQUENCES_QUERY → `SequenceStep`. The step carries its campaign's fallback locale
 * so that a step without text in it is dropped, and reported, on its own.
 */
export const sequenceStepSchema = z
  .object({
    key: z.string().min(1),
    dayOffset: z.number("needs a day").int().min(0),
    messages: localeTextsSchema,
    fallbackLocale: fallbackLocaleSchema,
    whatsappTemplate: optionalWhatsappTemplateSchema,
  })
  .superRefine((step, ctx) => fallbackTextIssue(step.messages, step.fallbackLocale, ctx, ["messages"]))
  .transform(({ fallbackLocale: _fallbackLocale, ...step }): SequenceStep => step);

/** A `sequence` as SEQUENCES_QUERY projects it → `SequenceDocument`. */
export const sequenceDocumentSchema = z.object({
  ...documentFields,
  active: z.boolean().default(false),
  steps: z
    .array(sequenceStepSchema)
    .min(1, "needs at least one step (with text in the fallback locale)")
    .superRefine((steps, ctx) => {
      const days = steps.map((step) => step.dayOffset);
      const repeated = days.filter((day, index) => days.indexOf(day) !== index);
      if (repeated.length > 0)
        ctx.addIssue({ code: "custom", message: `one step per day (repeated: day ${[...new Set(repeated)].join(", ")})` });
    }),
  // The Studio gives sequences no send window of their own: always the default quiet hours.
  // The query projects no such key; `prefault` lets zod fill in the missing key.
  sendWindow: z
    .unknown()
    .transform((): SendWindow => ({ ...DEFAULT_SEND_WINDOW }))
    .prefault(undefined),
});
