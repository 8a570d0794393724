import { MobileDeviceIcon } from "@sanity/icons";
import { defineField, defineType } from "sanity";
import { COUNTRY_OPTIONS } from "./locales";
import { firstLocalizedText } from "./lib/localizedText";

/** The hotlines of the campaign's countries (or the countries chosen here), listed by the site. */
export const hotlineBlockType = defineType({
  name: "hotlineBlock",
  title: "Hotlines",
  type: "object",
  icon: MobileDeviceIcon,
  fields: [
    defineField({
      name: "heading",
      title: "Heading",
      type: "localeString",
      validation: (rule) => rule.required().error("A hotline section needs a heading"),
    }),
    defineField({ name: "intro", title: "Introduction (optional)", type: "localeText" }),
    defineField({
      name: "countries",
      title: "Countries",
      description: "Leave empty to list the hotlines of all the campaign's countries.",
      type: "array",
      of: [{ type: "string" }],
      options: { list: COUNTRY_OPTIONS, layout: "grid" },
      validation: (rule) => rule.unique().error("Each country once"),
    }),
  ],
  preview: {
    select: { heading: "heading", countries: "countries" },
    prepare({ heading, countries }) {
      const scope = Array.isArray(countries) && countries.length > 0 ? countries.join(", ") : "campaign's countries";
      return { title: firstLocalizedText(heading) ?? "Untitled hotlines", subtitle: `Hotlines · ${scope}` };
    },
  },
});
