import { TextIcon } from "@sanity/icons";
import { defineField, defineType } from "sanity";
import { LOCALE_FIELD_KEYS, LOCALES } from "./locales";
import { localeFieldComponents } from "./lib/localeFieldComponents";
import { firstLocalizedText, translatedCountLabel } from "./lib/localizedText";

/** Multi-line plain text in every locale (summaries, intros, answers). */
export const localeTextType = defineType({
  name: "localeText",
  title: "Localized text",
  type: "object",
  icon: TextIcon,
  options: { collapsible: true, collapsed: false },
  fields: LOCALES.map((locale) =>
    defineField({
      name: locale.fieldKey,
      title: locale.title,
      type: "text",
      rows: 3,
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
