/**
 * Site counting over HTTP, no JavaScript anywhere: a page view from a plain page load, also when
 * the page comes from the 5-second microcache; bots and prefetches not counted; the tracked
 * redirect counts and sends to the right target (and only targets from content); pings count
 * tel: taps, quick exits and language changes; where the visitor is (picked region, picked
 * country, IP country only with TRUST_PROXY); unique visitors across a day boundary with the
 * day's salt gone (injected clock).
 */
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { readReachDailyVisitors } from "~/analytics/reach-counts.server";
import type { ContentSource } from "~/content/content-source";
import { createContentSource } from "~/content/content-source.server";
import { parseEnv } from "~/env.server";
import { createLogger } from "~/lib/logger.server";
import { runSql } from "~/db/run-sql.server";
import { startTestServer, type TestServer } from "../setup/test-server";
import { expectOnlyTheQuickExitScript } from "./site-helpers";

const BROWSER = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
const SAMPLE_DATASET_DIR = new URL("../../campaigns", import.meta.url).pathname;

interface EventRow {
  event: string;
  campaign: string;
  country: string;
  region: string;
  locale: string;
  channel: string;
  detail: string;
  page: string;
  hotline_id: string;
  visitor_hash: string | null;
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function events(target: TestServer): Promise<EventRow[]> {
  await target.reach!.flush();
  const { rows } = await runSql<EventRow>(
    target.db,
    sql`
    select event, campaign, country, region, locale, channel, detail, page, hotline_id, visitor_hash from reach_events order by id`,
  );
  return rows;
}

/** The whole response is read (a page is counted when its response finishes), then handed back. */
async function get(target: TestServer, path: string, headers: Record<string, string> = {}): Promise<Response> {
  const response = await fetch(`${target.url}${path}`, { headers: { "user-agent": BROWSER, ...headers }, redirect: "manual" });
  const body = await response.arrayBuffer();
  return new Response(response.status === 204 || response.status === 304 ? null : body, {
    status: response.status,
    headers: response.headers,
  });
}

const ping = (target: TestServer, path: string) =>
  fetch(`${target.url}${path}`, {
    method: "POST",
    headers: { "user-agent": BROWSER, "content-type": "text/ping", "sec-fetch-site": "same-origin" },
    body: "PING",
  });

/** A content source that counts the landing-page lookups (a microcache hit makes none). */
function countingContent(): { content: ContentSource; campaignCalls: () => number } {
  const env = parseEnv({ NODE_ENV: "test", CONTENT_DATASET_DIR: SAMPLE_DATASET_DIR, LOG_LEVEL: "silent" });
  const inner = createContentSource({ env, logger: createLogger({ level: "silent" }) });
  let calls = 0;
  const content = Object.create(inner) as ContentSource;
  content.campaign = (...args) => {
    calls += 1;
    return inner.campaign(...args);
  };
  return { content, campaignCalls: () => calls };
}

describe("site counting", () => {
  it("counts a no-JS page view, also when the page comes from the microcache", async () => {
    const { content, campaignCalls } = countingContent();
    server = await startTestServer({ reach: true, content });
    const today = new Date().toISOString().slice(0, 10);
    const entry = (await content.sitemap(today)).find((candidate) => candidate.page === undefined || candidate.page === null);
    const path = `/en/${entry!.campaign}`;
    const first = await get(server, path);
    expect(first.status).toBe(200);
    expectOnlyTheQuickExitScript(await first.text());
    const callsAfterFirst = campaignCalls();
    const second = await get(server, path);
    expect(second.status).toBe(200);
    // Served from memory: the app (and so the content source) was not asked again.
    expect(campaignCalls()).toBe(callsAfterFirst);
    const rows = await events(server);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).toMatchObject({ event: "page_view", channel: "web", campaign: entry!.campaign, locale: "en", page: "campaign" });
      expect(row.visitor_hash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(rows[0]!.visitor_hash).toBe(rows[1]!.visitor_hash);
  });

  it("does not count bots, prefetches, missing pages or assets", async () => {
    server = await startTestServer({ reach: true });
    expect(
      (await get(server, "/en/hotlines", { "user-agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" }))
        .status,
    ).toBe(200);
    expect((await get(server, "/en/hotlines", { "sec-purpose": "prefetch" })).status).toBe(200);
    expect((await get(server, "/en/hotlines", { purpose: "prefetch" })).status).toBe(200);
    expect((await get(server, "/en/hotlines", { "sec-purpose": "prefetch;prerender" })).status).toBe(200);
    expect((await get(server, "/en/no-such-campaign")).status).toBe(404);
    await get(server, "/favicon.ico");
    expect(await events(server)).toEqual([]);
    expect((await get(server, "/en/hotlines")).status).toBe(200);
    expect((await events(server)).map((row) => row.page)).toEqual(["hotlines"]);
  });

  it("places the visitor by the region or country picked, else by IP only with TRUST_PROXY", async () => {
    server = await startTestServer({ reach: true });
    await get(server, "/ru/hotlines?country=KG&region=KG-O");
    await get(server, "/ru/hotlines?country=RU");
    await get(server, "/ru/hotlines?region=XX-999");
    // Without TRUST_PROXY the header is ignored: the loopback address has no country.
    await get(server, "/ru/hotlines", { "x-forwarded-for": "95.46.0.1" });
    // A referral link names its region.
    await get(server, "/ky?ref=volunteer-7&region=KG-O");
    const rows = await events(server);
    // Written as they finish (a page view waits for the day's salt), so compared in a fixed order.
    expect(rows.map((row) => [row.event, row.country, row.region].join(" ")).sort()).toEqual([
      "page_view  ",
      "page_view  ",
      "page_view KG KG-O",
      "page_view KG KG-O",
      "page_view RU ",
      "referral_visit KG KG-O",
    ]);
    await server.close();
    server = await startTestServer({ reach: true, env: { TRUST_PROXY: "true" } });
    await get(server, "/ru/hotlines", { "x-forwarded-for": "95.46.0.1" });
    expect((await events(server)).map((row) => row.country)).toEqual(["UA"]);
  });

  it("filters the hotline directory by the place and region picked in its GET form, and counts the reader there", async () => {
    server = await startTestServer({ reach: true });
    const all = await (await get(server, "/en/hotlines")).text();
    expect(all).toMatch(/<form method="get" action="\/en\/hotlines" class="place-filter"/);
    expect(all).toContain('name="region"');
    expect(all).toContain('id="country-AF"');
    // A region of home: home's nationwide lines and that region's, nothing of other countries.
    const osh = await (await get(server, "/en/hotlines?region=KG-O")).text();
    expect(osh).toContain("hotline-kg-south-legal-aid");
    expect(osh).not.toContain("hotline-tj-sughd-legal-aid");
    // The form remembers the pick.
    expect(osh).toMatch(/<option value="KG-O" selected="">/);
    const tajikistan = await (await get(server, "/en/hotlines?from=TJ")).text();
    expect(tajikistan).toContain("hotline-tj-sughd-legal-aid");
    expect(tajikistan).not.toContain("hotline-kg-south-legal-aid");
    // Where the reader says they are is where the page view counts: "I am in" first, then the region, then "I am from".
    await get(server, "/en/hotlines?from=KG&in=RU");
    const places = (await events(server)).filter((row) => row.event === "page_view").map((row) => [row.country, row.region]);
    expect(places).toEqual(
      expect.arrayContaining([
        ["KG", "KG-O"],
        ["TJ", ""],
        ["RU", ""],
      ]),
    );
  });

  it("counts a hotline's WhatsApp tap through the redirect and its tel: tap by ping, with the hotline's country and region", async () => {
    server = await startTestServer({ reach: true });
    const html = await (await get(server, "/en/hotlines")).text();
    expect(html).toContain('href="/go/hotline/hotline-tj-sughd-legal-aid/whatsapp?lang=en"');
    expect(html).toMatch(/href="tel:\+992[0-9]+" ping="\/go\/ping\/hotline\/hotline-tj-sughd-legal-aid\/tel\?lang=en"/);
    const redirect = await get(server, "/go/hotline/hotline-tj-sughd-legal-aid/whatsapp?lang=en");
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toMatch(/^https:\/\/wa\.me\/992\d+$/);
    expect((await ping(server, "/go/ping/hotline/hotline-tj-sughd-legal-aid/tel?lang=en")).status).toBe(204);
    // Unknown hotline or a channel it does not have: 404, nothing counted, nowhere to go.
    expect((await get(server, "/go/hotline/nope/whatsapp")).status).toBe(404);
    expect((await get(server, "/go/hotline/hotline-tj-sughd-legal-aid/telegram")).status).toBe(404);
    const rows = (await events(server)).filter((row) => row.event !== "page_view");
    expect(rows).toEqual([
      expect.objectContaining({
        event: "hotline_tap",
        detail: "whatsapp",
        country: "TJ",
        region: "TJ-SU",
        hotline_id: "hotline-tj-sughd-legal-aid",
        locale: "en",
      }),
      expect.objectContaining({
        event: "hotline_tap",
        detail: "tel",
        country: "TJ",
        region: "TJ-SU",
        hotline_id: "hotline-tj-sughd-legal-aid",
      }),
    ]);
  });

  it("counts share clicks, redirecting only to share links built from content", async () => {
    server = await startTestServer({ reach: true });
    const today = new Date().toISOString().slice(0, 10);
    const campaign = (await server.content.liveCampaigns("en", today))[0]!;
    const landing = await (await get(server, `/en/${campaign.slug}`)).text();
    expect(landing).toContain(`href="/go/share/whatsapp?lang=en&amp;campaign=${campaign.slug}"`);
    const whatsapp = await get(server, `/go/share/whatsapp?lang=en&campaign=${campaign.slug}`);
    expect(whatsapp.status).toBe(302);
    expect(whatsapp.headers.get("location")).toMatch(/^https:\/\/wa\.me\/\?text=/);
    expect(decodeURIComponent(whatsapp.headers.get("location")!)).toContain(`/en/${campaign.slug}`);
    const telegram = await get(server, `/go/share/telegram?lang=en&campaign=${campaign.slug}`);
    expect(telegram.headers.get("location")).toMatch(/^https:\/\/t\.me\/share\/url\?url=/);
    expect((await get(server, "/go/share/whatsapp?campaign=https%3A%2F%2Fevil.example")).status).toBe(404);
    expect((await get(server, "/go/share/myspace?campaign=" + campaign.slug)).status).toBe(404);
    // mailto: and sms: are linked directly (and counted by ping): no redirect to them.
    expect((await get(server, "/go/share/email?campaign=" + campaign.slug)).status).toBe(404);
    const rows = (await events(server)).filter((row) => row.event === "share_click");
    expect(rows.map((row) => [row.detail, row.campaign])).toEqual([
      ["whatsapp", campaign.slug],
      ["telegram", campaign.slug],
    ]);
  });

  it("counts quick exits and language changes by ping, not pings from other sites", async () => {
    server = await startTestServer({ reach: true });
    const html = await (await get(server, "/ru/hotlines")).text();
    expect(html).toContain('ping="/go/ping/exit?lang=ru"');
    expect((await ping(server, "/go/ping/exit?lang=ru")).status).toBe(204);
    expect((await ping(server, "/go/ping/language?from=ru&to=ky")).status).toBe(204);
    const crossSite = await fetch(`${server.url}/go/ping/exit?lang=ru`, {
      method: "POST",
      headers: { "user-agent": BROWSER, "sec-fetch-site": "cross-site", "content-type": "text/ping" },
      body: "PING",
    });
    expect(crossSite.status).toBe(204);
    const rows = (await events(server)).filter((row) => row.event !== "page_view");
    expect(rows.map((row) => [row.event, row.locale, row.detail])).toEqual([
      ["quick_exit", "ru", ""],
      ["language_change", "ky", "ru"],
    ]);
  });

  it("counts a visitor once per day, with a new hash the next day and the old day's salt gone", async () => {
    let now = new Date("2026-06-10T23:59:30Z");
    server = await startTestServer({ reach: true, now: () => now });
    await get(server, "/en/hotlines");
    await get(server, "/en/hotlines?country=KG");
    await get(server, "/en/hotlines");
    const { rows: saltsDay1 } = await runSql<{ day: string }>(server.db, sql`select day::text as day from reach_visitor_salts`);
    expect(saltsDay1.map((row) => row.day)).toEqual(["2026-06-10"]);
    now = new Date("2026-06-11T00:00:30Z");
    await get(server, "/en/hotlines");
    await get(server, "/en/hotlines");
    const rows = await events(server);
    const { rows: saltsDay2 } = await runSql<{ day: string }>(server.db, sql`select day::text as day from reach_visitor_salts`);
    expect(saltsDay2.map((row) => row.day)).toEqual(["2026-06-11"]);
    const hashes = rows.map((row) => row.visitor_hash);
    expect(hashes[0]).toBe(hashes[1]);
    expect(hashes[0]).toBe(hashes[2]);
    expect(hashes[3]).toBe(hashes[4]);
    expect(hashes[3]).not.toBe(hashes[0]);
    const visitors = await readReachDailyVisitors(server.db, { from: "2026-06-10", to: "2026-06-11" });
    expect(visitors.map((row) => [row.day, row.country, row.visitors])).toEqual([
      ["2026-06-10", "", 1],
      ["2026-06-10", "KG", 1],
      ["2026-06-11", "", 1],
    ]);
  });
});
