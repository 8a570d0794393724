/**
 * Links that count a tap without JavaScript. Two mechanisms, chosen per target:
 * - web targets (WhatsApp's wa.me, Telegram's t.me, the share links) go through a tracked
 *   redirect, `/go/…`: the server counts, then answers 302 to a target it builds from content
 *   (never from the URL, so it is no open redirect). Works in every browser.
 * - `tel:` and `sms:` links, the quick exit and the language links keep their direct target (a
 *   call or a way out must not wait for a round trip, and a redirect to `tel:` is not followed by
 *   every browser) and carry a `ping` attribute: the browser POSTs to `/go/ping/…` as it follows
 *   the link. Chromium and Safari send pings; Firefox does not by default, so those taps are
 *   undercounted there (docs/analytics.md).
 */
import type { ShareNetwork } from "~/sharing/share-links";

export const TRACKED_PREFIX = "/go";

/** Tap kinds as counted (the detail of hotline_tap). */
export const HOTLINE_TAP_KINDS = Object.freeze(["tel", "sms", "whatsapp", "telegram"] as const);
export type HotlineTapKind = (typeof HOTLINE_TAP_KINDS)[number];

/** Share networks as counted (the detail of share_click): every network of app/sharing/share-links.ts. */
export { SHARE_NETWORKS, type ShareNetwork } from "~/sharing/share-links";

const query = (values: Record<string, string | undefined>) => {
  const entries = Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== "");
  return entries.length === 0 ? "" : `?${new URLSearchParams(entries).toString()}`;
};

/** The redirect through which a hotline's WhatsApp or Telegram link is counted. */
export function hotlineRedirectPath(hotlineId: string, kind: HotlineTapKind, locale: string): string {
  return `${TRACKED_PREFIX}/hotline/${encodeURIComponent(hotlineId)}/${kind}${query({ lang: locale })}`;
}

/** The ping that counts a tap on a hotline's `tel:` or `sms:` link. */
export function hotlinePingPath(hotlineId: string, kind: HotlineTapKind, locale: string): string {
  return `${TRACKED_PREFIX}/ping/hotline/${encodeURIComponent(hotlineId)}/${kind}${query({ lang: locale })}`;
}

/** The redirect through which a campaign's share link is counted. */
export function shareRedirectPath(network: ShareNetwork, locale: string, campaign: string): string {
  return `${TRACKED_PREFIX}/share/${network}${query({ lang: locale, campaign })}`;
}

/** The ping that counts a tap on a share link followed directly (mailto:, sms:). */
export function sharePingPath(network: ShareNetwork, locale: string, campaign: string): string {
  return `${TRACKED_PREFIX}/ping/share/${network}${query({ lang: locale, campaign })}`;
}

export function quickExitPingPath(locale: string | undefined): string {
  return `${TRACKED_PREFIX}/ping/exit${query({ lang: locale })}`;
}

export function languagePingPath(from: string | undefined, to: string): string {
  return `${TRACKED_PREFIX}/ping/language${query({ from, to })}`;
}
