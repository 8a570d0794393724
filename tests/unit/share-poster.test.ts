/**
 * The printable poster: its QR code, drawn as the poster draws it and rasterised by resvg,
 * decodes (jsqr) to the exact address, short or long (a volunteer's referral link); the hotline
 * is the one for where the poster hangs; a right-to-left poster says so.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SharePoster } from "~/components/share-poster";
import type { Hotline } from "~/content/schemas";
import { LOCALES, direction } from "~/i18n/locales";
import { posterCountry, posterHotline } from "~/sharing/poster-hotline";
import { posterQr, type PosterQr } from "~/sharing/poster-qr.server";
import { decodeQrSvg } from "../setup/qr-decode";

/** The poster's <svg> for a QR code, as the component renders it. */
function posterSvg(qr: PosterQr, locale: (typeof LOCALES)[number] = "en"): string {
  const html = renderToStaticMarkup(createElement(SharePoster, { locale, title: "T", message: "M", hotline: null, qr }));
  return /<svg[\s\S]*?<\/svg>/.exec(html)![0];
}

describe("posterQr", () => {
  it.each([
    "https://protect.example.org/ky/know-before-you-go",
    "https://protect.example.org/fa-AF/safe-journeys",
    "https://protect.example.org/r/Zq8kT3xw/know-before-you-go?utm=poster&lang=ckb#hotlines",
    `https://protect.example.org/r/${"a".repeat(120)}/safe-journeys`,
  ])("decodes to %s", (url) => {
    const qr = posterQr(url);
    expect(qr.url).toBe(url);
    expect(decodeQrSvg(posterSvg(qr))).toBe(url);
  });

  it("reads the same inside a right-to-left poster (the code is never mirrored)", () => {
    const url = "https://protect.example.org/ps/know-before-you-go";
    expect(decodeQrSvg(posterSvg(posterQr(url), "ps"))).toBe(url);
  });
});

const line = (id: string, country: string, extra: Partial<Hotline> = {}): Hotline => ({
  _id: id,
  organization: id,
  country,
  regions: [],
  phone: "+996000000101",
  hours: { open24h: true, timezone: "Asia/Bishkek" },
  languages: [],
  nationalities: [],
  international: false,
  freeOfCharge: true,
  lastVerifiedAt: "2026-01-01T00:00:00Z",
  isSample: true,
  ...extra,
});

describe("posterHotline", () => {
  const hotlines = [
    line("iq-national", "IQ", { languages: ["ar", "ckb"] }),
    line("iq-kurdistan", "IQ", { regions: [{ code: "IQ-AR" }], languages: ["ckb", "ar"] }),
    line("kz-consular-kg", "KZ", { nationalities: ["KG"], city: "Almaty" }),
    line("kz-national", "KZ", { languages: ["kk", "ru"] }),
    line("kz-iom", "KZ", { languages: ["ru", "kk", "ky"] }),
  ];

  it("prefers the region's line, then a nationwide one, then one in the poster's language", () => {
    expect(posterHotline(hotlines, { locale: "ckb", country: "IQ" })?._id).toBe("iq-national");
    expect(posterHotline(hotlines, { locale: "ckb", country: "IQ", region: "IQ-AR" })?._id).toBe("iq-kurdistan");
    expect(posterHotline(hotlines, { locale: "ky", country: "KZ" })?._id).toBe("kz-iom");
    expect(posterHotline(hotlines, { locale: "kk", country: "KZ" })?._id).toBe("kz-national");
  });

  it("never prints a line for citizens abroad, and gives none for a country without lines", () => {
    expect(posterHotline(hotlines.slice(2, 3), { locale: "ky", country: "KZ" })).toBeNull();
    expect(posterHotline(hotlines, { locale: "ur", country: "PK" })).toBeNull();
  });

  it("hangs in the asked country, else the locale's, else the campaign's first", () => {
    expect(posterCountry("ky", ["KG", "KZ"], "KZ")).toBe("KZ");
    expect(posterCountry("ky", ["KG", "KZ"], "AF")).toBe("KG");
    expect(posterCountry("kk", ["KG", "KZ"], null)).toBe("KZ");
    expect(posterCountry("ru", ["KG", "KZ"])).toBe("KG");
    expect(posterCountry("en", [])).toBeNull();
  });
});

describe.each(LOCALES)("SharePoster in %s", (locale) => {
  it("carries its language and direction, and keeps the address left to right", () => {
    const html = renderToStaticMarkup(
      createElement(SharePoster, {
        locale,
        title: "Title",
        message: "Message",
        hotline: { organization: "Org", phone: "+996000000101", sms: null, isSample: true },
        qr: posterQr("https://protect.example.org/x"),
      }),
    );
    expect(html).toContain(`<article class="poster" lang="${locale}" dir="${direction(locale)}">`);
    expect(html).toMatch(/<span class="poster-url" dir="ltr">https:\/\/protect\.example\.org\/x<\/span>/);
    expect(html).toContain('<span class="tel">+996000000101</span>');
    // A sample number says it reaches nobody, on the paper itself.
    expect(html).toContain('class="poster-sample"');
  });
});
