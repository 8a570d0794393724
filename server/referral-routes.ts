/**
 * `/r/:code/:campaign`: a volunteer's referral link. Answers 302 to the campaign page (a target
 * built from content, so no open redirect), in the locale the visitor chose (`?lang=`), else the
 * volunteer's, else the visitor's Accept-Language, else the campaign's fallback. Sets no cookie.
 * A visit is credited to the volunteer once per daily visitor hash (app/volunteers/attribution.server.ts)
 * and counted as a `referral_visit` reach event; bots, prefetches and the volunteer's own visits
 * (their session cookie) count nothing. An unknown or disabled code still leads to the campaign.
 */
import express, { type Router } from "express";
import { z } from "zod";
import type { SiteReach } from "~/analytics/site-reach.server";
import type { ContentSource } from "~/content/content-source";
import type { Database } from "~/db/client.server";
import { negotiateLocale } from "~/http/accept-language";
import { NO_STORE } from "~/http/cache-control";
import { campaignPath } from "~/http/site-urls";
import { todayIsoDate } from "~/http/today";
import { DEFAULT_LOCALE, isLocale, type Locale } from "~/i18n/locales";
import { errorFacts } from "~/lib/log-error.server";
import type { Logger } from "~/lib/logger.server";
import { recordReferralVisit } from "~/volunteers/attribution.server";
import { parseReferralCode } from "~/volunteers/referral-code";
import { referrerByCode, type Referrer } from "~/volunteers/referrers.server";
import { sessionIdFromCookie, volunteerIdOfSession } from "~/volunteers/volunteer-session.server";
import { REFERRAL_PREFIX, VIA_PARAM } from "~/volunteers/volunteer-urls";

const CampaignSlug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,95}$/);

export interface ReferralRoutesOptions {
  db: Database;
  content: ContentSource;
  logger: Logger;
  sessionSecret: string;
  /** Absent (tests without counting): links redirect and count nothing. */
  reach?: SiteReach;
  now: () => Date;
}

export function referralRoutes(options: ReferralRoutesOptions): Router {
  const { db, content, logger, sessionSecret, reach, now } = options;
  const router = express.Router();

  async function credit(req: express.Request, referrer: Referrer, campaign: string, locale: Locale): Promise<void> {
    if (!reach) return;
    const own = await volunteerIdOfSession(db, sessionIdFromCookie(req.headers.cookie, sessionSecret), now());
    if (own === referrer.id) return;
    const visitor = await reach.visitor(req);
    if (!visitor) return;
    const counted = await recordReferralVisit(db, {
      volunteerId: referrer.id,
      campaign,
      locale,
      visitorHash: visitor.visitorHash,
      at: visitor.at,
      country: visitor.place.country,
      region: visitor.place.region,
    });
    if (counted) reach.count(req, { event: "referral_visit", campaign, locale });
  }

  router.get(`${REFERRAL_PREFIX}/:code/:campaign`, async (req, res, next) => {
    try {
      const slug = CampaignSlug.safeParse(req.params.campaign);
      if (!slug.success) {
        res.status(404).set("Cache-Control", NO_STORE).type("text/plain").send("Not Found");
        return;
      }
      const code = parseReferralCode(req.params.code);
      const referrer = code ? await referrerByCode(db, code) : null;
      const chosen = typeof req.query.lang === "string" && isLocale(req.query.lang) ? req.query.lang : undefined;
      const candidates = [
        chosen,
        referrer && isLocale(referrer.locale) ? referrer.locale : undefined,
        negotiateLocale(req.get("accept-language")),
      ];
      const today = todayIsoDate(now());
      let target: { locale: Locale; slug: string } | null = null;
      for (const locale of [...new Set(candidates.filter((c): c is Locale => c !== undefined)), DEFAULT_LOCALE]) {
        const campaign = await content.campaign(locale, slug.data, today);
        if (campaign) {
          target = { locale, slug: campaign.slug };
          break;
        }
      }
      if (!target) {
        res.status(404).set("Cache-Control", NO_STORE).type("text/plain").send("Not Found");
        return;
      }
      if (referrer) {
        await credit(req, referrer, target.slug, target.locale).catch((error: unknown) =>
          logger.error({ error: errorFacts(error) }, "referral visit not credited"),
        );
      }
      // A live account's code rides along (`?via=`) so the page's SMS call to action can print
      // "JOIN <code>": the subscriber then chooses to send it (decision 027, "Subscriptions").
      const via = referrer && code ? `?${VIA_PARAM}=${code}` : "";
      res.set("Cache-Control", NO_STORE).redirect(302, `${campaignPath(target.locale, target.slug)}${via}`);
    } catch (error) {
      next(error);
    }
  });

  return router;
}
