import { MobileDeviceIcon, WarningOutlineIcon } from "@sanity/icons";
import { defineArrayMember, defineField, defineType } from "sanity";
import { COUNTRY_OPTIONS, HOTLINE_COUNTRY_OPTIONS, LOCALE_CODES, LOCALE_OPTIONS, countryTitle } from "./locales";
import { CLOCK_TIME_MESSAGE, isClockTime } from "./lib/clockTime";
import { E164_MESSAGE, E164_PATTERN } from "./lib/e164";
import { STALE_AFTER_DAYS, hotlineWarnings, isVerificationStale } from "./lib/hotlineWarnings";
import { IANA_TIMEZONE_MESSAGE, isIanaTimezone } from "./lib/ianaTimezone";
import { missingLocales } from "./lib/missingLocales";

export const WEEKDAYS = [
  { title: "Monday", value: "mon" },
  { title: "Tuesday", value: "tue" },
  { title: "Wednesday", value: "wed" },
  { title: "Thursday", value: "thu" },
  { title: "Friday", value: "fri" },
  { title: "Saturday", value: "sat" },
  { title: "Sunday", value: "sun" },
] as const;

/** The number fields; at least one must be filled. */
export const HOTLINE_NUMBER_FIELDS = ["phone", "sms", "whatsapp", "telegram"] as const;

const NUMBER_TITLES: Record<(typeof HOTLINE_NUMBER_FIELDS)[number], string> = {
  phone: "Phone",
  sms: "SMS",
  whatsapp: "WhatsApp",
  telegram: "Telegram",
};

interface HoursValue {
  open24h?: boolean;
}

// Days and times only matter for a line that is not open around the clock.
function needsOpeningTimes(context: { parent?: unknown }): boolean {
  return (context.parent as HoursValue | undefined)?.open24h !== true;
}

/**
 * A help line people can call, text or message: anti-trafficking hotlines, embassies, migrant
 * support NGOs. The site shows the hotlines of a campaign's countries and regions.
 */
