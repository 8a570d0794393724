/**
 * The site's counting in Express: page views (mounted before the page cache, so a page served
 * from the cache is counted too; counted when the response finishes with 200) and the tracked
 * links under /go (tracked-links.ts): redirects to targets built from content, and pings.
 */
import express, { type Request, type RequestHandler, type Response, type Router } from "express";
import { z } from "zod";
import { sitePageOf } from "~/analytics/site-pages";
import type { SiteReach } from "~/analytics/site-reach.server";
import { HOTLINE_TAP_KINDS, SHARE_NETWORKS, TRACKED_PREFIX, type HotlineTapKind } from "~/analytics/tracked-links";
import { hotlineLinks } from "~/components/hotline-card";
import type { ContentSource } from "~/content/content-source";
import type { Hotline } from "~/content/schemas";
import { NO_STORE } from "~/http/cache-control";
import { absoluteUrl, campaignPath } from "~/http/site-urls";
import { todayIsoDate } from "~/http/today";
import { DEFAULT_LOCALE, isLocale, type Locale } from "~/i18n/locales";
import { APP_SCHEME_NETWORKS, shareHref } from "~/sharing/share-links";

/** Counts page views (and referral visits, `?ref=…`) of public pages; mount before the page cache. */
export function countPageViews(reach: SiteReach): RequestHandler {
  return (req, res, next) => {
    if (req.method !== "GET") return next();
    const page = sitePageOf(req.path);
    if (!page) return next();
    res.on("finish", () => {
      if (res.statusCode !== 200) return;
      reach.count(req, { event: "page_view", ...page });
      if (typeof req.query.ref === "string" && req.query.ref !== "") reach.count(req, { event: "referral_visit", ...page });
    });
    next();
  };
}

const localeOf = (value: unknown): Locale => (typeof value === "string" && isLocale(value) ? value : DEFAULT_LOCALE);
const HotlineParams = z.object({ id: z.string().min(1).max(128), kind: z.enum(HOTLINE_TAP_KINDS) });
const ShareParams = z.object({ network: z.enum(SHARE_NETWORKS) });
const CampaignSlug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,95}$/);

const LINK_CHANNEL: Record<HotlineTapKind, ReturnType<typeof hotlineLinks>[number]["channel"]> = {
  tel: "call",
  sms: "sms",
  whatsapp: "whatsapp",
  telegram: "telegram",
};

/** A hotline's region, when it serves exactly one; "" for nationwide and multi-region lines. */
const placeOf = (hotline: Hotline) => ({ country: hotline.country, region: hotline.regions.length === 1 ? hotline.regions[0]!.code : "" });

/** Pings from another site are answered but not counted (they could only inflate counts). */
function isCrossSite(req: Request): boolean {
  const site = req.get("sec-fetch-site");
  return site !== undefined && site !== "same-origin";
}

function noContent(res: Response): void {
  res.status(204).set("Cache-Control", NO_STORE).end();
}

function notFound(res: Response): void {
  res.status(404).set("Cache-Control", NO_STORE).type("text/plain").send("Not Found");
}

export interface TrackedRoutesOptions {
  reach: SiteReach;
  content: ContentSource;
  baseUrl: string;
  now: () => Date;
  /** Called for each counted hotline tap (volunteer attribution); must not throw. */
  onHotlineTap?: (req: Request) => void;
}

/** GET /go/hotline/:id/:kind, GET /go/share/:network, POST /go/ping/{hotline/:id/:kind,share/:network,exit,language}. */
export function trackedRoutes(options: TrackedRoutesOptions): Router {
  const { reach, content, baseUrl, now } = options;
  const router = express.Router();

  async function hotlineTarget(req: Request): Promise<{ hotline: Hotline; href: string; kind: HotlineTapKind; locale: Locale } | null> {
    const params = HotlineParams.safeParse(req.params);
    if (!params.success) return null;
    const locale = localeOf(req.query.lang);
    const hotline = (await content.hotlines(locale)).find((candidate) => candidate._id === params.data.id);
    const link = hotline ? hotlineLinks(hotline).find((candidate) => candidate.channel === LINK_CHANNEL[params.data.kind]) : undefined;
    return hotline && link ? { hotline, href: link.href, kind: params.data.kind, locale } : null;
  }

  const countTap = (req: Request, target: NonNullable<Awaited<ReturnType<typeof hotlineTarget>>>) => {
    options.onHotlineTap?.(req);
    reach.count(req, {
      event: "hotline_tap",
      locale: target.locale,
      detail: target.kind,
      hotlineId: target.hotline._id,
      place: placeOf(target.hotline),
    });
  };

  router.get(`${TRACKED_PREFIX}/hotline/:id/:kind`, async (req, res, next) => {
    try {
      const target = await hotlineTarget(req);
      if (!target) return notFound(res);
      countTap(req, target);
      res.set("Cache-Control", NO_STORE).redirect(302, target.href);
    } catch (error) {
      next(error);
    }
  });

  router.post(`${TRACKED_PREFIX}/ping/hotline/:id/:kind`, async (req, res, next) => {
    try {
      const target = await hotlineTarget(req);
      if (target && !isCrossSite(req)) countTap(req, target);
      noContent(res);
    } catch (error) {
      next(error);
    }
  });

  async function shareTarget(req: Request) {
    const params = ShareParams.safeParse(req.params);
    const slug = CampaignSlug.safeParse(req.query.campaign);
    if (!params.success || !slug.success) return null;
    const locale = localeOf(req.query.lang);
    const campaign = await content.campaign(locale, slug.data, todayIsoDate(now()));
    if (!campaign) return null;
    const url = absoluteUrl(baseUrl, campaignPath(locale, campaign.slug));
    const href = shareHref(params.data.network, { url, text: campaign.share.text, title: campaign.share.title ?? campaign.title });
    return { network: params.data.network, locale, campaign, href };
  }

  // Web networks only: mailto: and sms: are linked directly and counted by ping (below).
  router.get(`${TRACKED_PREFIX}/share/:network`, async (req, res, next) => {
    try {
      const target = await shareTarget(req);
      if (!target || APP_SCHEME_NETWORKS.has(target.network)) return notFound(res);
      reach.count(req, { event: "share_click", campaign: target.campaign.slug, locale: target.locale, detail: target.network });
      res.set("Cache-Control", NO_STORE).redirect(302, target.href);
    } catch (error) {
      next(error);
    }
  });

  router.post(`${TRACKED_PREFIX}/ping/share/:network`, async (req, res, next) => {
    try {
      const target = await shareTarget(req);
      if (target && !isCrossSite(req)) {
        reach.count(req, { event: "share_click", campaign: target.campaign.slug, locale: target.locale, detail: target.network });
      }
      noContent(res);
    } catch (error) {
      next(error);
    }
  });

  router.post(`${TRACKED_PREFIX}/ping/exit`, (req, res) => {
    if (!isCrossSite(req))
      reach.count(req, { event: "quick_exit", locale: isLocale(String(req.query.lang)) ? String(req.query.lang) : "" });
    noContent(res);
  });

  router.post(`${TRACKED_PREFIX}/ping/language`, (req, res) => {
    const to = String(req.query.to ?? "");
    const from = String(req.query.from ?? "");
    if (isLocale(to) && !isCrossSite(req)) {
      reach.count(req, { event: "language_change", locale: to, detail: isLocale(from) ? from.toLowerCase() : "" });
    }
    noContent(res);
  });

  return router;
}
