import { defineArrayMember, defineField } from "sanity";

/**
 * The section types a landing page or page body is built from. Keep in step with
 * `SECTION_LOCALIZED_FIELDS` in `missingTranslations.ts` (the schema test checks both lists).
 */
export const SECTION_TYPE_NAMES = [
  "storySection",
  "signsChecklist",
  "mythFact",
  "safeMigrationSteps",
  "hotlineBlock",
  "callToAction",
  "faq",
] as const;

/** The `sections` field shared by campaigns (landing page body) and pages. */
export function sectionsField(options: { title: string; description: string; requireOne: boolean; group?: string }) {
  return defineField({
    name: "sections",
    title: options.title,
    description: options.description,
    group: options.group,
    type: "array",
    of: SECTION_TYPE_NAMES.map((type) => defineArrayMember({ type })),
    validation: (rule) => (options.requireOne ? rule.required().min(1).error("Add at least one section") : rule),
  });
}
