/**
 * Zod schemas for content as the GROQ queries return it, already projected to one locale.
 * The server never trusts content: Sanity validation runs only in the Studio, so every document
 * is parsed with these before use and an invalid one is skipped (see content-source.server.ts).
 */
import { z } from "zod";
import { contentNumberProblem } from "~/audience/phone-number";
import { LOCALES } from "~/i18n/locales";

/**
 * A phone number in content: E.164, and the right length for its country (libphonenumber). Not
 * required to be in an assigned range: the sample numbers reach nobody on purpose, and a number in
 * a range newer than our metadata must not take its hotline off the site. `campaigns:check` is
 * stricter with real hotlines (dataset-check.server.ts).
 */
export const e164 = z
  .string()
  .regex(/^\+[1-9]\d{6,14}$/, "must be an E.164 number like +996312000000")
  .superRefine((value, ctx) => {
    const problem = /^\+[1-9]\d{6,14}$/.test(value) ? contentNumberProblem(value) : null;
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
const nonEmpty = z.string().trim().min(1);
const localeCode = z.enum(LOCALES);
const countryCode = z.string().regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code");
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}/, "must be an ISO 8601 date");
const ianaTimezone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, "must be an IANA time zone");

/** Portable Text, reduced to what the microsites render. Unknown marks and styles are tolerated. */
export const portableSpanSchema = z.object({
  _type: z.literal("span"),
  _key: z.string().optional(),
  text: z.string(),
  marks: z.array(z.string()).default([]),
});
export const portableBlockSchema = z.object({
  _type: z.literal("block"),
  _key: z.string(),
  style: z.string().default("normal"),
  listItem: z.enum(["bullet", "number"]).optional(),
  level: z.number().int().positive().optional(),
  markDefs: z.array(z.object({ _key: z.string(), _type: z.string(), href: z.string().optional() })).default([]),
  children: z.array(portableSpanSchema),
});
export type PortableBlock = z.infer<typeof portableBlockSchema>;

export const regionSchema = z.object({
  _id: z.string(),
  code: z.string().regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, "must be an ISO 3166-2 code"),
  country: countryCode,
  name: nonEmpty,
  timezone: ianaTimezone,
});
export type Region = z.infer<typeof regionSchema>;

const weekday = z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM");

export const hotlineSchema = z
  .object({
    _id: z.string(),
    organization: nonEmpty,
    description: z.string().nullish(),
    country: countryCode,
    regions: z.array(z.object({ code: z.string(), name: z.string().nullish() })).default([]),
    phone: e164.nullish(),
    sms: e164.nullish(),
    whatsapp: e164.nullish(),
    telegram: e164.nullish(),
    hours: z.object({
      open24h: z.boolean(),
      days: z.array(weekday).nullish(),
      opens: clockTime.nullish(),
      closes: clockTime.nullish(),
      timezone: ianaTimezone,
      note: z.string().nullish(),
    }),
    languages: z.array(localeCode).default([]),
    /**
     * Whose nationals it serves (ISO countries): a consulate's line serves its own citizens. Empty:
     * everyone in `country`.
     */
    nationalities: z.array(countryCode).default([]),
    /** The city or area abroad it serves (e.g. Moscow), in the locale; none = the whole country. */
    city: z.string().nullish(),
    /**
     * Answers callers in any country (IOM's or UNODC's international line): the line given to
     * someone in a country with no lines of its own. `country` is then where the office is.
     */
    international: z.boolean().default(false),
    freeOfCharge: z.boolean(),
    lastVerifiedAt: z.iso.datetime({ offset: true }),
    isSample: z.boolean(),
    priority: z.number().nullish(),
  })
  .refine((h) => h.phone || h.sms || h.whatsapp || h.telegram, "needs at least one number");
export type Hotline = z.infer<typeof hotlineSchema>;

const sectionBase = { _key: z.string() };
export const sectionSchema = z.discriminatedUnion("_type", [
  z.object({
    ...sectionBase,
    _type: z.literal("storySection"),
    heading: z.string().nullish(),
    body: z.array(portableBlockSchema).min(1),
  }),
  z.object({
    ...sectionBase,
    _type: z.literal("signsChecklist"),
    heading: nonEmpty,
    intro: z.string().nullish(),
    items: z.array(z.object({ _key: z.string(), text: nonEmpty })).min(1),
  }),
  z.object({
    ...sectionBase,
    _type: z.literal("mythFact"),
    heading: nonEmpty,
    items: z.array(z.object({ _key: z.string(), myth: nonEmpty, fact: nonEmpty })).min(1),
  }),
  z.object({
    ...sectionBase,
    _type: z.literal("safeMigrationSteps"),
    heading: nonEmpty,
    steps: z.array(z.object({ _key: z.string(), title: nonEmpty, text: nonEmpty })).min(1),
  }),
  z.object({
    ...sectionBase,
    _type: z.literal("hotlineBlock"),
    heading: nonEmpty,
    intro: z.string().nullish(),
    countries: z.array(countryCode).nullish(),
  }),
  z.object({
    ...sectionBase,
    _type: z.literal("callToAction"),
    heading: nonEmpty,
    text: nonEmpty,
    action: z.enum(["subscribe", "volunteer", "page"]),
    keyword: z.string().nullish(),
    pageSlug: z.string().nullish(),
  }),
  z.object({
    ...sectionBase,
    _type: z.literal("faq"),
    heading: nonEmpty,
    items: z.array(z.object({ _key: z.string(), question: nonEmpty, answer: nonEmpty })).min(1),
  }),
]);
export type Section = z.infer<typeof sectionSchema>;

