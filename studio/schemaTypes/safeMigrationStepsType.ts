import { OlistIcon, ArrowRightIcon } from "@sanity/icons";
import { defineArrayMember, defineField, defineType } from "sanity";
import { firstLocalizedText } from "./lib/localizedText";

/** Numbered steps for migrating safely (check the employer, keep your passport, ...). */
export const safeMigrationStepsType = defineType({
  name: "safeMigrationSteps",
  title: "Safe migration steps",
  type: "object",
  icon: OlistIcon,
  fields: [
    defineField({
      name: "heading",
      title: "Heading",
      type: "localeString",
      validation: (rule) => rule.required().error("A steps section needs a heading"),
    }),
    defineField({
      name: "steps",
      title: "Steps",
      type: "array",
      of: [
        defineArrayMember({
          name: "migrationStep",
          title: "Step",
          type: "object",
          icon: ArrowRightIcon,
          fields: [
            defineField({
              name: "title",
              title: "Step",
              type: "localeString",
              validation: (rule) => rule.required().error("Give the step a short title"),
            }),
            defineField({
              name: "text",
              title: "Explanation",
              type: "localeText",
              validation: (rule) => rule.required().error("Explain the step"),
            }),
          ],
          preview: {
            select: { title: "title", text: "text" },
            prepare: ({ title, text }) => ({ title: firstLocalizedText(title) ?? "Empty step", subtitle: firstLocalizedText(text) }),
          },
        }),
      ],
      validation: (rule) => rule.required().min(1).error("Add at least one step"),
    }),
  ],
  preview: {
    select: { heading: "heading", steps: "steps" },
    prepare({ heading, steps }) {
      const count = Array.isArray(steps) ? steps.length : 0;
      return { title: firstLocalizedText(heading) ?? "Untitled steps", subtitle: `Safe migration steps · ${count} steps` };
    },
  },
});
