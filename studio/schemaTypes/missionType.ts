import { RocketIcon } from "@sanity/icons";
import { defineField, defineType } from "sanity";
import { firstLocalizedText } from "./lib/localizedText";
import { missingLocales } from "./lib/missingLocales";
import { LOCALE_CODES } from "./locales";

function requireEnglish(what: string) {
  return (value: unknown): string | true =>
    missingLocales(value, ["en"]).length > 0 ? `Write the ${what} at least in English (en)` : true;
}

function warnUntranslated(value: unknown): string | true {
  const missing = missingLocales(value, LOCALE_CODES);
  return missing.length > 0 ? `Not yet translated: ${missing.join(", ")}` : true;
}

/**
 * A goal volunteers work towards for one campaign between two dates, shown with their progress on
 * the volunteer page: visits through their links, SMS subscribers, or school sessions reported and
 * confirmed by staff.
 */
export const missionType = defineType({
  name: "mission",
  title: "Volunteer mission",
  type: "document",
  icon: RocketIcon,
  fields: [
    defineField({
      name: "title",
      title: "Title",
      type: "localeString",
      validation: (rule) => [rule.custom(requireEnglish("title")), rule.custom(warnUntranslated).warning()],
    }),
    defineField({
      name: "description",
      title: "What to do",
      type: "localeText",
      validation: (rule) => [rule.custom(requireEnglish("description")), rule.custom(warnUntranslated).warning()],
    }),
    defineField({
      name: "campaign",
      title: "Campaign",
      type: "reference",
      to: [{ type: "campaign" }],
      validation: (rule) => rule.required().error("A mission is for one campaign"),
    }),
    defineField({
      name: "goalKind",
      title: "What counts",
      type: "string",
      options: {
        list: [
          { title: "Visits through the volunteer's links", value: "visits" },
          { title: "SMS subscribers", value: "sms-subscribers" },
          { title: "School sessions (reported, confirmed by staff)", value: "school-sessions" },
        ],
        layout: "radio",
      },
      validation: (rule) => rule.required().error("Choose what the mission counts"),
    }),
    defineField({
      name: "goalCount",
      title: "Goal",
      description: "How many, e.g. 50 visits or 1 school session.",
      type: "number",
      validation: (rule) => rule.required().integer().min(1).max(1_000_000).error("A whole number from 1"),
    }),
    defineField({
      name: "startDate",
      title: "Start",
      type: "date",
      validation: (rule) => rule.required().error("When the mission starts"),
    }),
    defineField({
      name: "endDate",
      title: "End (optional)",
      description: "Leave empty for a mission that runs until you end it.",
      type: "date",
      validation: (rule) =>
        rule.custom((end, context) => {
          const start = (context.document as { startDate?: string } | undefined)?.startDate;
          return typeof end === "string" && start && end < start ? "The end must be after the start" : true;
        }),
    }),
  ],
  preview: {
    select: { title: "title", goalKind: "goalKind", goalCount: "goalCount" },
    prepare: ({ title, goalKind, goalCount }) => ({
      title: firstLocalizedText(title) ?? "Untitled mission",
      subtitle: `${goalCount ?? "?"} × ${goalKind ?? "?"}`,
    }),
  },
});
