import { CommentIcon } from "@sanity/icons";
import { defineField, defineType } from "sanity";
import { SmsSegmentInput } from "../inputs/SmsSegmentInput";
import { LOCALE_FIELD_KEYS, LOCALES } from "./locales";
import { firstLocalizedText, translatedCountLabel } from "./lib/localizedText";

/**
 * A text message in every locale (SMS replies, keyword welcomes, broadcasts, sequence steps):
 * the same shape as `localeText`, with an input that counts characters, encoding and SMS segments
 * as staff type, because one curly quote can double what a message costs.
 */
export const localeSmsTextType = defineType({
  name: "localeSmsText",
  title: "Localized SMS text",
  type: "object",
  icon: CommentIcon,
  options: { collapsible: true, collapsed: false },
  fields: LOCALES.map((locale) =>
    defineField({
      name: locale.fieldKey,
      title: locale.title,
      type: "text",
      rows: 3,
      // The input shows right-to-left locales right to left itself (it knows its locale from its path).
      components: { input: SmsSegmentInput },
    }),
  ),
  preview: {
    select: Object.fromEntries(LOCALE_FIELD_KEYS.map((key) => [key, key])),
    prepare(selection) {
      return { title: firstLocalizedText(selection) ?? "Not written yet", subtitle: translatedCountLabel(selection) };
    },
  },
});
