import { BellIcon } from "@sanity/icons";
import { defineField, defineType } from "sanity";
import { firstLocalizedText } from "./lib/localizedText";
import { SLUG_MESSAGE, SLUG_PATTERN } from "./lib/slug";
import { SMS_KEYWORD_MESSAGE, SMS_KEYWORD_PATTERN } from "./lib/smsKeyword";

export const CALL_TO_ACTION_ACTIONS = [
  { title: "Subscribe to SMS alerts", value: "subscribe" },
  { title: "Become a volunteer", value: "volunteer" },
  { title: "Open a page of this campaign", value: "page" },
] as const;

/** Asks the reader to do one thing: subscribe by SMS, volunteer, or read another page. */
export const callToActionType = defineType({
  name: "callToAction",
  title: "Call to action",
  type: "object",
  icon: BellIcon,
  fields: [
    defineField({
      name: "heading",
      title: "Heading",
      type: "localeString",
      validation: (rule) => rule.required().error("A call to action needs a heading"),
    }),
    defineField({
      name: "text",
      title: "Text",
      type: "localeText",
      validation: (rule) => rule.required().error("Say what the reader gets by acting"),
    }),
    defineField({
      name: "action",
      title: "Action",
      type: "string",
      options: { list: [...CALL_TO_ACTION_ACTIONS], layout: "radio" },
      initialValue: "subscribe",
      validation: (rule) => rule.required().error("Choose what the button does"),
    }),
    defineField({
      name: "keyword",
      title: "SMS keyword",
      description: "Leave empty to use the campaign's SMS keyword.",
      type: "string",
      hidden: ({ parent }) => parent?.action !== "subscribe",
      validation: (rule) => rule.regex(SMS_KEYWORD_PATTERN).error(SMS_KEYWORD_MESSAGE),
    }),
    defineField({
      name: "pageSlug",
      title: "Page slug",
      description: "The slug of a page of this campaign, e.g. how-to-check-an-employer.",
      type: "string",
      hidden: ({ parent }) => parent?.action !== "page",
      validation: (rule) => [
        rule.regex(SLUG_PATTERN).error(SLUG_MESSAGE),
        rule.custom((slug, context) => {
          const parent = context.parent as { action?: string } | undefined;
          return parent?.action === "page" && !slug ? "Enter the slug of the page to open" : true;
        }),
      ],
    }),
  ],
  preview: {
    select: { heading: "heading", action: "action" },
    prepare({ heading, action }) {
      const label = CALL_TO_ACTION_ACTIONS.find((option) => option.value === action)?.title ?? "No action chosen";
      return { title: firstLocalizedText(heading) ?? "Untitled call to action", subtitle: `Call to action · ${label}` };
    },
  },
});
