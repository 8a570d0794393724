/**
 * Validation rules for a campaign message (`localeSmsText` in a broadcast or a sequence step):
 * the campaign's fallback locale must be written (error), other locales the message goes out in
 * should be (warning, naming the fallback they get instead). Both read the campaign through the
 * Studio's client, as page validation does.
 */
import type { Rule, ValidationContext } from "sanity";
import { STUDIO_API_VERSION } from "./campaignLocales";
import {
  type CampaignLanguages,
  fallbackMissingMessage,
  fallingBackMessage,
  fetchCampaignLanguages,
  messageLocaleReport,
  referencedId,
} from "./messageLocales";
import { localeFieldKey } from "../locales";

/** The campaign the document belongs to (its `campaign` reference), read for validation. */
export async function campaignLanguagesOf(context: ValidationContext): Promise<CampaignLanguages | undefined> {
  const id = referencedId((context.document as { campaign?: unknown } | undefined)?.campaign);
  if (id === undefined) return undefined;
  return fetchCampaignLanguages(context.getClient({ apiVersion: STUDIO_API_VERSION }), id);
}

/** Chooses the locales a message is sent in, given the document and its campaign. */
export type TargetLocales = (document: unknown, campaign: CampaignLanguages) => readonly string[];

/** The two rules for a message field; `targetLocales` says which locales to warn about. */
export function campaignMessageRules(rule: Rule, targetLocales: TargetLocales): Rule[] {
  return [
    rule.custom(async (message, context) => {
      const campaign = await campaignLanguagesOf(context);
      if (campaign === undefined) return true;
      const report = messageLocaleReport(message, [], campaign.fallbackLocale);
      return report.fallbackMissing
        ? { message: fallbackMissingMessage(campaign.fallbackLocale), path: [localeFieldKey(campaign.fallbackLocale)] }
        : true;
    }),
    rule
      .custom(async (message, context) => {
        const campaign = await campaignLanguagesOf(context);
        if (campaign === undefined) return true;
        const report = messageLocaleReport(message, targetLocales(context.document, campaign), campaign.fallbackLocale);
        return report.fallingBack.length > 0
          ? report.fallingBack.map((code) => ({ message: fallingBackMessage(code, campaign.fallbackLocale), path: [localeFieldKey(code)] }))
          : true;
      })
      .warning(),
  ];
}
