/**
 * Sharing through HTTP over the sample dataset, every campaign in every locale it publishes:
 * the landing page's share links, copy field, poster link and preview meta tags; the preview
 * image (PNG, 1200×630, versioned and cached by content hash, a generic image for anything
 * missing or broken); the printable poster, whose QR code decodes to the campaign page; and the
 * share taps counted (redirect for web networks, ping for mailto:/sms:).
 */
import { sql } from "drizzle-orm";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContentSource } from "~/content/content-source.server";
import type { ContentSource } from "~/content/content-source";
import { runSql } from "~/db/run-sql.server";
import { parseEnv } from "~/env.server";
import { direction } from "~/i18n/locales";
import { uiStrings } from "~/i18n/ui-strings";
import { createLogger } from "~/lib/logger.server";
import { SHARE_NETWORKS } from "~/sharing/share-links";
import { SAMPLE_DATASET_DIR } from "../mocks/sanity";
import { decodeQrSvg } from "../setup/qr-decode";
import { startTestServer, type TestServer } from "../setup/test-server";
import { anchors, elements, get, metaContent, sitePages, expectOnlyTheQuickExitScript } from "./site-helpers";

const TODAY = new Date().toISOString().slice(0, 10);
const BROWSER = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
const expected = createContentSource({
  env: parseEnv({ NODE_ENV: "test", CONTENT_DATASET_DIR: SAMPLE_DATASET_DIR }),
  logger: createLogger({ level: "silent" }),
});
const LANDINGS = sitePages(await expected.sitemap(TODAY)).filter((page) => page.kind === "landing");

/** The sample content, with a switch to retitle every campaign (a content change) and one to fail. */
const edits = { retitle: "", fail: false };
const content: ContentSource = Object.create(expected) as ContentSource;
content.campaign = async (...args) => {
  if (edits.fail) throw new Error("backend down");
  const campaign = await expected.campaign(...args);
  return campaign && edits.retitle ? { ...campaign, title: `${campaign.title} ${edits.retitle}` } : campaign;
};

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ content, reach: true });
});
afterAll(async () => {
  await server?.close();
});

const local = (url: string) => url.replace(server.env.PUBLIC_BASE_URL, server.url);

async function png(path: string, headers: Record<string, string> = {}): Promise<{ response: Response; image: PNG | null }> {
  const response = await fetch(`${server.url}${path}`, { headers });
  const body = Buffer.from(await response.arrayBuffer());
  return { response, image: response.status === 200 ? PNG.sync.read(body) : null };
}

it("covers both directions and at least two campaigns", () => {
  expect(new Set(LANDINGS.map((page) => direction(page.locale)))).toEqual(new Set(["ltr", "rtl"]));
  expect(new Set(LANDINGS.map((page) => page.path.split("/")[2])).size).toBeGreaterThanOrEqual(2);
});

