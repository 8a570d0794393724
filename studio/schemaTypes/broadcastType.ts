import { BellIcon, WarningOutlineIcon } from "@sanity/icons";
import { defineArrayMember, defineField, defineType } from "sanity";
import { COUNTRY_OPTIONS, LOCALE_OPTIONS } from "./locales";
import { CLOCK_TIME_MESSAGE, isClockTime } from "./lib/clockTime";
import { CRON_MESSAGE, cronProblem, isFiveFieldCron } from "./lib/cron";
import { LOCAL_DATE_TIME_MESSAGE, isLocalDateTime } from "./lib/localDateTime";
import { formatFallbackSummary, messageLocaleReport } from "./lib/messageLocales";
import { campaignLanguagesOf, campaignMessageRules } from "./lib/messageRules";
import { knownLocales } from "./lib/missingLocales";
import { sampleField } from "./lib/sampleField";
import { SAMPLE_PREVIEW_MARKER, isMarkedSample } from "./lib/sampleMark";
import { contentSidField, templateVariablesField } from "./lib/whatsappTemplate";

export const BROADCAST_STATUSES = [
  { title: "Draft", value: "draft" },
  { title: "Scheduled", value: "scheduled" },
  { title: "Paused", value: "paused" },
  { title: "Cancelled", value: "cancelled" },
] as const;

export const BROADCAST_CHANNELS = [
  { title: "SMS", value: "sms" },
  { title: "WhatsApp", value: "whatsapp" },
  { title: "Each subscriber's own channel", value: "subscriberPreference" },
] as const;

export const SCHEDULE_MODES = [
  { title: "At a date and time", value: "at" },
  { title: "As soon as approved", value: "whenApproved" },
  { title: "Recurring", value: "recurring" },
] as const;

/** Quiet hours: nothing arrives before the start or from the end, on the recipient's own clock. */
export const DEFAULT_SEND_WINDOW = { start: "09:00", end: "20:00" } as const;

interface BroadcastValue {
  channel?: unknown;
  audience?: { locales?: unknown; countries?: unknown };
}

interface ScheduleValue {
  mode?: unknown;
}

interface SendWindowValue {
  start?: unknown;
  end?: unknown;
}

function channelOf(document: unknown): unknown {
  return (document as BroadcastValue | undefined)?.channel;
}

function modeOf(parent: unknown): unknown {
  return (parent as ScheduleValue | undefined)?.mode;
}

/** The audience's locales when it names some, else every locale the campaign publishes. */
function broadcastLocales(document: unknown, campaign: { locales: string[] }): string[] {
  const chosen = knownLocales((document as BroadcastValue | undefined)?.audience?.locales);
  return chosen.length > 0 ? chosen : campaign.locales;
}

function statusTitle(status: unknown): string {
  return BROADCAST_STATUSES.find((option) => option.value === status)?.title ?? "No status";
}

/**
 * A message sent once (or on a recurring rule) to a campaign's subscribers, each in their own
 * language, at a decent hour on their own clock. Staff write it here; the jobs expand it into the
 * outbox when it is due and approved.
 */
