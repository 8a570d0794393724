/**
 * Which locales a campaign message (broadcast, sequence step) is written in. A subscriber whose
 * locale has no text gets the campaign's fallback locale, never an empty message, so the fallback
 * text is required and the other gaps are shown as warnings.
 */
import { DEFAULT_LOCALE, LOCALE_CODES, localeFieldKey } from "../locales";
import type { QueryClient } from "./campaignLocales";
import { formatMissingLocales, hasLocalizedText, knownLocales } from "./missingLocales";

/** The campaign's fallback locale and published locales; both versions when it has a draft. */
export const CAMPAIGN_LANGUAGES_QUERY = `*[_id in [$id, "drafts." + $id]]{_id, fallbackLocale, locales}`;

export interface CampaignLanguages {
  fallbackLocale: string;
  locales: string[];
}

interface CampaignLanguagesRow {
  _id?: unknown;
  fallbackLocale?: unknown;
  locales?: unknown;
}

/**
 * The campaign's languages (the published version decides; a campaign that only exists as a
 * draft still guides its messages), or `undefined` when they cannot be read (offline, no
 * permission, campaign missing): the check is then skipped rather than block editing.
 */
export async function fetchCampaignLanguages(client: QueryClient, campaignId: string): Promise<CampaignLanguages | undefined> {
  let rows: unknown;
  try {
    rows = await client.fetch(CAMPAIGN_LANGUAGES_QUERY, { id: campaignId });
  } catch {
    return undefined;
  }
  if (!Array.isArray(rows) || rows.length === 0) return undefined;
  const typed = rows as CampaignLanguagesRow[];
  const campaign = typed.find((row) => row._id === campaignId) ?? typed[0]!;
  const fallback = campaign.fallbackLocale;
  return {
    // A campaign without one uses English, the campaign type's initial value.
    fallbackLocale: typeof fallback === "string" && LOCALE_CODES.includes(fallback as never) ? fallback : DEFAULT_LOCALE,
    locales: knownLocales(campaign.locales),
  };
}

/** The id a `reference` value points to, if any. */
export function referencedId(value: unknown): string | undefined {
  const ref = (value as { _ref?: unknown } | undefined)?._ref;
  return typeof ref === "string" && ref !== "" ? ref : undefined;
}

export interface MessageLocaleReport {
  /** True when the fallback locale has no text: recipients would be left with nothing. */
  fallbackMissing: boolean;
  /** Target locales (other than the fallback) with no text, in canonical order: they get the fallback. */
  fallingBack: string[];
}

/**
 * Checks a localized message against the locales it is sent in: the audience's locales when it
 * names some, else the campaign's published locales.
 */
export function messageLocaleReport(message: unknown, targetLocales: readonly string[], fallbackLocale: string): MessageLocaleReport {
  const record = typeof message === "object" && message !== null ? (message as Record<string, unknown>) : {};
  const has = (code: string) => hasLocalizedText(record[localeFieldKey(code)]);
  return {
    fallbackMissing: !has(fallbackLocale),
    fallingBack: knownLocales(targetLocales).filter((code) => code !== fallbackLocale && !has(code)),
  };
}

/** "Missing: ps, ckb → fallback en", for previews; undefined when nothing is missing. */
export function formatFallbackSummary(report: MessageLocaleReport, fallbackLocale: string): string | undefined {
  if (report.fallbackMissing) {
    const others = report.fallingBack.length > 0 ? `, ${report.fallingBack.join(", ")}` : "";
    return `Missing: ${fallbackLocale} (fallback)${others}`;
  }
  return report.fallingBack.length > 0 ? `${formatMissingLocales(report.fallingBack)} → fallback ${fallbackLocale}` : undefined;
}

export function fallbackMissingMessage(fallbackLocale: string): string {
  return `Write the message in ${fallbackLocale}, the campaign's fallback locale: recipients whose language has no text get it`;
}

export function fallingBackMessage(code: string, fallbackLocale: string): string {
  return `No ${code} text: ${code} recipients get the ${fallbackLocale} text (falls back to ${fallbackLocale})`;
}
