import { CheckmarkIcon, UlistIcon } from "@sanity/icons";
import { defineArrayMember, defineField, defineType } from "sanity";
import { firstLocalizedText } from "./lib/localizedText";

/** Warning signs of a trafficking or smuggling offer, shown as a checklist readers can tick. */
export const signsChecklistType = defineType({
  name: "signsChecklist",
  title: "Warning signs checklist",
  type: "object",
  icon: UlistIcon,
  fields: [
    defineField({
      name: "heading",
      title: "Heading",
      type: "localeString",
      validation: (rule) => rule.required().error("A checklist needs a heading"),
    }),
    defineField({ name: "intro", title: "Introduction (optional)", type: "localeText" }),
    defineField({
      name: "items",
      title: "Signs",
      type: "array",
      of: [
        defineArrayMember({
          name: "sign",
          title: "Sign",
          type: "object",
          icon: CheckmarkIcon,
          fields: [
            defineField({
              name: "text",
              title: "Sign",
              type: "localeString",
              validation: (rule) => rule.required().error("Write the warning sign"),
            }),
          ],
          preview: {
            select: { text: "text" },
            prepare: ({ text }) => ({ title: firstLocalizedText(text) ?? "Empty sign" }),
          },
        }),
      ],
      validation: (rule) => rule.required().min(1).error("List at least one warning sign"),
    }),
  ],
  preview: {
    select: { heading: "heading", items: "items" },
    prepare({ heading, items }) {
      const count = Array.isArray(items) ? items.length : 0;
      return { title: firstLocalizedText(heading) ?? "Untitled checklist", subtitle: `Warning signs checklist · ${count} signs` };
    },
  },
});
