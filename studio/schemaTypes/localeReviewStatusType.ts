import { CheckmarkCircleIcon } from "@sanity/icons";
import { defineField, defineType } from "sanity";
import { LOCALE_FIELD_KEYS, LOCALES } from "./locales";

/**
 * How far each translation has been checked by a person. Machine-drafted text about trafficking
 * can be dangerously wrong, so staff record review per locale and the site can show it.
 */
export const REVIEW_STATUSES = [
  { title: "Machine-drafted", value: "machine-drafted" },
  { title: "Reviewed", value: "reviewed" },
  { title: "Approved", value: "approved" },
] as const;

export const localeReviewStatusType = defineType({
  name: "localeReviewStatus",
  title: "Translation review status",
  type: "object",
  icon: CheckmarkCircleIcon,
  options: { collapsible: true, collapsed: true },
  fields: LOCALES.map((locale) =>
    defineField({
      name: locale.fieldKey,
      title: locale.title,
      type: "string",
      options: { list: [...REVIEW_STATUSES], layout: "dropdown" },
    }),
  ),
  preview: {
    select: Object.fromEntries(LOCALE_FIELD_KEYS.map((key) => [key, key])),
    prepare(selection: Record<string, unknown>) {
      const approved = LOCALE_FIELD_KEYS.filter((key) => selection[key] === "approved");
      return {
        title: `${approved.length}/${LOCALE_FIELD_KEYS.length} locales approved`,
        subtitle: approved.length > 0 ? `Approved: ${approved.join(", ")}` : undefined,
      };
    },
  },
});
