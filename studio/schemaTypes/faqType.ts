import { HelpCircleIcon, CommentIcon } from "@sanity/icons";
import { defineArrayMember, defineField, defineType } from "sanity";
import { firstLocalizedText } from "./lib/localizedText";

/** Questions people actually ask before leaving (visas, fees, what to do when in trouble). */
export const faqType = defineType({
  name: "faq",
  title: "Questions and answers",
  type: "object",
  icon: HelpCircleIcon,
  fields: [
    defineField({
      name: "heading",
      title: "Heading",
      type: "localeString",
      validation: (rule) => rule.required().error("A questions section needs a heading"),
    }),
    defineField({
      name: "items",
      title: "Questions",
      type: "array",
      of: [
        defineArrayMember({
          name: "faqItem",
          title: "Question",
          type: "object",
          icon: CommentIcon,
          fields: [
            defineField({
              name: "question",
              title: "Question",
              type: "localeString",
              validation: (rule) => rule.required().error("Write the question"),
            }),
            defineField({
              name: "answer",
              title: "Answer",
              type: "localeText",
              validation: (rule) => rule.required().error("Write the answer"),
            }),
          ],
          preview: {
            select: { question: "question", answer: "answer" },
            prepare: ({ question, answer }) => ({
              title: firstLocalizedText(question) ?? "Empty question",
              subtitle: firstLocalizedText(answer),
            }),
          },
        }),
      ],
      validation: (rule) => rule.required().min(1).error("Add at least one question"),
    }),
  ],
  preview: {
    select: { heading: "heading", items: "items" },
    prepare({ heading, items }) {
      const count = Array.isArray(items) ? items.length : 0;
      return { title: firstLocalizedText(heading) ?? "Untitled questions", subtitle: `Questions and answers · ${count} questions` };
    },
  },
});