export const reviewStatusSchema = z.enum(["machine-drafted", "reviewed", "approved"]);
export type ReviewStatus = z.infer<typeof reviewStatusSchema>;

/** A campaign in the list on `/:lang`. */
export const campaignSummarySchema = z.object({
  _id: z.string(),
  slug: nonEmpty,
  title: nonEmpty,
  summary: nonEmpty,
  countries: z.array(countryCode).min(1),
  locales: z.array(localeCode).min(1),
  startDate: isoDate.nullish(),
  endDate: isoDate.nullish(),
  reviewStatus: reviewStatusSchema.nullish(),
});
export type CampaignSummary = z.infer<typeof campaignSummarySchema>;

/** A campaign with everything its landing page shows. */
export const campaignSchema = campaignSummarySchema.extend({
  fallbackLocale: localeCode.default("en"),
  hero: z.object({ heading: nonEmpty, text: nonEmpty, imageUrl: z.string().nullish(), imageAlt: z.string().nullish() }),
  share: z.object({ text: nonEmpty, title: z.string().nullish(), imageUrl: z.string().nullish() }),
  sections: z.array(sectionSchema).default([]),
  pages: z.array(z.object({ slug: nonEmpty, title: nonEmpty, description: z.string().nullish() })).default([]),
  sms: z.object({ keyword: nonEmpty, number: e164.nullish() }).nullish(),
});
export type Campaign = z.infer<typeof campaignSchema>;

export const pageSchema = z.object({
  _id: z.string(),
  slug: nonEmpty,
  title: nonEmpty,
  description: nonEmpty,
  order: z.number().default(0),
  sections: z.array(sectionSchema).min(1),
});
export type Page = z.infer<typeof pageSchema>;

export const siteSettingsSchema = z.object({
  organizationName: nonEmpty,
  defaultLocaleByCountry: z.array(z.object({ country: countryCode, locale: localeCode })).default([]),
  quickExitUrl: z.url({ protocol: /^https$/ }),
  footerText: nonEmpty,
  privacyNotice: nonEmpty,
  smsNumber: e164.nullish(),
  /**
   * The destination countries offered when asking "Where are you now?" and on the hotline
   * directory, in menu order (ISO 3166-1 alpha-2). Repeats are dropped.
   */
  destinations: z
    .array(countryCode)
    .default([])
    .transform((countries) => [...new Set(countries)]),
  /**
   * What a volunteer under 18 confirms their parent or guardian agreed to before signing up
   * (/:lang/volunteer). Without it, under-18s cannot sign up: the page says so.
   */
  volunteerGuardianConsent: z.string().trim().min(1).nullish(),
});
export type SiteSettings = z.infer<typeof siteSettingsSchema>;

/** What a volunteer mission counts (app/volunteers/missions.server.ts). */
export const MISSION_GOAL_KINDS = ["visits", "sms-subscribers", "school-sessions"] as const;

/** A volunteer mission, projected to one locale: a goal for one campaign between two dates. */
export const missionSchema = z.object({
  _id: z.string(),
  title: nonEmpty,
  description: nonEmpty,
  campaign: z.string().regex(/^[a-z0-9][a-z0-9-]{0,95}$/),
  goalKind: z.enum(MISSION_GOAL_KINDS),
  goalCount: z.number().int().min(1).max(1_000_000),
  startDate: isoDate,
  /** None: the mission runs until staff end it. */
  endDate: isoDate.nullish(),
});
export type Mission = z.infer<typeof missionSchema>;

/** One entry per published (campaign or page, locale) for sitemap.xml and hreflang. */
export const sitemapEntrySchema = z.object({
  campaign: nonEmpty,
  page: z.string().nullish(),
  locales: z.array(localeCode).min(1),
  updatedAt: z.string(),
});
export type SitemapEntry = z.infer<typeof sitemapEntrySchema>;

/** A `keyword` document: words per locale field key (`fa_AF`), for one intent. */
export const smsKeywordDocumentSchema = z.object({
  _id: z.string(),
  intent: z.enum(["join", "help", "stop", "delete", "moved"]),
  // Sanity object fields (`_type`) are not locales.
  words: z
    .preprocess(
      (value) =>
        value && typeof value === "object" ? Object.fromEntries(Object.entries(value).filter(([key]) => !key.startsWith("_"))) : value,
      z.record(z.string(), z.array(z.string().trim().min(1).max(30)).nullish()),
    )
    .nullish(),
  campaign: z.string().nullish(),
});
export type SmsKeywordDocument = z.infer<typeof smsKeywordDocumentSchema>;

/** The `smsReplies` singleton: every field a localized text (`{ en, ru, …, fa_AF, … }`). */
export const smsRepliesDocumentSchema = z.object({ _id: z.literal("smsReplies") }).catchall(z.unknown());
