/**
 * `/og/:lang/:campaign.png`: the campaign's link-preview image in a locale, from the in-memory
 * cache (app/sharing/share-image-cache.server.ts), answered in Express ahead of the page
 * microcache (server/share-image-route.ts), whose replay would drop the ETag. The URL the pages link to carries the image's
 * hash (`?v=`): that version is cached for a year; any other request gets a short cache. Every
 * answer has the hash as its ETag. Missing or bad content, an outage or a rendering failure gives
 * a generic image, never an error: a crawler that got a 500 would keep no preview at all. The
 * security headers let other origins embed these images (Cross-Origin-Resource-Policy).
 */
import type { ContentSource } from "~/content/content-source";
import type { Campaign } from "~/content/schemas";
import { DEFAULT_LOCALE, isLocale, type Locale } from "~/i18n/locales";
import { uiStrings } from "~/i18n/ui-strings";
import { errorFacts } from "~/lib/log-error.server";
import type { Logger } from "~/lib/logger.server";
import { createShareImageCache, shareImageHash } from "~/sharing/share-image-cache.server";
import { renderBlankShareImage, renderShareImage, type ShareImageInput } from "~/sharing/share-image.server";
import { IMMUTABLE_ASSET_CACHE, NOT_FOUND_CACHE } from "./cache-control";
import { absoluteUrl, SHARE_IMAGE_PREFIX } from "./site-urls";
import { todayIsoDate } from "./today";

/** About 30 kB an image: 300 images (two campaigns × 11 locales many times over) stay under 10 MB. */
const cache = createShareImageCache({ maxEntries: 300 });
/** An image whose URL has no (or an old) version: a crawler re-reads it soon. */
const UNVERSIONED_CACHE = "public, max-age=300";

const PNG_FILE = /^([A-Za-z0-9][A-Za-z0-9_-]{0,199})\.png$/;

/** What the image of this campaign shows in this locale. */
export function campaignShareImageInput(locale: Locale, campaign: Pick<Campaign, "title">, baseUrl: string): ShareImageInput {
  return { locale, title: campaign.title, host: hostOf(baseUrl) };
}

/** The image's path with its version, for og:image. */
export function shareImagePath(input: ShareImageInput, slug: string): string {
  return `${SHARE_IMAGE_PREFIX}${input.locale}/${encodeURIComponent(slug)}.png?v=${shareImageHash(input)}`;
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return "";
  }
}

export interface ShareImageRequest {
  lang: string | undefined;
  file: string | undefined;
  /** The `v` query parameter: the version the page linked to. */
  version: string | undefined;
  ifNoneMatch: string | undefined;
  content: Pick<ContentSource, "campaign">;
  baseUrl: string;
  now: () => Date;
  logger: Logger;
}

export interface ShareImageAnswer {
  status: 200 | 304 | 404;
  headers: Record<string, string>;
  body: Buffer | null;
}

async function campaignOrNull(options: ShareImageRequest, locale: Locale, slug: string): Promise<Campaign | null> {
  try {
    return await options.content.campaign(locale, slug, todayIsoDate(options.now()));
  } catch (error) {
    options.logger.warn({ error: errorFacts(error) }, "share image: content unavailable, generic image");
    return null;
  }
}

async function pngFor(input: ShareImageInput, hash: string, logger: Logger): Promise<Buffer> {
  try {
    return await cache.get(hash, async () => {
      const rendered = await renderShareImage(input);
      if (rendered.missingGlyphs.length > 0) {
        // Counts only: the text itself is content, but a log line needs no more than where to look.
        logger.warn({ locale: input.locale, missing: rendered.missingGlyphs.length }, "share image: text without a font");
      }
      return rendered.png;
    });
  } catch (error) {
    logger.error({ error: errorFacts(error), locale: input.locale }, "share image: rendering failed, blank image");
    return renderBlankShareImage();
  }
}

/** The answer to GET /og/:lang/:file (a 404 only for a URL that cannot name an image). */
export async function shareImageAnswer(options: ShareImageRequest): Promise<ShareImageAnswer> {
  const match = PNG_FILE.exec(options.file ?? "");
  if (!match)
    return { status: 404, headers: { "Content-Type": "text/plain", "Cache-Control": NOT_FOUND_CACHE }, body: Buffer.from("Not found") };
  const locale = options.lang && isLocale(options.lang) ? options.lang : DEFAULT_LOCALE;
  const campaign = await campaignOrNull(options, locale, match[1]!);
  const input: ShareImageInput = campaign
    ? campaignShareImageInput(locale, campaign, options.baseUrl)
    : // The generic image: what the site is for, in the asked locale.
      { locale, title: uiStrings(locale).campaignsIntro, host: hostOf(options.baseUrl) };
  const hash = shareImageHash(input);
  const etag = `"${hash}"`;
  const versioned = campaign !== null && options.version === hash;
  const headers = { "Content-Type": "image/png", "Cache-Control": versioned ? IMMUTABLE_ASSET_CACHE : UNVERSIONED_CACHE, ETag: etag };
  if (options.ifNoneMatch === etag) return { status: 304, headers, body: null };
  const png = await pngFor(input, hash, options.logger);
  return { status: 200, headers: { ...headers, "Content-Length": String(png.length) }, body: png };
}

/** The absolute og:image URL of a campaign in a locale. */
export function campaignShareImageUrl(baseUrl: string, locale: Locale, campaign: Pick<Campaign, "slug" | "title">): string {
  return absoluteUrl(baseUrl, shareImagePath(campaignShareImageInput(locale, campaign, baseUrl), campaign.slug));
}
