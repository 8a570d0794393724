import { RocketIcon } from "@sanity/icons";
import { defineField, defineType } from "sanity";
import { COUNTRY_OPTIONS, DEFAULT_LOCALE, LOCALE_OPTIONS, localeFieldKey } from "./locales";
import { E164_MESSAGE, E164_PATTERN } from "./lib/e164";
import { firstLocalizedText } from "./lib/localizedText";
import { formatMissingLocales, knownLocales, missingLocalesAcross } from "./lib/missingLocales";
import { findMissingTranslations, missingTranslationErrors } from "./lib/missingTranslations";
import { sectionsField } from "./lib/sectionsField";
import { SLUG_MAX_LENGTH, SLUG_MESSAGE, SLUG_PATTERN, slugify } from "./lib/slug";
import { SMS_KEYWORD_MESSAGE, SMS_KEYWORD_PATTERN } from "./lib/smsKeyword";

export const CAMPAIGN_STATUSES = [
  { title: "Draft", value: "draft" },
  { title: "Live", value: "live" },
  { title: "Paused", value: "paused" },
  { title: "Ended", value: "ended" },
] as const;

interface CampaignValue {
  locales?: unknown;
  status?: unknown;
  reviewStatus?: Record<string, unknown>;
  startDate?: unknown;
}

/** The campaign's published locales whose text no person has reviewed yet. */
function machineDraftedLocales(campaign: CampaignValue): string[] {
  return knownLocales(campaign.locales).filter((code) => campaign.reviewStatus?.[localeFieldKey(code)] === "machine-drafted");
}

/**
 * A prevention campaign: one landing page (hero and sections) and its pages, published in the
 * locales listed in `locales`, for people in or leaving the listed countries.
 */
