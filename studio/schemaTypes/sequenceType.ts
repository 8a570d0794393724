import { CalendarIcon, WarningOutlineIcon } from "@sanity/icons";
import { defineArrayMember, defineField, defineType } from "sanity";
import { firstLocalizedText } from "./lib/localizedText";
import { campaignMessageRules } from "./lib/messageRules";
import { sampleField } from "./lib/sampleField";
import { SAMPLE_PREVIEW_MARKER, isMarkedSample } from "./lib/sampleMark";
import { formatStepDays, isSortedByDay, repeatedDayOffsets } from "./lib/sequenceSteps";
import { contentSidField, templateVariablesField } from "./lib/whatsappTemplate";

/**
 * Messages sent a number of days after someone subscribes to a campaign, in their language: for
 * example a welcome on day 0, "check your contract before you sign" on day 3, and a reminder of
 * the hotline on day 7.
 */
export const sequenceType = defineType({
  name: "sequence",
  title: "Sequence",
  type: "document",
  icon: CalendarIcon,
  description: 'Drip messages relative to subscription, e.g. day 0 welcome, day 3 "check your contract", day 7 hotline reminder.',
  fields: [
    sampleField("sequence"),
    defineField({
      name: "title",
      title: "Title (internal)",
      type: "string",
      validation: (rule) => rule.required().error("Give the sequence a title staff will recognize"),
    }),
    defineField({
      name: "campaign",
      title: "Campaign",
      description: "Subscribers of this campaign receive the sequence.",
      type: "reference",
      to: [{ type: "campaign" }],
      validation: (rule) => rule.required().error("Choose the campaign whose subscribers receive the sequence"),
    }),
    defineField({
      name: "steps",
      title: "Steps",
      description:
        "Each step is sent the given number of days after the subscriber joined (day 0: at once), in the send window of their region. " +
        'For example: day 0 welcome, day 3 "check your contract before you sign", day 7 hotline reminder.',
      type: "array",
      of: [
        defineArrayMember({
          name: "sequenceStep",
          title: "Step",
          type: "object",
          fields: [
            defineField({
              name: "dayOffset",
              title: "Day",
              description: "Days after subscribing; 0 = right away.",
              type: "number",
              validation: (rule) => [
                rule.required().error("Say on which day the step is sent"),
                rule.integer().min(0).error("Use a whole number of days, 0 or more"),
              ],
            }),
            defineField({
              name: "message",
              title: "Message",
              type: "localeSmsText",
              validation: (rule) => [
                rule.required().error("Write the message"),
                // Sequences go to all of the campaign's subscribers, in all its published locales.
                ...campaignMessageRules(rule, (_document, campaign) => campaign.locales),
              ],
            }),
            defineField({
              name: "whatsappTemplate",
              title: "WhatsApp template (optional)",
              description: "Sent to WhatsApp subscribers outside the 24-hour window, when they have not written recently.",
              type: "object",
              options: { collapsible: true, collapsed: true },
              fields: [contentSidField(), templateVariablesField()],
            }),
          ],
          preview: {
            select: { dayOffset: "dayOffset", message: "message" },
            prepare: ({ dayOffset, message }) => ({
              title: typeof dayOffset === "number" ? `Day ${dayOffset}` : "No day",
              subtitle: firstLocalizedText(message) ?? "No text yet",
            }),
          },
        }),
      ],
      validation: (rule) => [
        rule.required().min(1).error("Add at least one step"),
        rule.custom((steps) => {
          const repeated = repeatedDayOffsets(steps);
          return repeated.length > 0 ? `One step per day (repeated: day ${repeated.join(", ")})` : true;
        }),
        rule.custom((steps) => (isSortedByDay(steps) ? true : "List the steps in day order")).warning(),
      ],
    }),
    defineField({
      name: "active",
      title: "Active",
      description: "Only active sequences enroll new subscribers.",
      type: "boolean",
      initialValue: false,
    }),
  ],
  preview: {
    select: { title: "title", steps: "steps", active: "active", campaign: "campaign.title.en", isSample: "isSample" },
    prepare({ title, steps, active, campaign, isSample }) {
      const sample = isMarkedSample(isSample);
      return {
        title: title || "Untitled sequence",
        subtitle: [sample && SAMPLE_PREVIEW_MARKER, active === true ? "Active" : "Inactive", formatStepDays(steps), campaign]
          .filter(Boolean)
          .join(" · "),
        ...(sample ? { media: WarningOutlineIcon } : {}),
      };
    },
  },
});
