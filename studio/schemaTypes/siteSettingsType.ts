import { CogIcon, EarthGlobeIcon } from "@sanity/icons";
import { defineArrayMember, defineField, defineType } from "sanity";
import { COUNTRY_OPTIONS, DESTINATION_OPTIONS, LOCALE_CODES, LOCALE_OPTIONS, countryTitle } from "./locales";
import { E164_MESSAGE, E164_PATTERN } from "./lib/e164";
import { firstLocalizedText } from "./lib/localizedText";
import { missingLocales } from "./lib/missingLocales";

/** The document id of the one settings document (the Studio offers no way to create another). */
export const SITE_SETTINGS_ID = "siteSettings";

// Site-wide texts appear on every page in every locale, so a gap shows somewhere; warn, since a
// new locale is usually added one text at a time.
function warnUntranslated(value: unknown): string | true {
  const missing = missingLocales(value, LOCALE_CODES);
  return missing.length > 0 ? `Not yet translated: ${missing.join(", ")}` : true;
}

function requireEnglish(what: string) {
  return (value: unknown): string | true =>
    missingLocales(value, ["en"]).length > 0 ? `Write the ${what} at least in English (en)` : true;
}

/** Texts and defaults shared by every campaign site: organization, footer, privacy notice. */
export const siteSettingsType = defineType({
  name: "siteSettings",
  title: "Site settings",
  type: "document",
  icon: CogIcon,
  fields: [
    defineField({
      name: "organizationName",
      title: "Organization name",
      type: "localeString",
      validation: (rule) => [rule.custom(requireEnglish("organization's name")), rule.custom(warnUntranslated).warning()],
    }),
    defineField({
      name: "defaultLocaleByCountry",
      title: "Default locale by country",
      description: "The locale a visitor from each country sees first, before choosing one.",
      type: "array",
      of: [
        defineArrayMember({
          name: "countryLocale",
          title: "Country default",
          type: "object",
          icon: EarthGlobeIcon,
          fields: [
            defineField({
              name: "country",
              title: "Country",
              type: "string",
              options: { list: COUNTRY_OPTIONS, layout: "dropdown" },
              validation: (rule) => rule.required().error("Choose a programme country"),
            }),
            defineField({
              name: "locale",
              title: "Locale",
              type: "string",
              options: { list: LOCALE_OPTIONS, layout: "dropdown" },
              validation: (rule) => rule.required().error("Choose a locale"),
            }),
          ],
          preview: {
            select: { country: "country", locale: "locale" },
            prepare: ({ country, locale }) => ({ title: countryTitle(country), subtitle: locale ?? "No locale" }),
          },
        }),
      ],
      validation: (rule) =>
        rule.custom((entries) => {
          const countries = (Array.isArray(entries) ? entries : []).map((entry) => (entry as { country?: unknown }).country);
          const repeated = countries.filter((country, index) => country !== undefined && countries.indexOf(country) !== index);
          return repeated.length > 0 ? `Each country once (repeated: ${[...new Set(repeated)].join(", ")})` : true;
        }),
    }),
    defineField({
      name: "destinations",
      title: "Destination countries",
      description:
        'Where people go to work, in menu order: offered when the SMS service asks "Where are you now?" and on the hotline directory ("I am in …"). Names are shown in each reader\'s language.',
      type: "array",
      of: [{ type: "string" }],
      options: { list: DESTINATION_OPTIONS },
      validation: (rule) => rule.unique().error("Each country once"),
    }),
    defineField({
      name: "quickExitUrl",
      title: "Quick exit address",
      description: 'Where the "Exit this page" button goes: a harmless, common site (e.g. a weather or news site). Must be https.',
      type: "url",
      validation: (rule) =>
        rule
          .required()
          .uri({ scheme: ["https"] })
          .error("Give an https address for the quick exit button"),
    }),
    defineField({
      name: "footerText",
      title: "Footer text",
      type: "localeText",
      validation: (rule) => [rule.custom(requireEnglish("footer text")), rule.custom(warnUntranslated).warning()],
    }),
    defineField({
      name: "privacyNotice",
      title: "Privacy notice",
      description: "What the site and the SMS service record, and for how long.",
      type: "localeText",
      validation: (rule) => [rule.custom(requireEnglish("privacy notice")), rule.custom(warnUntranslated).warning()],
    }),
    defineField({
      name: "volunteerGuardianConsent",
      title: "Volunteer guardian consent",
      description:
        "What a volunteer under 18 confirms their parent or guardian has read and agreed to before signing up: what we collect (nickname, region, school, number, age group), why, and how to delete it. Without this text, under-18s cannot sign up.",
      type: "localeText",
      // Optional: without it the volunteer page says sign-up for under-18s is not open.
      validation: (rule) => rule.custom((value) => (value === undefined ? true : warnUntranslated(value))).warning(),
    }),
    defineField({
      name: "smsNumber",
      title: "SMS number (optional)",
      description: "The number people text to subscribe, shown in calls to action.",
      type: "string",
      validation: (rule) => rule.regex(E164_PATTERN).error(E164_MESSAGE),
    }),
  ],
  preview: {
    select: { organizationName: "organizationName" },
    prepare: ({ organizationName }) => ({
      title: "Site settings",
      subtitle: firstLocalizedText(organizationName),
    }),
  },
});
