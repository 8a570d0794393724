import { StringIcon } from "@sanity/icons";
import { defineField, defineType } from "sanity";
import { LOCALE_FIELD_KEYS, LOCALES } from "./locales";
import { localeFieldComponents } from "./lib/localeFieldComponents";
import { firstLocalizedText, translatedCountLabel } from "./lib/localizedText";

/** A short single-line text in every locale (titles, headings, names). */
export const localeStringType = defineType({
  name: "localeString",
  title: "Localized string",
  type: "object",
  icon: StringIcon,
  options: { collapsible: true, collapsed: false },
  fields: LOCALES.map((locale) =>
    defineField({
      name: locale.fieldKey,
      title: locale.title,
      type: "string",
      components: localeFieldComponents(locale),
    }),
  ),
  preview: {
    select: Object.fromEntries(LOCALE_FIELD_KEYS.map((key) => [key, key])),
    prepare(selection) {
      return { title: firstLocalizedText(selection) ?? "Not written yet", subtitle: translatedCountLabel(selection) };
    },
  },
});
