/**
 * What one run sends, frozen when it is planned and stored with it (broadcast_runs.spec): the
 * text of every locale already resolved (own text, else the campaign's fallback locale: never an
 * empty message), segments per text, the WhatsApp template per locale, the audience, the schedule
 * as a recipient-local time, the send window and each region's time zone. Expansion reads only
 * this, so an edit in the Studio after planning cannot change a run half-way through.
 * Pure: no I/O.
 */
import { z } from "zod";
import { LOCALES, type Locale } from "~/i18n/locales";
import { smsSegments } from "~/messaging/sms-segments";
import {
  textForLocale,
  type BroadcastAudience,
  type BroadcastChannel,
  type BroadcastDocument,
  type SequenceDocument,
  type SequenceStep,
  type WhatsAppTemplate,
} from "./broadcast-spec";
import { DEFAULT_TIME_ZONE_BY_COUNTRY, DESTINATION_TIME_ZONES, type BroadcastSchedule, type SendWindow } from "./send-window";

/** The zone used for a subscriber whose country is unknown (rare: the JOIN flow asks for it). */
export const UNKNOWN_COUNTRY_TIME_ZONE = "Asia/Tashkent";

export interface RunText {
  locale: Locale;
  body: string;
  /** The locale the body is written in: the fallback locale when the own text is missing. */
  textLocale: Locale;
  segments: number;
  contentSid: string | null;
  contentVariables: Record<string, string> | null;
}

export interface ZoneRow {
  country: string;
  /** Null: the country's default zone, for subscribers without a region. */
  regionCode: string | null;
  zone: string;
}

export interface RunSpec {
  channel: BroadcastChannel;
  fallbackLocale: Locale;
  /** One entry for every supported locale. */
  texts: RunText[];
  audience: BroadcastAudience;
  schedule: BroadcastSchedule;
  sendWindow: SendWindow;
  maxRecipients: number | null;
  zones: ZoneRow[];
  /** Sequence steps only: days after consent. */
  dayOffset?: number;
}

const localeSchema = z.enum(LOCALES);
const runSpecSchema: z.ZodType<RunSpec> = z.object({
  channel: z.enum(["sms", "whatsapp", "subscriberPreference"]),
  fallbackLocale: localeSchema,
  texts: z.array(
    z.object({
      locale: localeSchema,
      body: z.string().min(1),
      textLocale: localeSchema,
      segments: z.number().int().positive(),
      contentSid: z.string().nullable(),
      contentVariables: z.record(z.string(), z.string()).nullable(),
    }),
  ),
  audience: z.object({
    countries: z.array(z.enum(["KG", "KZ", "TJ", "UZ", "AF", "PK", "IQ"])),
    regionCodes: z.array(z.string()),
    locales: z.array(localeSchema),
    minSubscriptionDays: z.number().int().nonnegative().nullable(),
    campaignSlug: z.string().nullable(),
  }),
  schedule: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("at"), localTime: z.string() }),
    z.object({ kind: z.literal("asap") }),
  ]),
  sendWindow: z.object({ start: z.string(), end: z.string() }),
  maxRecipients: z.number().int().positive().nullable(),
  zones: z.array(z.object({ country: z.string(), regionCode: z.string().nullable(), zone: z.string() })),
  dayOffset: z.number().int().nonnegative().optional(),
});

/** Reads a stored spec back (jsonb: an object on node-postgres, text through some PGlite paths). */
export function parseRunSpec(value: unknown): RunSpec {
  return runSpecSchema.parse(typeof value === "string" ? JSON.parse(value) : value);
}

/** A region as the planner needs it: code, country and IANA zone. */
export interface RegionZone {
  code: string;
  country: string;
  timezone: string;
}

/**
 * Every region's zone, plus each country's default for subscribers without a region, and each
 * destination's for subscribers who are there now (a programme country's own default wins).
 */
export function zoneRows(regions: readonly RegionZone[]): ZoneRow[] {
  const countryZones = { ...DESTINATION_TIME_ZONES, ...DEFAULT_TIME_ZONE_BY_COUNTRY };
  const rows: ZoneRow[] = Object.entries(countryZones).map(([country, zone]) => ({ country, regionCode: null, zone }));
  const seen = new Set<string>();
  for (const region of regions) {
    if (seen.has(region.code)) continue;
    seen.add(region.code);
    rows.push({ country: region.country, regionCode: region.code, zone: region.timezone });
  }
  return rows;
}

/** A text is missing in the fallback locale too: the run would send nothing to some people. */
export class RunTextMissingError extends Error {
  constructor(readonly locale: Locale) {
    super(`no text for ${locale} and none in the fallback locale`);
    this.name = "RunTextMissingError";
  }
}

function templateFor(templates: Partial<Record<Locale, WhatsAppTemplate>>, locale: Locale, fallback: Locale): WhatsAppTemplate | null {
  return templates[locale] ?? templates[fallback] ?? null;
}

/** Resolves every locale's text (own or fallback) and template. */
export function resolveTexts(
  messages: Partial<Record<Locale, string>>,
  templates: Partial<Record<Locale, WhatsAppTemplate>>,
  fallback: Locale,
): RunText[] {
  return LOCALES.map((locale) => {
    const body = textForLocale(messages, locale, fallback);
    if (body === null) throw new RunTextMissingError(locale);
    const template = templateFor(templates, locale, fallback);
    return {
      locale,
      body,
      textLocale: messages[locale]?.trim() ? locale : fallback,
      segments: smsSegments(body).segments,
      contentSid: template?.contentSid ?? null,
      contentVariables: template ? template.variables : null,
    };
  });
}

/** The spec of one delivery of a broadcast, at `localTime` (or as soon as possible). */
export function broadcastRunSpec(broadcast: BroadcastDocument, schedule: BroadcastSchedule, regions: readonly RegionZone[]): RunSpec {
  return {
    channel: broadcast.channel,
    fallbackLocale: broadcast.fallbackLocale,
    texts: resolveTexts(broadcast.messages, broadcast.whatsappTemplates, broadcast.fallbackLocale),
    audience: broadcast.audience,
    schedule,
    sendWindow: broadcast.sendWindow,
    maxRecipients: broadcast.maxRecipients,
    zones: zoneRows(regions),
  };
}

/** The spec of a sequence step: the campaign's subscribers, on their own channel, `dayOffset` days after consent. */
export function sequenceStepRunSpec(sequence: SequenceDocument, step: SequenceStep, regions: readonly RegionZone[]): RunSpec {
  const templates: Partial<Record<Locale, WhatsAppTemplate>> = step.whatsappTemplate
    ? { [sequence.fallbackLocale]: step.whatsappTemplate }
    : {};
  return {
    channel: "subscriberPreference",
    fallbackLocale: sequence.fallbackLocale,
    texts: resolveTexts(step.messages, templates, sequence.fallbackLocale),
    audience: { countries: [], regionCodes: [], locales: [], minSubscriptionDays: null, campaignSlug: sequence.campaignSlug },
    schedule: { kind: "asap" },
    sendWindow: sequence.sendWindow,
    maxRecipients: null,
    zones: zoneRows(regions),
    dayOffset: step.dayOffset,
  };
}
