/**
 * Reads the locales a campaign publishes, for validating the pages that belong to it. A page is
 * checked against its campaign's `locales`, which live in another document.
 */
import { knownLocales } from "./missingLocales";

/** API version for the Studio's own queries (validation, structure lists). */
export const STUDIO_API_VERSION = "2025-02-19";

// The published campaign decides; a campaign that only exists as a draft still guides its pages.
export const CAMPAIGN_LOCALES_QUERY = `coalesce(*[_id == $id][0].locales, *[_id == "drafts." + $id][0].locales)`;

/** The part of `SanityClient` this needs, so tests can pass any client version. */
export interface QueryClient {
  fetch(query: string, params: Record<string, unknown>): Promise<unknown>;
}

/**
 * The campaign's known locale codes, or `undefined` when they cannot be read (offline, no
 * permission, campaign missing): page validation then skips the check rather than block editing.
 */
export async function fetchCampaignLocales(client: QueryClient, campaignId: string): Promise<string[] | undefined> {
  try {
    const locales = await client.fetch(CAMPAIGN_LOCALES_QUERY, { id: campaignId });
    return Array.isArray(locales) ? knownLocales(locales) : undefined;
  } catch {
    return undefined;
  }
}
