import { PinIcon } from "@sanity/icons";
import { defineField, defineType } from "sanity";
import { COUNTRY_OPTIONS, LOCALE_CODES, countryTitle } from "./locales";
import { STUDIO_API_VERSION } from "./lib/campaignLocales";
import { IANA_TIMEZONE_MESSAGE, isIanaTimezone } from "./lib/ianaTimezone";
import { firstLocalizedText } from "./lib/localizedText";
import { missingLocales } from "./lib/missingLocales";

/** ISO 3166-2 subdivision code: country, hyphen, 1 to 3 letters or digits (KG-C, PK-KP, AF-KAB). */
export const REGION_CODE_PATTERN = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;

/**
 * A province or oblast. Campaigns and hotlines are targeted by region; the sample dataset gives
 * regions the id `region-<code>` (e.g. `region-KG-C`) so references read well.
 */
export const regionType = defineType({
  name: "region",
  title: "Region",
  type: "document",
  icon: PinIcon,
  fields: [
    defineField({
      name: "code",
      title: "ISO 3166-2 code",
      description: "e.g. KG-C (Chüy), UZ-TK (Tashkent city), AF-KAB (Kabul)",
      type: "string",
      validation: (rule) => [
        rule.required().error("A region needs its ISO 3166-2 code"),
        rule.regex(REGION_CODE_PATTERN).error("Use the ISO 3166-2 code in capitals, e.g. KG-C"),
        rule.custom((code, context) => {
          const country = (context.document as { country?: unknown } | undefined)?.country;
          return typeof code === "string" && typeof country === "string" && !code.startsWith(`${country}-`)
            ? `The code must start with the country code ${country}-`
            : true;
        }),
        rule.custom(async (code, context) => {
          if (typeof code !== "string" || !context.document) return true;
          const id = context.document._id.replace(/^drafts\./, "");
          try {
            const taken = await context
              .getClient({ apiVersion: STUDIO_API_VERSION })
              .fetch<number>('count(*[_type == "region" && code == $code && !(_id in [$id, "drafts." + $id])])', { code, id });
            return taken > 0 ? `Another region already has the code ${code}` : true;
          } catch {
            // Offline or no read access: uniqueness cannot be checked now, the other rules still run.
            return true;
          }
        }),
      ],
    }),
    defineField({
      name: "country",
      title: "Country",
      type: "string",
      options: { list: COUNTRY_OPTIONS, layout: "dropdown" },
      validation: (rule) => rule.required().error("Choose one of the seven programme countries"),
    }),
    defineField({
      name: "name",
      title: "Name",
      description: "Region names are not in Unicode CLDR for these languages: write them in each locale.",
      type: "localeString",
      validation: (rule) => [
        rule.custom((name) => (missingLocales(name, ["en"]).length > 0 ? "Write the name at least in English (en)" : true)),
        rule
          .custom((name) => {
            const missing = missingLocales(name, LOCALE_CODES);
            return missing.length > 0 ? `Not yet translated: ${missing.join(", ")}` : true;
          })
          .warning(),
      ],
    }),
    defineField({
      name: "timezone",
      title: "Time zone",
      description: "IANA name, e.g. Asia/Bishkek, Asia/Almaty, Asia/Kabul",
      type: "string",
      validation: (rule) => [
        rule.required().error("A region needs its time zone"),
        rule.custom((timezone) => (timezone === undefined || isIanaTimezone(timezone) ? true : IANA_TIMEZONE_MESSAGE)),
      ],
    }),
  ],
  orderings: [
    {
      title: "Code",
      name: "codeAsc",
      by: [{ field: "code", direction: "asc" }],
    },
  ],
  preview: {
    select: { code: "code", name: "name", country: "country" },
    prepare({ code, name, country }) {
      return {
        title: `${code ?? "No code"} · ${firstLocalizedText(name) ?? "Unnamed region"}`,
        subtitle: countryTitle(country),
      };
    },
  },
});
