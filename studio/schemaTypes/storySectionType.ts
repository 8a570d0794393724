import { DocumentTextIcon } from "@sanity/icons";
import { defineField, defineType } from "sanity";
import { firstLocalizedText } from "./lib/localizedText";

/** A true story or explanation in rich text: how recruiters lie, what happened to someone. */
export const storySectionType = defineType({
  name: "storySection",
  title: "Story",
  type: "object",
  icon: DocumentTextIcon,
  fields: [
    defineField({ name: "heading", title: "Heading (optional)", type: "localeString" }),
    defineField({
      name: "body",
      title: "Text",
      type: "localeBlockContent",
      validation: (rule) => rule.required().error("A story section needs its text"),
    }),
  ],
  preview: {
    select: { heading: "heading", body: "body" },
    prepare({ heading, body }) {
      return { title: firstLocalizedText(heading) ?? firstLocalizedText(body) ?? "Untitled story", subtitle: "Story" };
    },
  },
});