describe.each(LANDINGS)("$path", ({ locale, path }) => {
  const slug = path.split("/")[2]!;

  it("has share links for every network, a labelled copy field and the poster link", async () => {
    const page = await get(`${server.url}${path}`);
    expect(page.status).toBe(200);
    const campaignUrl = `${server.env.PUBLIC_BASE_URL}${path}`;
    const shareLinks = anchors(page.html).filter((link) => link["data-network"]);
    expect(shareLinks.map((link) => link["data-network"]).sort()).toEqual([...SHARE_NETWORKS].sort());
    for (const link of shareLinks) {
      const network = link["data-network"]!;
      if (network === "email" || network === "sms") {
        expect(link.href).toMatch(network === "email" ? /^mailto:\?subject=/ : /^sms:\?&body=/);
        expect(decodeURIComponent(link.href!)).toContain(campaignUrl);
        expect(link.ping).toBe(`/go/ping/share/${network}?lang=${encodeURIComponent(locale)}&campaign=${slug}`);
      } else {
        expect(link.href).toBe(`/go/share/${network}?lang=${encodeURIComponent(locale)}&campaign=${slug}`);
      }
      expect(link.rel).toBe("nofollow noopener noreferrer");
      expect(link.text).not.toBe("");
    }
    const input = elements(page.html, "input").find((element) => element.readonly !== undefined)!;
    expect(input).toMatchObject({ type: "url", value: campaignUrl, dir: "ltr" });
    expect(elements(page.html, "label").find((label) => label.for === input.id)).toBeDefined();
    expect(page.html).toContain(`>${uiStrings(locale).shareLinkLabel}</label>`);
    // No button without JavaScript: the field is how to copy on a page that ships none.
    expectOnlyTheQuickExitScript(page.html);
    expect(page.html).not.toMatch(/<button[^>]*>[^<]*\b(Copy|copy)/);
    expect(anchors(page.html).some((link) => link.href === `/${locale}/${slug}/poster`)).toBe(true);
  });

  it("has a versioned 1200×630 preview image that is served as such", async () => {
    const page = await get(`${server.url}${path}`);
    const imageUrl = metaContent(page.html, "og:image")!;
    expect(imageUrl).toMatch(new RegExp(`^${server.env.PUBLIC_BASE_URL}/og/${locale}/${slug}\\.png\\?v=[0-9a-f]{16}$`));
    expect(metaContent(page.html, "twitter:image")).toBe(imageUrl);
    expect(metaContent(page.html, "og:image:width")).toBe("1200");
    expect(metaContent(page.html, "og:image:height")).toBe("630");
    expect(metaContent(page.html, "og:image:alt")).toBe(metaContent(page.html, "og:title"));
    expect(metaContent(page.html, "twitter:card")).toBe("summary_large_image");

    const { response, image } = await png(local(imageUrl).replace(server.url, ""));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect([image!.width, image!.height]).toEqual([1200, 630]);
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(response.headers.get("etag")).toBe(`"${new URL(imageUrl).searchParams.get("v")}"`);
    expect(response.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
  });

  it("has a printable poster whose QR code decodes to the campaign page", async () => {
    const page = await get(`${server.url}${path}/poster`);
    expect(page.status).toBe(200);
    expectOnlyTheQuickExitScript(page.html);
    expect(page.html).toContain(`<article class="poster" lang="${locale}" dir="${direction(locale)}">`);
    expect(page.html).toMatch(/<link rel="stylesheet" href="\/build\/_assets\/poster-[A-Z0-9]+\.css"/);
    expect(metaContent(page.html, "robots")).toBe("noindex");
    const svg = /<svg[^>]*role="img"[\s\S]*?<\/svg>/.exec(page.html)![0];
    expect(decodeQrSvg(svg)).toBe(`${server.env.PUBLIC_BASE_URL}${path}`);
    expect(page.html).toMatch(/<p class="poster-number"><span class="tel">\+[\d ]+<\/span><\/p>/);
  });
});

describe("the poster's hotline", () => {
  it("is for the country of the poster's language, or the one chosen in the form", async () => {
    expect(LANDINGS.some((page) => page.path === "/ps/safe-journeys")).toBe(true);
    const number = (html: string) => /<p class="poster-number"><span class="tel">([^<]+)<\/span>/.exec(html)?.[1];
    // Pashto: Afghanistan first.
    expect(number((await get(`${server.url}/ps/safe-journeys/poster`)).html)).toMatch(/^\+93 /);
    const pakistan = await get(`${server.url}/ps/safe-journeys/poster?country=PK`);
    expect(number(pakistan.html)).toMatch(/^\+92 /);
    expect(elements(pakistan.html, "option").find((option) => option.selected !== undefined)?.value).toBe("PK");
    // A region decides the country, and its own line comes first: Kurdistan's in Erbil.
    const digits = (html: string) => number(html)?.replace(/\D/g, "");
    expect(digits((await get(`${server.url}/ckb/safe-journeys/poster?country=IQ`)).html)).toBe("964000000701");
    const erbil = await get(`${server.url}/ckb/safe-journeys/poster?country=AF&region=IQ-AR`);
    expect(digits(erbil.html)).toBe("964000000702");
    expect(
      elements(erbil.html, "option")
        .filter((option) => option.selected !== undefined)
        .map((option) => option.value),
    ).toEqual(["IQ", "IQ-AR"]);
    // A country the campaign does not run in, or junk, is ignored.
    expect(number((await get(`${server.url}/ps/safe-journeys/poster?country=KG&region=%3Cx%3E`)).html)).toMatch(/^\+93 /);
  });
});

describe("the preview image route", () => {
  const [first] = LANDINGS;
  const slug = first!.path.split("/")[2]!;

  it("answers 304 to a matching ETag, and a short cache without the version", async () => {
    const versioned = metaContent((await get(`${server.url}${first!.path}`)).html, "og:image")!;
    const { response } = await png(local(versioned).replace(server.url, ""), {
      "if-none-match": `"${new URL(versioned).searchParams.get("v")}"`,
    });
    expect(response.status).toBe(304);
    const bare = await png(`/og/${first!.locale}/${slug}.png`);
    expect(bare.response.status).toBe(200);
    expect(bare.response.headers.get("cache-control")).toBe("public, max-age=300");
  });

  it("moves to a new version and image when the title changes", async () => {
    const before = metaContent((await get(`${server.url}/ar/${slug}`)).html, "og:image")!;
    const beforePng = Buffer.from(await (await fetch(local(before))).arrayBuffer());
    edits.retitle = "(2027)";
    try {
      // The page microcache keeps a page 5 seconds at most (decision 004); this asks for a fresh one.
      const after = metaContent((await get(`${server.url}/ar/${slug}?fresh=1`)).html, "og:image")!;
      expect(after).not.toBe(before);
      const afterPng = Buffer.from(await (await fetch(local(after))).arrayBuffer());
      expect(afterPng.equals(beforePng)).toBe(false);
    } finally {
      edits.retitle = "";
    }
  });

  it.each([
    ["an unknown campaign", "/og/ps/no-such-campaign.png"],
    ["an unknown locale", "/og/xx/know-before-you-go.png"],
  ])("draws the generic image for %s, briefly cached", async (_name, path) => {
    const { response, image } = await png(path);
    expect(response.status).toBe(200);
    expect([image!.width, image!.height]).toEqual([1200, 630]);
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
  });

  it("draws the generic image when the content backend fails, never a 500", async () => {
    edits.fail = true;
    try {
      const { response, image } = await png(`/og/ckb/${slug}.png?v=0123456789abcdef`);
      expect(response.status).toBe(200);
      expect(image!.width).toBe(1200);
      expect(response.headers.get("cache-control")).toBe("public, max-age=300");
    } finally {
      edits.fail = false;
    }
  });

  it("answers 404 to a file name no campaign can have", async () => {
    expect((await fetch(`${server.url}/og/en/..%2Fsecret.png`)).status).toBe(404);
    expect((await fetch(`${server.url}/og/en/${slug}.jpg`)).status).toBe(404);
  });
});

describe("share taps", () => {
  it("counts e-mail and SMS shares by ping, web networks by the redirect to their share page", async () => {
    const slug = LANDINGS[0]!.path.split("/")[2]!;
    const ping = (network: string) =>
      fetch(`${server.url}/go/ping/share/${network}?lang=ru&campaign=${slug}`, {
        method: "POST",
        headers: { "user-agent": BROWSER, "content-type": "text/ping", "sec-fetch-site": "same-origin" },
        body: "PING",
      });
    expect((await ping("email")).status).toBe(204);
    expect((await ping("sms")).status).toBe(204);
    expect((await ping("myspace")).status).toBe(204);
    for (const [network, target] of [
      ["vk", /^https:\/\/vk\.com\/share\.php\?url=/],
      ["odnoklassniki", /^https:\/\/connect\.ok\.ru\/offer\?url=/],
      ["facebook", /^https:\/\/www\.facebook\.com\/sharer\/sharer\.php\?u=/],
      ["x", /^https:\/\/x\.com\/intent\/post\?text=/],
    ] as const) {
      const response = await fetch(`${server.url}/go/share/${network}?lang=ru&campaign=${slug}`, {
        headers: { "user-agent": BROWSER },
        redirect: "manual",
      });
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toMatch(target);
      expect(decodeURIComponent(response.headers.get("location")!)).toContain(`${server.env.PUBLIC_BASE_URL}/ru/${slug}`);
    }
    await server.reach!.flush();
    const { rows } = await runSql<{ detail: string; campaign: string; locale: string }>(
      server.db,
      sql`select detail, campaign, locale from reach_events where event = 'share_click' order by id`,
    );
    expect(rows.map((row) => row.detail)).toEqual(["email", "sms", "vk", "odnoklassniki", "facebook", "x"]);
    expect(new Set(rows.map((row) => `${row.campaign} ${row.locale}`))).toEqual(new Set([`${slug} ru`]));
  });
});
