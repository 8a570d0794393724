import { TagIcon } from "@sanity/icons";
import { defineField, defineType } from "sanity";
import { LOCALE_FIELD_KEYS } from "./locales";
import { STUDIO_API_VERSION } from "./lib/campaignLocales";
import {
  KEYWORD_INTENTS,
  OTHER_KEYWORDS_QUERY,
  STANDARD_OPT_OUT_WORDS,
  type OtherKeyword,
  builtInTakenOverMessage,
  findBuiltInWordsTakenOver,
  findKeywordConflicts,
  keywordConflictMessage,
  keywordIntentTitle,
  keywordWordsOf,
  localesWithWords,
} from "./lib/keywordWords";
import { hasAnyLocale } from "./lib/missingLocales";
import { placeholderProblems } from "./lib/smsPlaceholders";

/** Placeholders a campaign welcome may use: it replaces the standard subscription confirmation. */
export const KEYWORD_REPLY_PLACEHOLDERS = ["region", "hotline"] as const;

/** Shown on the document and on its intent: what these words can and cannot change. */
export const KEYWORD_DESCRIPTION =
  "Words people text to subscribe (join), get hotlines (help), stop messages (stop) or erase their data (delete). " +
  "They add to the built-in words of each intent, which always work and keep their meaning. " +
  `STOP words can only ADD to the built-in opt-out list: ${STANDARD_OPT_OUT_WORDS.join(", ")} and the localized ` +
  "words of every language (СТОП, ТОКТОТ, توقف, بند, …) always opt out, whatever is written here.";

interface KeywordValue {
  intent?: unknown;
  words?: unknown;
}

// A campaign and a welcome only make sense for words that subscribe.
function isNotJoin(document: unknown): boolean {
  const intent = (document as KeywordValue | undefined)?.intent;
  return intent !== undefined && intent !== "join";
}

/**
 * Words people text to the campaign number by SMS or WhatsApp. The app has built-in words for
 * every intent in every locale (app/i18n/keywords.ts), so a bare install works; these documents
 * add to them.
 */
export const keywordType = defineType({
  name: "keyword",
  title: "Keyword",
  type: "document",
  icon: TagIcon,
  description: KEYWORD_DESCRIPTION,
  fields: [
    defineField({
      name: "intent",
      title: "What the words do",
      description: KEYWORD_DESCRIPTION,
      type: "string",
      options: { list: [...KEYWORD_INTENTS], layout: "radio" },
      validation: (rule) => rule.required().error("Choose what these words do"),
    }),
    defineField({
      name: "words",
      title: "Words",
      description:
        "One word per entry, in the locale people write it in. Case, surrounding punctuation and Arabic-Indic or Persian digits do not matter.",
      type: "localeKeywords",
      validation: (rule) =>
        rule.custom((words) => (keywordWordsOf(words).length > 0 ? true : "Add at least one word in at least one locale")),
    }),
    defineField({
      name: "campaign",
      title: "Campaign (optional)",
      description: "People who text one of these words subscribe to this campaign, e.g. SAFE.",
      type: "reference",
      to: [{ type: "campaign" }],
      hidden: ({ document, value }) => value === undefined && isNotJoin(document),
      validation: (rule) =>
        rule.custom((campaign, context) =>
          campaign !== undefined && isNotJoin(context.document) ? "Only join words subscribe to a campaign" : true,
        ),
    }),
    defineField({
      name: "reply",
      title: "Welcome (optional)",
      description:
        "A campaign welcome sent instead of the standard confirmation once the subscriber has chosen language and region. " +
        "May use {region} and {hotline}. Locales left empty get the standard confirmation.",
      type: "localeSmsText",
      hidden: ({ document, value }) => value === undefined && isNotJoin(document),
      validation: (rule) => [
        rule.custom((reply) => {
          const problems = placeholderProblems(reply, { allowed: KEYWORD_REPLY_PLACEHOLDERS });
          return problems.length > 0 ? problems : true;
        }),
        rule.custom((reply, context) => (hasAnyLocale(reply) && isNotJoin(context.document) ? "Only join words send a welcome" : true)),
      ],
    }),
  ],
  validation: (rule) => [
    rule.custom(async (keyword, context) => {
      const { intent, words } = (keyword ?? {}) as KeywordValue;
      if (typeof intent !== "string" || !context.document) return true;
      const id = context.document._id.replace(/^drafts\./, "");
      let others: OtherKeyword[];
      try {
        others = await context.getClient({ apiVersion: STUDIO_API_VERSION }).fetch<OtherKeyword[]>(OTHER_KEYWORDS_QUERY, { id, intent });
      } catch {
        // Offline or no read access: other documents cannot be checked now; the built-in
        // words still are.
        others = [];
      }
      const conflicts = findKeywordConflicts(intent, words, others);
      return conflicts.length > 0
        ? conflicts.map((conflict) => ({
            message: keywordConflictMessage(conflict),
            path: ["words", conflict.fieldKey, conflict.index],
          }))
        : true;
    }),
    rule
      .custom((keyword) => {
        const { intent, words } = (keyword ?? {}) as KeywordValue;
        const takenOver = findBuiltInWordsTakenOver(intent, words);
        return takenOver.length > 0
          ? takenOver.map((conflict) => ({
              message: builtInTakenOverMessage(conflict),
              path: ["words", conflict.fieldKey, conflict.index],
            }))
          : true;
      })
      .warning(),
  ],
  preview: {
    select: { intent: "intent", words: "words", campaign: "campaign.title.en" },
    prepare({ intent, words, campaign }) {
      const english = keywordWordsOf(words)
        .filter((word) => word.fieldKey === "en")
        .map((word) => word.word);
      return {
        title: `${keywordIntentTitle(intent)}: ${english.length > 0 ? english.join(", ") : "no English words"}`,
        subtitle: [`${localesWithWords(words)}/${LOCALE_FIELD_KEYS.length} locales`, campaign].filter(Boolean).join(" · "),
      };
    },
  },
});