export const hotlineType = defineType({
  name: "hotline",
  title: "Hotline",
  type: "document",
  icon: MobileDeviceIcon,
  fieldsets: [{ name: "numbers", title: "Numbers (E.164, at least one)", options: { columns: 2 } }],
  fields: [
    defineField({
      name: "organization",
      title: "Organization",
      type: "localeString",
      validation: (rule) => [
        rule.custom((name) => (missingLocales(name, ["en"]).length > 0 ? "Write the organization's name at least in English (en)" : true)),
        rule
          .custom((name) => {
            const missing = missingLocales(name, LOCALE_CODES);
            return missing.length > 0 ? `Not yet translated: ${missing.join(", ")}` : true;
          })
          .warning(),
      ],
    }),
    defineField({ name: "description", title: "What they help with (optional)", type: "localeText" }),
    defineField({
      name: "country",
      title: "Country",
      description:
        "Where the people it helps are: the programme country for a national hotline; the country abroad for a consulate, an embassy or a local NGO; for an international line, where its office is.",
      type: "string",
      options: { list: HOTLINE_COUNTRY_OPTIONS, layout: "dropdown" },
      validation: (rule) => rule.required().error("Choose the country the hotline serves"),
    }),
    defineField({
      name: "nationalities",
      title: "Serves nationals of",
      description:
        "Leave empty when it helps everyone in the country. A consulate's or embassy's line: its own citizens (e.g. Kyrgyzstan for Kyrgyzstan's consulate in Moscow).",
      type: "array",
      of: [{ type: "string" }],
      options: { list: COUNTRY_OPTIONS, layout: "grid" },
      validation: (rule) => rule.unique().error("Each country once"),
    }),
    defineField({
      name: "city",
      title: "City or area (optional)",
      description: "For a line abroad that serves one city or area, e.g. Moscow. Leave empty for the whole country.",
      type: "localeString",
    }),
    defineField({
      name: "international",
      title: "Answers callers in any country",
      description:
        "An international line (IOM's, UNODC's): given to people in a country that has no lines of its own here. Never tick it for a national hotline.",
      type: "boolean",
      initialValue: false,
    }),
    defineField({
      name: "regions",
      title: "Regions",
      description: "Leave empty for a nationwide hotline.",
      type: "array",
      of: [
        defineArrayMember({
          type: "reference",
          to: [{ type: "region" }],
          options: {
            // Only regions of the hotline's own country make sense.
            filter: ({ document }) => ({
              filter: "country == $country",
              params: { country: (document as { country?: string }).country ?? "" },
            }),
          },
        }),
      ],
      validation: (rule) => rule.unique().error("Each region once"),
    }),
    ...HOTLINE_NUMBER_FIELDS.map((name) =>
      defineField({
        name,
        title: NUMBER_TITLES[name],
        type: "string",
        fieldset: "numbers",
        placeholder: "+996312000000",
        validation: (rule) => rule.regex(E164_PATTERN).error(E164_MESSAGE),
      }),
    ),
    defineField({
      name: "hours",
      title: "Opening hours",
      type: "object",
      options: { collapsible: true, collapsed: false },
      validation: (rule) => rule.required().error("Say when the hotline answers"),
      fields: [
        defineField({
          name: "open24h",
          title: "Open 24 hours, every day",
          type: "boolean",
          initialValue: false,
          validation: (rule) => rule.required().error("Say whether the line is open around the clock"),
        }),
        defineField({
          name: "days",
          title: "Days",
          type: "array",
          of: [{ type: "string" }],
          options: { list: [...WEEKDAYS], layout: "grid" },
          hidden: ({ parent }) => (parent as HoursValue | undefined)?.open24h === true,
          validation: (rule) =>
            rule.custom((days, context) =>
              needsOpeningTimes(context) && (!Array.isArray(days) || days.length === 0) ? "Choose the days the line is open" : true,
            ),
        }),
        ...(["opens", "closes"] as const).map((name) =>
          defineField({
            name,
            title: name === "opens" ? "Opens (HH:MM)" : "Closes (HH:MM)",
            type: "string",
            placeholder: name === "opens" ? "09:00" : "18:00",
            hidden: ({ parent }) => (parent as HoursValue | undefined)?.open24h === true,
            validation: (rule) =>
              rule.custom((time, context) => {
                if (time === undefined) return needsOpeningTimes(context) ? CLOCK_TIME_MESSAGE : true;
                return isClockTime(time) ? true : CLOCK_TIME_MESSAGE;
              }),
          }),
        ),
        defineField({
          name: "timezone",
          title: "Time zone",
          description: "IANA name of the hours, e.g. Asia/Bishkek",
          type: "string",
          validation: (rule) => [
            rule.required().error("Opening hours need a time zone"),
            rule.custom((timezone) => (timezone === undefined || isIanaTimezone(timezone) ? true : IANA_TIMEZONE_MESSAGE)),
          ],
        }),
        defineField({ name: "note", title: "Note (optional)", description: "e.g. closed on public holidays", type: "localeString" }),
      ],
    }),
    defineField({
      name: "languages",
      title: "Languages spoken",
      type: "array",
      of: [{ type: "string" }],
      options: { list: LOCALE_OPTIONS, layout: "grid" },
      validation: (rule) => [
        rule.unique().error("Each language once"),
        rule
          .custom((languages) =>
            Array.isArray(languages) && languages.length > 0 ? true : "Which languages do operators speak? The site shows this to callers.",
          )
          .warning(),
      ],
    }),
    defineField({
      name: "freeOfCharge",
      title: "Free of charge to call",
      type: "boolean",
      validation: (rule) => rule.required().error("Say whether calling is free; people with no credit need to know"),
    }),
    defineField({
      name: "lastVerifiedAt",
      title: "Last verified",
      description: `When someone last called the number and reached the organization. Lines not verified for ${STALE_AFTER_DAYS} days are flagged.`,
      type: "datetime",
      validation: (rule) => [
        rule.required().error("Record when the number was last checked"),
        rule.custom((value) => {
          if (typeof value !== "string") return true;
          return Date.parse(value) > Date.now() + 24 * 60 * 60 * 1000 ? "The verification date cannot be in the future" : true;
        }),
        rule
          .custom((value) =>
            value !== undefined && isVerificationStale(value)
              ? `Not verified for more than ${STALE_AFTER_DAYS} days: call the number and update this date`
              : true,
          )
          .warning(),
      ],
    }),
    defineField({
      name: "isSample",
      title: "Sample hotline",
      description: "Sample numbers (national part starting 000) reach nobody; they exist for demos and tests.",
      type: "boolean",
      initialValue: false,
      validation: (rule) =>
        rule.custom((isSample) => (isSample === true ? "Sample hotline: a production site will not publish it" : true)).warning(),
    }),
    defineField({
      name: "priority",
      title: "Priority",
      description: "Lower numbers are listed first.",
      type: "number",
      validation: (rule) => rule.integer().min(0).error("Use a whole number, 0 or more"),
    }),
  ],
  validation: (rule) =>
    rule.custom((hotline) => {
      const record = (hotline ?? {}) as Record<string, unknown>;
      const hasNumber = HOTLINE_NUMBER_FIELDS.some((name) => typeof record[name] === "string" && record[name] !== "");
      return hasNumber ? true : { message: "Add at least one number: phone, SMS, WhatsApp or Telegram", path: ["phone"] };
    }),
  orderings: [
    { title: "Priority", name: "priorityAsc", by: [{ field: "priority", direction: "asc" }] },
    { title: "Last verified (oldest first)", name: "lastVerifiedAsc", by: [{ field: "lastVerifiedAt", direction: "asc" }] },
  ],
  preview: {
    select: {
      organization: "organization.en",
      country: "country",
      phone: "phone",
      isSample: "isSample",
      lastVerifiedAt: "lastVerifiedAt",
      nationalities: "nationalities",
      international: "international",
    },
    prepare({ organization, country, phone, isSample, lastVerifiedAt, nationalities, international }) {
      const warnings = hotlineWarnings({ isSample, lastVerifiedAt });
      // Where it helps, and whom: "Russia, for Kyrgyzstan", "Anywhere (office: Switzerland)".
      const where = international === true ? `Anywhere (office: ${countryTitle(country)})` : countryTitle(country);
      const whom =
        Array.isArray(nationalities) && nationalities.length > 0
          ? `for ${nationalities.map((code) => countryTitle(String(code))).join(", ")}`
          : undefined;
      return {
        title: organization || "Unnamed hotline",
        subtitle: [where, whom, phone, ...warnings.map((warning) => `⚠ ${warning}`)].filter(Boolean).join(" · "),
        media: warnings.length > 0 ? WarningOutlineIcon : MobileDeviceIcon,
      };
    },
  },
});