export const campaignType = defineType({
  name: "campaign",
  title: "Campaign",
  type: "document",
  icon: RocketIcon,
  groups: [
    { name: "content", title: "Content", default: true },
    { name: "audience", title: "Audience and languages" },
    { name: "schedule", title: "Status and schedule" },
  ],
  fields: [
    defineField({
      name: "title",
      title: "Title",
      type: "localeString",
      group: "content",
      validation: (rule) => rule.required().error("A campaign needs a title"),
    }),
    defineField({
      name: "slug",
      title: "URL slug",
      description: "Part of every address of the campaign, the same in all locales, e.g. safe-work-abroad.",
      type: "slug",
      group: "content",
      options: { source: "title.en", maxLength: SLUG_MAX_LENGTH, slugify },
      // One rule, not a list: every rule of a slug field repeats the slug type's own check that no
      // other campaign uses the slug.
      validation: (rule) =>
        rule.custom((slug) => {
          const current = (slug as { current?: unknown } | undefined)?.current;
          if (typeof current !== "string" || current === "") return "A campaign needs a URL slug";
          return SLUG_PATTERN.test(current) ? true : SLUG_MESSAGE;
        }),
    }),
    defineField({
      name: "summary",
      title: "Summary",
      description: "One or two sentences for the campaign list and search results.",
      type: "localeText",
      group: "content",
      validation: (rule) => rule.required().error("A campaign needs a summary"),
    }),
    defineField({
      name: "hero",
      title: "Hero",
      type: "object",
      group: "content",
      validation: (rule) => rule.required().error("A campaign needs a hero heading and text"),
      fields: [
        defineField({
          name: "heading",
          title: "Heading",
          type: "localeString",
          validation: (rule) => rule.required().error("The hero needs a heading"),
        }),
        defineField({
          name: "text",
          title: "Text",
          type: "localeText",
          validation: (rule) => rule.required().error("The hero needs a text"),
        }),
        defineField({
          name: "image",
          title: "Image (optional)",
          type: "image",
          options: { hotspot: true },
          fields: [
            defineField({
              name: "alt",
              title: "Alternative text",
              description: "What the image shows, for people who cannot see it.",
              type: "localeString",
              validation: (rule) =>
                rule.custom((alt, context) => {
                  const image = context.parent as { asset?: unknown } | undefined;
                  return image?.asset && !firstLocalizedText(alt) ? "Describe the image for screen reader users" : true;
                }),
            }),
          ],
        }),
      ],
    }),
    defineField({
      name: "share",
      title: "Sharing",
      description: "What appears when someone shares the campaign in a messenger.",
      type: "object",
      group: "content",
      validation: (rule) => rule.required().error("A campaign needs a share text"),
      fields: [
        defineField({
          name: "text",
          title: "Share text",
          type: "localeString",
          validation: (rule) => rule.required().error("Write the text people share"),
        }),
        defineField({
          name: "title",
          title: "Share title (optional)",
          description: "The subject of a shared e-mail and the heading of the link preview. Leave empty to use the campaign title.",
          type: "localeString",
        }),
        defineField({
          name: "image",
          title: "Share image (optional)",
          description: "Leave empty: the site then draws a preview with the campaign title in each language's own script.",
          type: "image",
        }),
      ],
    }),
    sectionsField({
      title: "Landing page sections",
      description: "The body of the landing page, top to bottom.",
      requireOne: false,
      group: "content",
    }),
    defineField({
      name: "countries",
      title: "Countries",
      type: "array",
      group: "audience",
      of: [{ type: "string" }],
      options: { list: COUNTRY_OPTIONS, layout: "grid" },
      validation: (rule) => [rule.required().min(1).error("Choose at least one country"), rule.unique().error("Each country once")],
    }),
    defineField({
      name: "regions",
      title: "Regions (optional)",
      description: "Leave empty to target the whole of each country.",
      type: "array",
      group: "audience",
      of: [
        {
          type: "reference",
          to: [{ type: "region" }],
          options: {
            // Only regions of the campaign's countries make sense.
            filter: ({ document }) => ({
              filter: "country in $countries",
              params: { countries: (document as { countries?: string[] }).countries ?? [] },
            }),
          },
        },
      ],
      validation: (rule) => rule.unique().error("Each region once"),
    }),
    defineField({
      name: "locales",
      title: "Published locales",
      description: "The site publishes the campaign in these locales; every text must be written in each of them.",
      type: "array",
      group: "audience",
      of: [{ type: "string" }],
      options: { list: LOCALE_OPTIONS, layout: "grid" },
      initialValue: [DEFAULT_LOCALE],
      validation: (rule) => [
        rule.required().min(1).error("Choose at least one locale to publish in"),
        rule.unique().error("Each locale once"),
      ],
    }),
    defineField({
      name: "fallbackLocale",
      title: "Fallback locale",
      description: "Shown to visitors whose language the campaign does not publish.",
      type: "string",
      group: "audience",
      options: { list: LOCALE_OPTIONS, layout: "dropdown" },
      initialValue: DEFAULT_LOCALE,
      validation: (rule) => [
        rule.required().error("Choose a fallback locale"),
        rule.custom((fallback, context) => {
          const locales = (context.document as CampaignValue | undefined)?.locales;
          return typeof fallback === "string" && Array.isArray(locales) && !locales.includes(fallback)
            ? "The fallback locale must be one of the published locales"
            : true;
        }),
      ],
    }),
    defineField({
      name: "reviewStatus",
      title: "Translation review",
      type: "localeReviewStatus",
      group: "audience",
    }),
    defineField({
      name: "sms",
      title: "SMS subscription (optional)",
      type: "object",
      group: "audience",
      fields: [
        defineField({
          name: "keyword",
          title: "Keyword",
          description: "The word people text to subscribe, e.g. SAFE.",
          type: "string",
          validation: (rule) => [
            rule.required().error("Give the keyword people text to subscribe"),
            rule.regex(SMS_KEYWORD_PATTERN).error(SMS_KEYWORD_MESSAGE),
          ],
        }),
        defineField({
          name: "number",
          title: "Number (optional)",
          description: "Leave empty to use the site's SMS number.",
          type: "string",
          validation: (rule) => rule.regex(E164_PATTERN).error(E164_MESSAGE),
        }),
      ],
    }),
    defineField({
      name: "status",
      title: "Status",
      type: "string",
      group: "schedule",
      options: { list: [...CAMPAIGN_STATUSES], layout: "radio" },
      initialValue: "draft",
      validation: (rule) => rule.required().error("Choose a status"),
    }),
    defineField({ name: "startDate", title: "Start date (optional)", type: "date", group: "schedule" }),
    defineField({
      name: "endDate",
      title: "End date (optional)",
      type: "date",
      group: "schedule",
      validation: (rule) =>
        rule.custom((endDate, context) => {
          const startDate = (context.document as CampaignValue | undefined)?.startDate;
          // ISO dates (YYYY-MM-DD) compare correctly as strings. A one-day campaign is allowed.
          return typeof endDate === "string" && typeof startDate === "string" && endDate < startDate
            ? "The end date must be on or after the start date"
            : true;
        }),
    }),
  ],
  validation: (rule) => [
    rule.custom((campaign) => missingTranslationErrors(findMissingTranslations("campaign", campaign, knownLocales(campaign?.locales)))),
    rule
      .custom((campaign) => {
        if (!campaign || campaign.status !== "live") return true;
        const drafted = machineDraftedLocales(campaign as CampaignValue);
        return drafted.length > 0 ? `Live with machine-drafted text in: ${drafted.join(", ")}. Have a person review it.` : true;
      })
      .warning(),
  ],
  orderings: [{ title: "Start date, newest first", name: "startDateDesc", by: [{ field: "startDate", direction: "desc" }] }],
  preview: {
    select: {
      title: "title",
      summary: "summary",
      heroHeading: "hero.heading",
      heroText: "hero.text",
      shareText: "share.text",
      locales: "locales",
      status: "status",
      slug: "slug.current",
    },
    prepare({ title, summary, heroHeading, heroText, shareText, locales, status, slug }) {
      // The preview checks the top-level texts only; document validation also walks the sections.
      const missing = missingLocalesAcross([title, summary, heroHeading, heroText, shareText], knownLocales(locales));
      const statusLabel = CAMPAIGN_STATUSES.find((option) => option.value === status)?.title ?? "No status";
      return {
        title: firstLocalizedText(title) ?? slug ?? "Untitled campaign",
        subtitle: [statusLabel, missing.length > 0 ? formatMissingLocales(missing) : undefined].filter(Boolean).join(" · "),
      };
    },
  },
});
