/**
 * Share links for every network and every locale: the sample dataset's share texts (eleven
 * locales, five of them right to left) and strings chosen to break naive encoding (&, #, quotes,
 * newlines, emoji, a cut emoji, + and %), each checked by decoding the link again.
 */
import { readFileSync, readdirSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fieldKey, LOCALES, type Locale } from "~/i18n/locales";
import {
  encodeComponent,
  shareHref,
  shareLinks,
  shareNetworksFor,
  SHARE_NETWORKS,
  type ShareContent,
  type ShareNetwork,
} from "~/sharing/share-links";

const CAMPAIGNS_DIR = new URL("../../campaigns/", import.meta.url);
const sampleShareTexts = readdirSync(CAMPAIGNS_DIR)
  .filter((name) => name.endsWith(".ndjson"))
  .flatMap((name) => readFileSync(new URL(name, CAMPAIGNS_DIR), "utf8").split("\n"))
  .filter((line) => line.trim() !== "")
  .map((line) => JSON.parse(line) as { _type: string; share?: { text: Record<string, string>; title?: Record<string, string> } })
  .filter((document) => document._type === "campaign" && document.share);

const TRICKY = [
  "Tom & Jerry #1: \"quotes\" and 'single' = 100% + more?",
  "Line one\nLine two\r\nLine three",
  "Emoji 🇰🇬 👩🏽‍⚕️ ☎️ and a cut one \uD83D",
  "مسافر للعمل؟ اتصل على +964 800 000 000 (مجاني) & #مساعدة",
  "سفر مصئون با IOM در ۲۰۲۶: «مشوره» رایگان",
];
const URL_WITH_QUERY = "https://protect.example.org/ps/know-before-you-go?ref=ab12&x=1#top";

/** The decoded query parameters of a share link, whatever its scheme. */
function params(href: string): Map<string, string> {
  const query = href.slice(href.indexOf("?") + 1);
  return new Map(
    query
      .split("&")
      .filter((pair) => pair !== "")
      .map((pair) => {
        const [name, value = ""] = pair.split("=");
        return [name!, decodeURIComponent(value)] as const;
      }),
  );
}

const wellFormed = (text: string) => text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
const lf = (text: string) => wellFormed(text).replace(/\r\n?/g, "\n").trim();

/** What each network's link must carry, decoded. */
function expectCarries(network: ShareNetwork, href: string, content: ShareContent): void {
  const text = lf(content.text);
  const title = lf(content.title ?? content.text);
  // Only unreserved characters and percent-escapes in every value: nothing an app could read as syntax.
  for (const pair of href.slice(href.indexOf("?") + 1).split("&")) expect(pair, network).toMatch(/^[a-z]*(=[A-Za-z0-9\-._~%]*)?$/);
  const p = params(href);
  switch (network) {
    case "whatsapp":
      expect(href.startsWith("https://wa.me/?text=")).toBe(true);
      expect(p.get("text")).toBe(`${text}\n${content.url}`);
      break;
    case "telegram":
      expect(href.startsWith("https://t.me/share/url?")).toBe(true);
      expect([p.get("url"), p.get("text")]).toEqual([content.url, text]);
      break;
    case "facebook":
      expect(href).toBe(`https://www.facebook.com/sharer/sharer.php?u=${encodeComponent(content.url)}`);
      break;
    case "vk":
      expect(href.startsWith("https://vk.com/share.php?")).toBe(true);
      expect([p.get("url"), p.get("title")]).toEqual([content.url, title]);
      break;
    case "odnoklassniki":
      expect(href.startsWith("https://connect.ok.ru/offer?")).toBe(true);
      expect([p.get("url"), p.get("title"), p.get("description")]).toEqual([content.url, title, text]);
      break;
    case "x":
      expect(href.startsWith("https://x.com/intent/post?")).toBe(true);
      expect([p.get("text"), p.get("url")]).toEqual([text, content.url]);
      break;
    case "email":
      expect(href.startsWith("mailto:?subject=")).toBe(true);
      // RFC 6068: line breaks in the body are CRLF; no bare LF is left.
      expect(href).not.toMatch(/(?<!%0D)%0A/);
      expect(p.get("subject")).toBe(title.replace(/\n/g, "\r\n"));
      expect(p.get("body")).toBe(`${text}\n\n${content.url}`.replace(/\n/g, "\r\n"));
      break;
    case "sms":
      expect(href.startsWith("sms:?&body=")).toBe(true);
      expect(p.get("body")).toBe(`${text}\n${content.url}`);
      break;
  }
  if (network !== "email" && network !== "sms") expect(() => new URL(href)).not.toThrow();
}

describe.each(LOCALES)("share links in %s", (locale: Locale) => {
  const samples = sampleShareTexts.map((campaign) => ({
    url: `https://protect.example.org/${locale}/campaign`,
    text: campaign.share!.text[fieldKey(locale)]!,
    title: campaign.share!.title?.[fieldKey(locale)],
  }));

  it("has a share text and title in every sample campaign", () => {
    expect(samples.length).toBeGreaterThanOrEqual(2);
    for (const sample of samples) {
      expect(sample.text).toBeTruthy();
      expect(sample.title).toBeTruthy();
    }
  });

  it.each(SHARE_NETWORKS)("%s carries the sample texts and the address, decodable", (network) => {
    for (const content of samples) expectCarries(network, shareHref(network, content), content);
  });

  it.each(SHARE_NETWORKS)("%s survives &, #, quotes, newlines, emoji and mixed RTL text", (network) => {
    for (const text of TRICKY) {
      const content = { url: URL_WITH_QUERY, text, title: text };
      expectCarries(network, shareHref(network, content), content);
    }
  });

  it("offers every network once, in the locale's order", () => {
    const links = shareLinks({ url: URL_WITH_QUERY, text: "x" }, locale);
    expect(links.map((link) => link.network).sort()).toEqual([...SHARE_NETWORKS].sort());
    expect(links.map((link) => link.network)).toEqual(shareNetworksFor(locale));
  });
});

describe("share link encoding", () => {
  it("puts the likely networks first: VK and Odnoklassniki in Central Asia, Facebook in Afghanistan, Pakistan and Iraq", () => {
    expect(shareNetworksFor("ky").slice(0, 4)).toEqual(["whatsapp", "telegram", "vk", "odnoklassniki"]);
    expect(shareNetworksFor("ps").slice(0, 2)).toEqual(["whatsapp", "facebook"]);
  });

  it("uses the title for the e-mail subject, and the text when there is none", () => {
    expect(params(shareHref("email", { url: "https://a.example/", text: "Body", title: "Subject" })).get("subject")).toBe("Subject");
    expect(params(shareHref("email", { url: "https://a.example/", text: "Body", title: null })).get("subject")).toBe("Body");
  });

  it("round-trips any text and address through every network", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 80 }),
        fc.webUrl({ withQueryParameters: true, withFragments: true }),
        (text, url) => {
          fc.pre(text.trim() !== "");
          for (const network of SHARE_NETWORKS) expectCarries(network, shareHref(network, { url, text }), { url, text });
        },
      ),
      { numRuns: 200 },
    );
  });

  it("encodes !'()* too, and turns a lone surrogate into U+FFFD instead of throwing", () => {
    expect(encodeComponent("!'()*")).toBe("%21%27%28%29%2A");
    expect(encodeComponent("a\uD83Db")).toBe("a%EF%BF%BDb");
  });
});