export const broadcastType = defineType({
  name: "broadcast",
  title: "Broadcast",
  type: "document",
  icon: BellIcon,
  groups: [
    { name: "message", title: "Message", default: true },
    { name: "audience", title: "Audience" },
    { name: "schedule", title: "Schedule and status" },
  ],
  fields: [
    sampleField("broadcast", ["message", "audience", "schedule"]),
    defineField({
      name: "title",
      title: "Title (internal)",
      description: "For staff only; recipients never see it.",
      type: "string",
      group: "message",
      validation: (rule) => rule.required().error("Give the broadcast a title staff will recognize"),
    }),
    defineField({
      name: "campaign",
      title: "Campaign",
      description: "The campaign this broadcast belongs to; its fallback locale is used for recipients whose language has no text.",
      type: "reference",
      to: [{ type: "campaign" }],
      group: "message",
      validation: (rule) => rule.required().error("Choose the campaign the broadcast belongs to"),
    }),
    defineField({
      name: "messages",
      title: "Message",
      description:
        "The text in each recipient's language. Recipients whose language has no text get the campaign's fallback locale, which must be written.",
      type: "localeSmsText",
      group: "message",
      validation: (rule) => campaignMessageRules(rule, broadcastLocales),
    }),
    defineField({
      name: "channel",
      title: "Channel",
      type: "string",
      group: "message",
      options: { list: [...BROADCAST_CHANNELS], layout: "radio" },
      initialValue: "sms",
      validation: (rule) => rule.required().error("Choose how the broadcast is sent"),
    }),
    defineField({
      name: "whatsappTemplates",
      title: "WhatsApp templates",
      description:
        "WhatsApp delivers free text only within 24 hours of the subscriber's last message; otherwise it sends the approved template of their locale (or of the fallback locale).",
      type: "array",
      group: "message",
      hidden: ({ document, value }) => value === undefined && channelOf(document) === "sms",
      of: [
        defineArrayMember({
          name: "whatsappTemplate",
          title: "Template",
          type: "object",
          fields: [
            defineField({
              name: "locale",
              title: "Locale",
              type: "string",
              options: { list: LOCALE_OPTIONS, layout: "dropdown" },
              validation: (rule) => rule.required().error("Choose the locale the template is written in"),
            }),
            contentSidField(),
            templateVariablesField(),
          ],
          preview: {
            select: { locale: "locale", contentSid: "contentSid" },
            prepare: ({ locale, contentSid }) => ({ title: locale ?? "No locale", subtitle: contentSid }),
          },
        }),
      ],
      validation: (rule) => [
        rule.custom((templates) => {
          const locales = (Array.isArray(templates) ? templates : []).map((template) => (template as { locale?: unknown }).locale);
          const repeated = locales.filter((locale, index) => typeof locale === "string" && locales.indexOf(locale) !== index);
          return repeated.length > 0 ? `One template per locale (repeated: ${[...new Set(repeated)].join(", ")})` : true;
        }),
        rule
          .custom(async (templates, context) => {
            if (channelOf(context.document) !== "whatsapp" && channelOf(context.document) !== "subscriberPreference") return true;
            const campaign = await campaignLanguagesOf(context);
            if (campaign === undefined) return true;
            const locales = (Array.isArray(templates) ? templates : []).map((template) => (template as { locale?: unknown }).locale);
            return locales.includes(campaign.fallbackLocale)
              ? true
              : `Add a template for ${campaign.fallbackLocale} (the fallback locale) at least: outside the 24-hour window WhatsApp sends nothing else`;
          })
          .warning(),
      ],
    }),
    defineField({
      name: "audience",
      title: "Audience",
      description: "Active subscribers matching every filter below; an empty filter does not restrict.",
      type: "object",
      group: "audience",
      fields: [
        defineField({
          name: "countries",
          title: "Countries",
          type: "array",
          of: [{ type: "string" }],
          options: { list: COUNTRY_OPTIONS, layout: "grid" },
          validation: (rule) => rule.unique().error("Each country once"),
        }),
        defineField({
          name: "regions",
          title: "Regions",
          description: "Only subscribers in these regions. Leave empty for the whole of each country.",
          type: "array",
          of: [
            defineArrayMember({
              type: "reference",
              to: [{ type: "region" }],
              options: {
                // Only regions of the chosen countries (any region while no country is chosen).
                filter: ({ document }) => {
                  const countries = (document as BroadcastValue).audience?.countries;
                  const chosen = Array.isArray(countries) ? countries : [];
                  return chosen.length > 0 ? { filter: "country in $countries", params: { countries: chosen } } : {};
                },
              },
            }),
          ],
          validation: (rule) => rule.unique().error("Each region once"),
        }),
        defineField({
          name: "locales",
          title: "Languages",
          description: "Only subscribers who chose these languages. Leave empty for all of the campaign's languages.",
          type: "array",
          of: [{ type: "string" }],
          options: { list: LOCALE_OPTIONS, layout: "grid" },
          validation: (rule) => rule.unique().error("Each language once"),
        }),
        defineField({
          name: "minSubscriptionDays",
          title: "Subscribed for at least (days)",
          description: "e.g. 7 to leave out people who subscribed this week and are still getting their welcome sequence.",
          type: "number",
          validation: (rule) => rule.integer().min(0).error("Use a whole number of days, 0 or more"),
        }),
        defineField({
          name: "campaign",
          title: "Subscribers of campaign (optional)",
          description: "Only people who subscribed to this campaign (by its keyword). Leave empty for every subscriber.",
          type: "reference",
          to: [{ type: "campaign" }],
        }),
      ],
    }),
    defineField({
      name: "schedule",
      title: "Schedule",
      type: "object",
      group: "schedule",
      validation: (rule) => rule.required().error("Say when the broadcast goes out"),
      fields: [
        defineField({
          name: "mode",
          title: "When",
          type: "string",
          options: { list: [...SCHEDULE_MODES], layout: "radio" },
          initialValue: "at",
          validation: (rule) => rule.required().error("Choose when the broadcast goes out"),
        }),
        defineField({
          name: "sendAt",
          title: "Send at (recipient-local time)",
          description:
            "Local wall-clock time YYYY-MM-DDTHH:MM, with no time zone: 10:00 means 10:00 in each recipient's own time zone " +
            "(10:00 in Bishkek for people in Bishkek, 10:00 in Kabul for people in Kabul), moved into the send window if outside it.",
          type: "string",
          placeholder: "2026-03-01T10:00",
          hidden: ({ parent }) => modeOf(parent) !== "at",
          validation: (rule) =>
            rule.custom((sendAt, context) => {
              if (sendAt === undefined) return modeOf(context.parent) === "at" ? "Give the date and time to send at" : true;
              return isLocalDateTime(sendAt) ? true : LOCAL_DATE_TIME_MESSAGE;
            }),
        }),
        defineField({
          name: "recurrence",
          title: "Repeat (cron)",
          description:
            "Five cron fields: minute hour day-of-month month day-of-week, on each recipient's own clock. " +
            '"0 10 * * 1" = Mondays at 10:00; "30 9 1 * *" = the 1st of each month at 09:30.',
          type: "string",
          placeholder: "0 10 * * 1",
          hidden: ({ parent }) => modeOf(parent) !== "recurring",
          validation: (rule) =>
            rule.custom((recurrence, context) => {
              if (recurrence === undefined) return modeOf(context.parent) === "recurring" ? "Give the rule the broadcast repeats on" : true;
              if (isFiveFieldCron(recurrence)) return true;
              const problem = typeof recurrence === "string" ? cronProblem(recurrence) : null;
              return problem ? `${CRON_MESSAGE}. ${problem}` : CRON_MESSAGE;
            }),
        }),
        defineField({
          name: "sendWindow",
          title: "Send window (recipient-local time)",
          description: "Messages arrive only between these times on the recipient's own clock (start included, end excluded).",
          type: "object",
          options: { columns: 2 },
          fields: (["start", "end"] as const).map((name) =>
            defineField({
              name,
              title: name === "start" ? "From (HH:MM)" : "Until (HH:MM)",
              type: "string",
              placeholder: DEFAULT_SEND_WINDOW[name],
              initialValue: DEFAULT_SEND_WINDOW[name],
              validation: (rule) => [
                rule.required().error(CLOCK_TIME_MESSAGE),
                rule.custom((time) => (time === undefined || isClockTime(time) ? true : CLOCK_TIME_MESSAGE)),
              ],
            }),
          ),
          validation: (rule) =>
            rule.custom((window) => {
              const { start, end } = (window ?? {}) as SendWindowValue;
              // HH:MM compares correctly as text. A window across midnight would send at night.
              return isClockTime(start) && isClockTime(end) && end <= start
                ? { message: "The window must end after it starts, on the same day", path: ["end"] }
                : true;
            }),
        }),
      ],
    }),
    defineField({
      name: "status",
      title: "Status",
      description:
        'Scheduled broadcasts go out when due once an approver other than their preparer has approved this exact version on the staff page (/staff/broadcasts); "as soon as approved" goes out on approval. Any edit needs approving again. Pausing stops sending within a minute; cancelling stops it for good.',
      type: "string",
      group: "schedule",
      options: { list: [...BROADCAST_STATUSES], layout: "radio" },
      initialValue: "draft",
      validation: (rule) => rule.required().error("Choose a status"),
    }),
    // Written by the Studio's former "Approve" action; kept (hidden) so older documents validate.
    // Nothing reads them: approval is recorded on the app's staff page (decision 024).
    defineField({
      name: "approvedAt",
      title: "Approved at (no longer used)",
      type: "string",
      group: "schedule",
      readOnly: true,
      hidden: true,
    }),
    defineField({
      name: "approvedBy",
      title: "Approved by (no longer used)",
      type: "string",
      group: "schedule",
      readOnly: true,
      hidden: true,
    }),
    defineField({
      name: "maxRecipients",
      title: "Maximum recipients (optional)",
      description: "A safety limit: the broadcast stops expanding after this many recipients.",
      type: "number",
      group: "audience",
      validation: (rule) => rule.integer().min(1).error("Use a whole number above 0"),
    }),
  ],
  orderings: [{ title: "Send at", name: "sendAtAsc", by: [{ field: "schedule.sendAt", direction: "asc" }] }],
  preview: {
    select: {
      title: "title",
      status: "status",
      messages: "messages",
      audienceLocales: "audience.locales",
      campaignLocales: "campaign.locales",
      fallbackLocale: "campaign.fallbackLocale",
      mode: "schedule.mode",
      sendAt: "schedule.sendAt",
      isSample: "isSample",
    },
    prepare({ title, status, messages, audienceLocales, campaignLocales, fallbackLocale, mode, sendAt, isSample }) {
      const fallback = typeof fallbackLocale === "string" ? fallbackLocale : "en";
      const chosen = knownLocales(audienceLocales);
      const report = messageLocaleReport(messages, chosen.length > 0 ? chosen : knownLocales(campaignLocales), fallback);
      const when =
        mode === "at" && typeof sendAt === "string"
          ? `${sendAt.replace("T", " ")} local`
          : SCHEDULE_MODES.find((option) => option.value === mode)?.title;
      const sample = isMarkedSample(isSample);
      return {
        title: title || "Untitled broadcast",
        subtitle: [sample && SAMPLE_PREVIEW_MARKER, statusTitle(status), when, formatFallbackSummary(report, fallback)]
          .filter(Boolean)
          .join(" · "),
        ...(sample ? { media: WarningOutlineIcon } : {}),
      };
    },
  },
});
