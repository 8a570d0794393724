import { TagsIcon } from "@sanity/icons";
import { defineField, defineType } from "sanity";
import { LOCALE_FIELD_KEYS, LOCALES } from "./locales";
import { KEYWORD_SPACE_MESSAGE, hasInnerSpace, keywordWordError, localesWithWords, normalizeKeywordWord } from "./lib/keywordWords";
import { localeFieldComponents } from "./lib/localeFieldComponents";

function wordsOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The words of one keyword in every locale; people may type any of them, in any case. */
export const localeKeywordsType = defineType({
  name: "localeKeywords",
  title: "Keywords by locale",
  type: "object",
  icon: TagsIcon,
  options: { collapsible: true, collapsed: false },
  fields: LOCALES.map((locale) =>
    defineField({
      name: locale.fieldKey,
      title: locale.title,
      type: "array",
      of: [{ type: "string" }],
      options: { layout: "tags" },
      components: localeFieldComponents(locale),
      validation: (rule) => [
        rule.custom((words) => {
          const problems = wordsOf(words).flatMap((word, index) => {
            const message = keywordWordError(word);
            return message === undefined ? [] : [{ message, path: [index] }];
          });
          return problems.length > 0 ? problems : true;
        }),
        rule.custom((words) => {
          const seen = new Set<string>();
          const repeated = wordsOf(words).flatMap((word, index) => {
            if (typeof word !== "string") return [];
            const normalized = normalizeKeywordWord(word);
            if (!seen.has(normalized)) {
              seen.add(normalized);
              return [];
            }
            return [{ message: `"${word}" is already in this list (case and punctuation do not matter)`, path: [index] }];
          });
          return repeated.length > 0 ? repeated : true;
        }),
        rule
          .custom((words) => {
            const spaced = wordsOf(words).flatMap((word, index) =>
              hasInnerSpace(word) ? [{ message: KEYWORD_SPACE_MESSAGE, path: [index] }] : [],
            );
            return spaced.length > 0 ? spaced : true;
          })
          .warning(),
      ],
    }),
  ),
  preview: {
    select: Object.fromEntries(LOCALE_FIELD_KEYS.map((key) => [key, key])),
    prepare(selection) {
      const english = wordsOf(selection.en).filter((word): word is string => typeof word === "string");
      return {
        title: english.length > 0 ? english.join(", ") : "No English words",
        subtitle: `${localesWithWords(selection)}/${LOCALE_FIELD_KEYS.length} locales`,
      };
    },
  },
});
