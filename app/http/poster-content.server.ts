/**
 * What a printable poster shows, for any address: the campaign page's own poster passes the
 * campaign's URL, a volunteer's poster passes the referral link (`/r/:code/:campaign`). Returns
 * the `SharePoster` props and the display forms of its number (for `PhoneDisplayProvider`).
 */
import type { SharePosterProps } from "~/components/share-poster";
import type { ContentSource } from "~/content/content-source";
import type { Campaign } from "~/content/schemas";
import type { Locale } from "~/i18n/locales";
import { posterCountry, posterHotline } from "~/sharing/poster-hotline";
import { posterQr } from "~/sharing/poster-qr.server";
import { phoneDisplayFor, type PhoneDisplay } from "./phone-display.server";
import { orFallback } from "./route-errors";

export interface PosterContentOptions {
  locale: Locale;
  campaign: Pick<Campaign, "title" | "countries" | "share">;
  /** The address the QR code opens. */
  url: string;
  /** Where the poster hangs, when the reader chose (ISO country, region code). */
  country?: string | null;
  region?: string | null;
  /** The SMS call to action to print (a volunteer's poster: the join keyword with their code). */
  subscribe?: { keyword: string; number: string } | null;
}

export interface PosterContent {
  poster: SharePosterProps;
  /** The country whose hotline is printed (null for a campaign without countries). */
  country: string | null;
  phoneDisplay: PhoneDisplay;
}

export async function posterContent(content: Pick<ContentSource, "hotlines">, options: PosterContentOptions): Promise<PosterContent> {
  const { locale, campaign } = options;
  const country = posterCountry(locale, campaign.countries, options.country);
  // A poster without a number is still a poster: an outage leaves the hotline out, not the page.
  const hotlines = country ? await orFallback(content.hotlines(locale, [country]), []) : [];
  const hotline = country ? posterHotline(hotlines, { locale, country, region: options.region }) : null;
  return {
    poster: {
      locale,
      title: campaign.title,
      message: campaign.share.text,
      hotline: hotline ? { organization: hotline.organization, phone: hotline.phone, sms: hotline.sms, isSample: hotline.isSample } : null,
      qr: posterQr(options.url),
      subscribe: options.subscribe ?? null,
    },
    country,
    phoneDisplay: phoneDisplayFor([hotline?.phone, hotline?.sms, options.subscribe?.number]),
  };
}
