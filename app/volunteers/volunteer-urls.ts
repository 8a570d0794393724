/** The volunteer pages' URLs, and the referral link a volunteer shares. */
import type { Locale } from "~/i18n/locales";

export const REFERRAL_PREFIX = "/r";

export function volunteerPath(locale: Locale): string {
  return `/${locale}/volunteer`;
}

export function referralPath(code: string, campaign: string): string {
  return `${REFERRAL_PREFIX}/${encodeURIComponent(code)}/${encodeURIComponent(campaign)}`;
}

/** The volunteer's printable poster for a campaign: its QR code opens their referral link. */
export function volunteerPosterPath(locale: Locale, campaign: string): string {
  return `/${locale}/volunteer/poster/${encodeURIComponent(campaign)}`;
}

/** The query parameter a referral redirect adds to the campaign page: the volunteer's code for its SMS call to action. */
export const VIA_PARAM = "via";
