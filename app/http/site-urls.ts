/** URL paths of the public site, built in one place so links, canonicals and the sitemap agree. */
import type { Locale } from "~/i18n/locales";

export const LANGUAGES_PATH = "/languages";

export function localeHomePath(locale: Locale): string {
  return `/${locale}`;
}

export function hotlinesPath(locale: Locale): string {
  return `/${locale}/hotlines`;
}

export function campaignPath(locale: Locale, campaign: string): string {
  return `/${locale}/${encodeURIComponent(campaign)}`;
}

export function campaignPagePath(locale: Locale, campaign: string, page: string): string {
  return `${campaignPath(locale, campaign)}/${encodeURIComponent(page)}`;
}

/** The printable A4 poster of a campaign, with a QR code to its page. */
export function campaignPosterPath(locale: Locale, campaign: string): string {
  return `${campaignPath(locale, campaign)}/poster`;
}

/** Where the link-preview images are (`/og/:lang/:campaign.png`, app/http/share-image.server.ts). */
export const SHARE_IMAGE_PREFIX = "/og/";

/** An absolute URL on the configured public origin (`env.PUBLIC_BASE_URL`, no trailing slash). */
export function absoluteUrl(baseUrl: string, path: string): string {
  return `${baseUrl}${path}`;
}
