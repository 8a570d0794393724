import { DocumentIcon } from "@sanity/icons";
import { defineField, defineType, type SlugValidationContext } from "sanity";
import { STUDIO_API_VERSION, fetchCampaignLocales } from "./lib/campaignLocales";
import { firstLocalizedText } from "./lib/localizedText";
import { formatMissingLocales, knownLocales, missingLocalesAcross } from "./lib/missingLocales";
import { findMissingTranslations, missingTranslationErrors } from "./lib/missingTranslations";
import { sectionsField } from "./lib/sectionsField";
import { SLUG_MAX_LENGTH, SLUG_MESSAGE, SLUG_PATTERN, slugify } from "./lib/slug";

function campaignIdOf(page: unknown): string | undefined {
  const ref = (page as { campaign?: { _ref?: unknown } } | undefined)?.campaign?._ref;
  return typeof ref === "string" ? ref : undefined;
}

// Page slugs are unique within their campaign, not across the site: two campaigns may both have
// a "how-to-check-an-employer" page.
async function isSlugUniqueInCampaign(slug: string | undefined, context: SlugValidationContext): Promise<boolean> {
  const campaignId = campaignIdOf(context.document);
  if (!slug || !campaignId || !context.document) return true;
  const id = context.document._id.replace(/^drafts\./, "");
  try {
    const taken = await context
      .getClient({ apiVersion: STUDIO_API_VERSION })
      .fetch<number>(
        'count(*[_type == "page" && campaign._ref == $campaignId && slug.current == $slug && !(_id in [$id, "drafts." + $id])])',
        { campaignId, slug, id },
      );
    return taken === 0;
  } catch {
    // Offline: nothing can be published either, and the check runs again once the lake answers.
    return true;
  }
}

/** A further page of a campaign (e.g. "How to check an employer"), linked from its landing page. */
export const pageType = defineType({
  name: "page",
  title: "Page",
  type: "document",
  icon: DocumentIcon,
  fields: [
    defineField({
      name: "campaign",
      title: "Campaign",
      type: "reference",
      to: [{ type: "campaign" }],
      validation: (rule) => rule.required().error("A page belongs to a campaign"),
    }),
    defineField({
      name: "title",
      title: "Title",
      type: "localeString",
      validation: (rule) => rule.required().error("A page needs a title"),
    }),
    defineField({
      name: "slug",
      title: "URL slug",
      description: "Unique within the campaign, e.g. how-to-check-an-employer.",
      type: "slug",
      options: { source: "title.en", maxLength: SLUG_MAX_LENGTH, slugify, isUnique: isSlugUniqueInCampaign },
      // One rule, not a list: every rule of a slug field repeats the slug type's uniqueness check.
      validation: (rule) =>
        rule.custom((slug) => {
          const current = (slug as { current?: unknown } | undefined)?.current;
          if (typeof current !== "string" || current === "") return "A page needs a URL slug";
          return SLUG_PATTERN.test(current) ? true : SLUG_MESSAGE;
        }),
    }),
    defineField({
      name: "description",
      title: "Description",
      description: "One or two sentences for links to the page and search results.",
      type: "localeText",
      validation: (rule) => rule.required().error("A page needs a description"),
    }),
    defineField({
      name: "order",
      title: "Order",
      description: "Lower numbers are listed first on the landing page.",
      type: "number",
      initialValue: 0,
      validation: (rule) => rule.required().integer().error("Use a whole number, e.g. 0, 10, 20"),
    }),
    sectionsField({ title: "Sections", description: "The body of the page, top to bottom.", requireOne: true }),
  ],
  // Translations are required in the locales of the page's campaign, a different document.
  validation: (rule) =>
    rule.custom(async (page, context) => {
      const campaignId = campaignIdOf(page);
      if (!campaignId) return true;
      const locales = await fetchCampaignLocales(context.getClient({ apiVersion: STUDIO_API_VERSION }), campaignId);
      if (!locales) return true;
      return missingTranslationErrors(findMissingTranslations("page", page, locales));
    }),
  orderings: [{ title: "Order", name: "orderAsc", by: [{ field: "order", direction: "asc" }] }],
  preview: {
    select: {
      title: "title",
      description: "description",
      slug: "slug.current",
      campaignTitle: "campaign.title.en",
      campaignLocales: "campaign.locales",
      campaignStatus: "campaign.status",
    },
    prepare({ title, description, slug, campaignTitle, campaignLocales, campaignStatus }) {
      // The preview checks title and description; document validation also walks the sections.
      const missing = missingLocalesAcross([title, description], knownLocales(campaignLocales));
      return {
        title: firstLocalizedText(title) ?? slug ?? "Untitled page",
        subtitle: [
          campaignTitle ?? "No campaign",
          slug ? `/${slug}` : undefined,
          typeof campaignStatus === "string" ? campaignStatus : undefined,
          missing.length > 0 ? formatMissingLocales(missing) : undefined,
        ]
          .filter(Boolean)
          .join(" · "),
      };
    },
  },
});
