/**
 * WhatsApp message templates as Twilio's Content API names them: outside the 24-hour
 * customer-care window WhatsApp only delivers an approved template, sent by its Content SID with
 * values for its variables (`{{1}}`, `{{2}}`, …).
 * https://www.twilio.com/docs/content/send-templates-created-with-the-content-template-builder
 */
import { defineArrayMember, defineField } from "sanity";

export const CONTENT_SID_PATTERN = /^HX[0-9a-f]{32}$/;

export const CONTENT_SID_MESSAGE = "A Content SID is HX followed by 32 lower-case hexadecimal characters";

/** Variable names: the template's numbers ({{1}}) or names ({{first_name}}). */
export const TEMPLATE_VARIABLE_KEY_PATTERN = /^[A-Za-z0-9_]{1,64}$/;

/** The `contentSid` field of a template. */
export function contentSidField() {
  return defineField({
    name: "contentSid",
    title: "Content SID",
    description: "From Twilio Console › Content Template Builder, e.g. HX followed by 32 characters.",
    type: "string",
    validation: (rule) => [
      rule.required().error("Give the approved template's Content SID"),
      rule.regex(CONTENT_SID_PATTERN).error(CONTENT_SID_MESSAGE),
    ],
  });
}

/** The `variables` field of a template: `{ _key, key, value }[]`, each key once. */
export function templateVariablesField() {
  return defineField({
    name: "variables",
    title: "Variables",
    description: "Values for the template's placeholders: key 1 fills {{1}}.",
    type: "array",
    of: [
      defineArrayMember({
        name: "templateVariable",
        title: "Variable",
        type: "object",
        fields: [
          defineField({
            name: "key",
            title: "Key",
            type: "string",
            validation: (rule) => [
              rule.required().error("Name the placeholder, e.g. 1"),
              rule.regex(TEMPLATE_VARIABLE_KEY_PATTERN).error("Use the placeholder's number or name, e.g. 1"),
            ],
          }),
          defineField({
            name: "value",
            title: "Value",
            type: "string",
            validation: (rule) => rule.required().error("Give the value the placeholder takes"),
          }),
        ],
        preview: {
          select: { key: "key", value: "value" },
          prepare: ({ key, value }) => ({ title: `{{${key ?? "?"}}}`, subtitle: value }),
        },
      }),
    ],
    validation: (rule) =>
      rule.custom((variables) => {
        const keys = (Array.isArray(variables) ? variables : []).map((variable) => (variable as { key?: unknown }).key);
        const repeated = keys.filter((key, index) => typeof key === "string" && keys.indexOf(key) !== index);
        return repeated.length > 0 ? `Each key once (repeated: ${[...new Set(repeated)].join(", ")})` : true;
      }),
  });
}
