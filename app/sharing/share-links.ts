/**
 * Share links: plain URLs that open the reader's own app (WhatsApp, Telegram, …) or web page of a
 * network with the text and the address filled in. No widget and no third-party script: the
 * network learns that something was shared only when the reader taps and chooses to post.
 * Pure and shared by the campaign pages, the counted redirect (/go/share/…) and the volunteer page.
 */
import type { Locale } from "~/i18n/locales";

export const SHARE_NETWORKS = Object.freeze(["whatsapp", "telegram", "facebook", "vk", "odnoklassniki", "x", "email", "sms"] as const);
export type ShareNetwork = (typeof SHARE_NETWORKS)[number];

/**
 * Networks whose link opens an app through its own URL scheme (mailto:, sms:). A redirect to such
 * a scheme is not followed by every browser, so these are always linked directly.
 */
export const APP_SCHEME_NETWORKS: ReadonlySet<ShareNetwork> = new Set<ShareNetwork>(["email", "sms"]);

export function isShareNetwork(value: string): value is ShareNetwork {
  return (SHARE_NETWORKS as readonly string[]).includes(value);
}

/** What is shared: the address, the message and (e-mail subject, VK, OK) a title. */
export interface ShareContent {
  url: string;
  text: string;
  title?: string | null;
}

/**
 * Where readers are (docs/CONTEXT): in Central Asia and Russia WhatsApp, Telegram, VK and
 * Odnoklassniki are the networks people use; in Afghanistan, Pakistan and Iraq WhatsApp and
 * Facebook. Every network is offered everywhere; the order puts the likely ones first.
 */
const CENTRAL_ASIA_ORDER: readonly ShareNetwork[] = ["whatsapp", "telegram", "vk", "odnoklassniki", "facebook", "x", "sms", "email"];
const DEFAULT_ORDER: readonly ShareNetwork[] = ["whatsapp", "facebook", "telegram", "x", "sms", "email", "vk", "odnoklassniki"];
const CENTRAL_ASIA_LOCALES: ReadonlySet<Locale> = new Set<Locale>(["ru", "ky", "kk", "uz", "tg"]);

export function shareNetworksFor(locale: Locale): readonly ShareNetwork[] {
  return CENTRAL_ASIA_LOCALES.has(locale) ? CENTRAL_ASIA_ORDER : DEFAULT_ORDER;
}

/** Lone surrogates (a cut emoji) make encodeURIComponent throw: replaced by U+FFFD, like toWellFormed(). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * RFC 3986 percent-encoding of UTF-8, stricter than encodeURIComponent: `!'()*` are encoded too,
 * so no mail or SMS app can read them as syntax. Line ends become LF.
 */
export function encodeComponent(value: string): string {
  const clean = value.replace(LONE_SURROGATE, "\uFFFD").replace(/\r\n?/g, "\n");
  return encodeURIComponent(clean).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

const query = (pairs: ReadonlyArray<readonly [string, string]>) =>
  pairs.map(([name, value]) => `${name}=${encodeComponent(value)}`).join("&");

/** The message with the address on its own line (messengers turn it into a preview card). */
const messageWithUrl = (content: ShareContent) => `${content.text.trim()}\n${content.url}`;
const titleOf = (content: ShareContent) => content.title?.trim() || content.text.trim();

/** The link that shares `content` on `network`. */
export function shareHref(network: ShareNetwork, content: ShareContent): string {
  switch (network) {
    // https://faq.whatsapp.com/5913398998672934 (wa.me/?text=: the reader picks the chat)
    case "whatsapp":
      return `https://wa.me/?${query([["text", messageWithUrl(content)]])}`;
    // https://core.telegram.org/widgets/share#custom-buttons
    case "telegram":
      return `https://t.me/share/url?${query([
        ["url", content.url],
        ["text", content.text.trim()],
      ])}`;
    // Facebook reads the text and image from the page's Open Graph tags; only the address is passed.
    case "facebook":
      return `https://www.facebook.com/sharer/sharer.php?${query([["u", content.url]])}`;
    case "vk":
      return `https://vk.com/share.php?${query([
        ["url", content.url],
        ["title", titleOf(content)],
      ])}`;
    case "odnoklassniki":
      return `https://connect.ok.ru/offer?${query([
        ["url", content.url],
        ["title", titleOf(content)],
        ["description", content.text.trim()],
      ])}`;
    // https://developer.x.com/en/docs/x-for-websites/tweet-button/guides/web-intent
    case "x":
      return `https://x.com/intent/post?${query([
        ["text", content.text.trim()],
        ["url", content.url],
      ])}`;
    // RFC 6068: no recipient, subject and body percent-encoded, line breaks as CRLF (%0D%0A).
    case "email":
      return `mailto:?${query([
        ["subject", titleOf(content)],
        ["body", `${content.text.trim()}\n\n${content.url}`],
      ]).replace(/%0A/g, "%0D%0A")}`;
    // `sms:?&body=`: Android reads `?body=`, iOS (8 and later) reads `&body=`; this form works on both.
    case "sms":
      return `sms:?&${query([["body", messageWithUrl(content)]])}`;
  }
}

export interface ShareLink {
  network: ShareNetwork;
  href: string;
}

/** Every network's link, in the locale's order. */
export function shareLinks(content: ShareContent, locale: Locale): ShareLink[] {
  return shareNetworksFor(locale).map((network) => ({ network, href: shareHref(network, content) }));
}
