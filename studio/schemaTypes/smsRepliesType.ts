import { CommentIcon } from "@sanity/icons";
import { defineField, defineType } from "sanity";
import { LOCALE_FIELD_KEYS, LOCALES } from "./locales";
import { hasAnyLocale } from "./lib/missingLocales";
import { placeholderProblems } from "./lib/smsPlaceholders";
import { SMS_REPLY_FIELDS, STOP_LINE_FIELD, STOP_WORD, localesWithoutStopWord } from "./lib/smsReplyFields";

/** The document id of the one SMS replies document (the Studio offers no way to create another). */
export const SMS_REPLIES_ID = "smsReplies";

function localeCodeOf(fieldKey: string): string {
  return LOCALES.find((locale) => locale.fieldKey === fieldKey)?.code ?? fieldKey;
}

/**
 * The texts of SMS and WhatsApp conversations: menus, confirmations, help, the stop line. The app
 * has a built-in text for each in every locale; what is written here replaces it, locale by
 * locale.
 */
export const smsRepliesType = defineType({
  name: "smsReplies",
  title: "SMS replies",
  type: "document",
  icon: CommentIcon,
  fields: SMS_REPLY_FIELDS.map((field) =>
    defineField({
      name: field.name,
      title: field.title,
      description: `${field.description} Leave a locale empty to use the built-in text.`,
      type: "localeSmsText",
      validation: (rule) => {
        const rules = [
          rule.custom((value) => {
            const problems = placeholderProblems(value, field);
            return problems.length > 0 ? problems : true;
          }),
        ];
        if (field.name === "moreOption") {
          rules.push(
            rule.custom((value) => {
              const record = (value ?? {}) as Record<string, unknown>;
              const wrong = LOCALE_FIELD_KEYS.filter((key) => {
                const text = record[key];
                return typeof text === "string" && text.trim() !== "" && !text.trim().startsWith("0");
              });
              return wrong.length > 0
                ? wrong.map((key) => ({ message: "Start with 0: people reply 0 to see more regions", path: [key] }))
                : true;
            }),
          );
        }
        if (field.name === STOP_LINE_FIELD) {
          rules.push(
            rule
              .custom((value) => {
                const missing = localesWithoutStopWord(value, LOCALE_FIELD_KEYS);
                return missing.length > 0
                  ? missing.map((key) => ({
                      message: `Name ${STOP_WORD} (${localeCodeOf(key)}): it works on every phone, next to the local word`,
                      path: [key],
                    }))
                  : true;
              })
              .warning(),
          );
        }
        return rules;
      },
    }),
  ),
  preview: {
    select: Object.fromEntries(SMS_REPLY_FIELDS.map((field) => [field.name, field.name])),
    prepare(selection) {
      const written = SMS_REPLY_FIELDS.filter((field) => hasAnyLocale(selection[field.name])).length;
      return { title: "SMS replies", subtitle: `${written}/${SMS_REPLY_FIELDS.length} texts rewritten, the rest built in` };
    },
  },
});
