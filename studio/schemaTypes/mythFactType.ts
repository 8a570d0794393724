import { HelpCircleIcon, SplitHorizontalIcon } from "@sanity/icons";
import { defineArrayMember, defineField, defineType } from "sanity";
import { firstLocalizedText } from "./lib/localizedText";

/** Common beliefs that put migrants at risk, each answered with the fact. */
export const mythFactType = defineType({
  name: "mythFact",
  title: "Myths and facts",
  type: "object",
  icon: SplitHorizontalIcon,
  fields: [
    defineField({
      name: "heading",
      title: "Heading",
      type: "localeString",
      validation: (rule) => rule.required().error("A myths-and-facts section needs a heading"),
    }),
    defineField({
      name: "items",
      title: "Myths",
      type: "array",
      of: [
        defineArrayMember({
          name: "mythFactItem",
          title: "Myth and fact",
          type: "object",
          icon: HelpCircleIcon,
          fields: [
            defineField({
              name: "myth",
              title: "Myth",
              type: "localeString",
              validation: (rule) => rule.required().error("Write the myth"),
            }),
            defineField({
              name: "fact",
              title: "Fact",
              type: "localeText",
              validation: (rule) => rule.required().error("Write the fact that answers the myth"),
            }),
          ],
          preview: {
            select: { myth: "myth", fact: "fact" },
            prepare: ({ myth, fact }) => ({ title: firstLocalizedText(myth) ?? "Empty myth", subtitle: firstLocalizedText(fact) }),
          },
        }),
      ],
      validation: (rule) => rule.required().min(1).error("Add at least one myth and its fact"),
    }),
  ],
  preview: {
    select: { heading: "heading", items: "items" },
    prepare({ heading, items }) {
      const count = Array.isArray(items) ? items.length : 0;
      return { title: firstLocalizedText(heading) ?? "Untitled myths and facts", subtitle: `Myths and facts · ${count} myths` };
    },
  },
});
