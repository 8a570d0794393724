/**
 * Which public page a path is, for page-view counting: the same URL shapes as app/http/site-urls.ts
 * (`/:lang`, `/:lang/hotlines`, `/:lang/:campaign`, `/:lang/:campaign/:page`, `/languages`).
 * Anything else (assets, staff, webhooks, the dev phone, /go/…) is not a page view. Whether the
 * page exists is left to the response status (only a 200 is counted).
 */
import { isLocale } from "~/i18n/locales";
import { LANGUAGES_PATH } from "~/http/site-urls";

export interface SitePage {
  locale: string;
  campaign: string;
  /** "home", "hotlines", "languages", "campaign" (a landing page) or the page's slug. */
  page: string;
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,95}$/;
const NOT_CAMPAIGNS: ReadonlySet<string> = new Set(["hotlines", "volunteer"]);

export function sitePageOf(pathname: string): SitePage | null {
  if (pathname === LANGUAGES_PATH) return { locale: "", campaign: "", page: "languages" };
  const parts = pathname.split("/").slice(1);
  if (parts.at(-1) === "") parts.pop();
  const [lang, campaign, page, ...rest] = parts;
  if (!lang || !isLocale(lang) || rest.length > 0) return null;
  if (campaign === undefined) return { locale: lang, campaign: "", page: "home" };
  if (campaign === "hotlines" && page === undefined) return { locale: lang, campaign: "", page: "hotlines" };
  if (!SLUG.test(campaign) || NOT_CAMPAIGNS.has(campaign)) return null;
  if (page === undefined) return { locale: lang, campaign, page: "campaign" };
  return SLUG.test(page) ? { locale: lang, campaign, page } : null;
}
