import { BlockContentIcon } from "@sanity/icons";
import { defineArrayMember, defineField, defineType } from "sanity";
import { LOCALE_FIELD_KEYS, LOCALES } from "./locales";
import { localeFieldComponents } from "./lib/localeFieldComponents";
import { firstLocalizedText, translatedCountLabel } from "./lib/localizedText";

// Links may go to another page of the site (relative path), a phone number, an SMS, e-mail, or a
// secure site. Plain http is refused: people in danger should not be sent over it.
const LINK_SCHEMES = ["https", "mailto", "tel", "sms"];

/**
 * The Portable Text the microsites render: paragraphs, two heading levels, lists, strong and
 * emphasis, links. Nothing about looks (colours, sizes): the site decides those.
 */
const blockMember = defineArrayMember({
  type: "block",
  styles: [
    { title: "Normal", value: "normal" },
    { title: "Heading 2", value: "h2" },
    { title: "Heading 3", value: "h3" },
  ],
  lists: [
    { title: "Bullet", value: "bullet" },
    { title: "Numbered", value: "number" },
  ],
  marks: {
    decorators: [
      { title: "Strong", value: "strong" },
      { title: "Emphasis", value: "em" },
    ],
    annotations: [
      defineArrayMember({
        name: "link",
        title: "Link",
        type: "object",
        fields: [
          defineField({
            name: "href",
            title: "Link to",
            type: "url",
            description: "A path on this site (/en/...), or an https:, tel:, sms: or mailto: link.",
            validation: (rule) =>
              rule
                .required()
                .uri({ scheme: LINK_SCHEMES, allowRelative: true })
                .error("Use a path like /en/..., or an https:, tel:, sms: or mailto: link"),
          }),
        ],
      }),
    ],
  },
});

/** Rich text in every locale (story sections). */
export const localeBlockContentType = defineType({
  name: "localeBlockContent",
  title: "Localized rich text",
  type: "object",
  icon: BlockContentIcon,
  options: { collapsible: true, collapsed: false },
  fields: LOCALES.map((locale) =>
    defineField({
      name: locale.fieldKey,
      title: locale.title,
      type: "array",
      of: [blockMember],
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
