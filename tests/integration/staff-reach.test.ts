/**
 * The reach dashboard over HTTP, on rollups seeded directly: behind staff sign-in (the page sends
 * to the sign-in page, the CSV answers 401; any role may read both; each CSV download audited), filters as GET parameters, the CSV equal to the page's
 * figures cell for cell with the same filters, "<5" for small counts (small atoms counted
 * nowhere), the map with its credit, and the page in Russian by `?lang=ru` or Accept-Language.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "~/audit/audit-log.server";
import { startTestServer, type TestServer } from "../setup/test-server";
import { seedReachDaily } from "../db/reach-kit";
import { elements, text, expectOnlyTheQuickExitScript } from "./site-helpers";
import { signInAs, type TestStaffSession } from "./staff-session-kit";

const NOW = new Date("2026-12-05T12:00:00Z");

function unescape(value: string): string {
  return value.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&quot;", '"').replaceAll("&#x27;", "'").replaceAll("&amp;", "&");
}

/** The page's figure cells (table|row|column → text). */
function pageCells(html: string): Map<string, string> {
  return new Map([...html.matchAll(/<td data-cell="([^"]*)">([^<]*)<\/td>/g)].map((match) => [unescape(match[1]!), unescape(match[2]!)]));
}

/** The CSV's figure lines (table|row|column → value), without the filter lines. */
function csvCells(csv: string): { cells: Map<string, string>; filters: Map<string, string> } {
  const lines = csv
    .trim()
    .split("\r\n")
    .slice(1)
    .map((line) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((match) => match[1]!.replaceAll('""', '"')));
  const cells = new Map<string, string>();
  const filters = new Map<string, string>();
  for (const [table, row, column, value] of lines) {
    if (table === "filter") filters.set(row!, value!);
    else cells.set(`${table}|${row}|${column}`, value!);
  }
  return { cells, filters };
}

describe("staff reach dashboard", () => {
  let server: TestServer;
  let staff: TestStaffSession;
  const auth = () => staff.headers;

  beforeAll(async () => {
    server = await startTestServer({ now: () => NOW });
    staff = await signInAs(server, "viewer");
    const kbg = { campaign: "know-before-you-go", channel: "web" };
    await seedReachDaily(server.db, [
      { ...kbg, day: "2026-12-01", country: "KG", region: "KG-GB", locale: "ky", event: "page_view", count: 40 },
      { ...kbg, day: "2026-12-01", country: "KG", region: "KG-GB", locale: "ky", event: "hotline_tap", detail: "tel", count: 12 },
      { ...kbg, day: "2026-12-02", country: "KG", region: "KG-C", locale: "ru", event: "page_view", count: 3 },
      { ...kbg, day: "2026-12-02", country: "KG", region: "KG-O", locale: "ky", event: "page_view", count: 9 },
      { ...kbg, day: "2026-11-24", country: "UZ", region: "UZ-TK", locale: "uz", event: "page_view", count: 25 },
      { ...kbg, day: "2026-11-25", country: "RU", region: "", locale: "ru", event: "page_view", count: 6 },
      {
        campaign: "safe-journeys",
        channel: "sms",
        day: "2026-12-03",
        country: "KG",
        region: "KG-GB",
        locale: "ky",
        event: "message_sent",
        count: 30,
      },
      {
        campaign: "safe-journeys",
        channel: "sms",
        day: "2026-12-03",
        country: "KG",
        region: "KG-GB",
        locale: "ky",
        event: "message_delivered",
        count: 27,
      },
      {
        campaign: "safe-journeys",
        channel: "sms",
        day: "2026-12-03",
        country: "KG",
        region: "KG-GB",
        locale: "ky",
        event: "message_failed",
        count: 3,
      },
    ]);
  });
  afterAll(async () => {
    await server?.close();
  });

  const get = (path: string, headers: Record<string, string> = auth()) => fetch(`${server.url}${path}`, { headers });

  it("sends a reader without a session to sign in; the CSV answers 401", async () => {
    const page = await fetch(`${server.url}/staff/reach?lang=ru`, { headers: { Accept: "text/html" }, redirect: "manual" });
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe(`/staff/sign-in?next=${encodeURIComponent("/staff/reach?lang=ru")}`);
    for (const path of ["/staff/reach.csv", "/staff/reach.csv?channel=sms"]) {
      expect((await get(path, { Accept: "text/html" })).status, path).toBe(401);
      expect((await get(path, { Cookie: "staff=forged-session-id" })).status, path).toBe(401);
    }
  });

  it("audits each CSV download with its filters, by the staff user", async () => {
    expect((await get("/staff/reach.csv?channel=sms&from=2026-11-23")).status).toBe(200);
    const [entry] = await listAudit(server.db, { limit: 1, action: "reach-exported" });
    expect(entry).toMatchObject({ actorUserId: staff.user.id, actorLabel: staff.user.email, details: { channel: "sms" } });
    expect(entry!.at.toISOString()).toBe(NOW.toISOString());
  });

  it("shows the figures with <5 for small counts, the map and its credit, no script, never cached", async () => {
    const response = await get("/staff/reach");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("no-store");
    expect(response.headers.get("set-cookie")).toBeNull();
    const html = await response.text();
    expectOnlyTheQuickExitScript(html);
    const cells = pageCells(html);
    expect(cells.get("campaigns|total|page_view")).toBe("80");
    expect(cells.get("campaigns|total|hotline_tap")).toBe("12");
    // safe-journeys had no page views: with the total shown, its "<5" would be worked out from
    // know-before-you-go's figure, so that one is hidden.
    expect(cells.get("campaigns|safe-journeys|page_view")).toBe("<5");
    expect(cells.get("campaigns|know-before-you-go|page_view")).toBe("hidden");
    // KG-C's 3 page views are a small atom: counted nowhere, so KG has 40 + 9.
    expect(cells.get("countries|KG|page_view")).toBe("49");
    expect(cells.has("regions-KG|KG-C|page_view")).toBe(false);
    expect(cells.get("regions-KG|KG-GB|page_view")).toBe("40");
    expect(cells.get("campaigns|safe-journeys|message_failed")).toBe("<5");
    expect([...cells.values()].filter((value) => value === "<5").length).toBeGreaterThan(5);
    expect(text(html)).toContain("Bishkek City (KG-GB)");
    expect(elements(html, "path").filter((path) => path["data-region"]).length).toBeGreaterThan(100);
    expect(html).toContain('href="https://www.amcharts.com/"');
    expect(text(html)).toContain("From page view to hotline tap");
    expect(text(html)).toContain("15.0% of Page views");
  });

  it("exports exactly the page's figures as CSV, with the same filters", async () => {
    for (const query of [
      "",
      "?channel=sms",
      "?locale=uz",
      "?campaign=know-before-you-go&from=2026-11-23&to=2026-11-29",
      "?locale=ru&channel=web",
    ]) {
      const page = pageCells(await (await get(`/staff/reach${query}`)).text());
      const response = await get(`/staff/reach.csv${query}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
      expect(response.headers.get("content-disposition")).toMatch(
        /^attachment; filename="reach-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv"$/,
      );
      const csv = csvCells(await response.text());
      expect(csv.cells, query).toEqual(page);
    }
    const sms = csvCells(await (await get("/staff/reach.csv?channel=sms")).text());
    expect(sms.cells.get("campaigns|total|message_sent")).toBe("30");
    expect(sms.cells.get("campaigns|total|page_view")).toBe("<5");
    expect(sms.filters.get("channel")).toBe("sms");
    const uz = csvCells(await (await get("/staff/reach.csv?locale=uz")).text());
    expect([...uz.cells.values()]).toContain("25");
    expect(uz.cells.get("countries|KG|page_view")).toBe("<5");
    const lastWeek = csvCells(await (await get("/staff/reach.csv?from=2026-11-23&to=2026-11-29")).text());
    expect(lastWeek.filters.get("from")).toBe("2026-11-23");
    expect(lastWeek.cells.get("countries|UZ|page_view")).toBe("25");
    expect(lastWeek.cells.get("countries|KG|page_view")).toBe("<5");
  });

  it("refuses malformed filters: the page says so and shows the defaults, the CSV answers 400", async () => {
    const page = await get("/staff/reach?channel=fax&from=2026-02-31");
    expect(page.status).toBe(200);
    expect(text(await page.text())).toMatch(/Some filters could not be read.*channel/);
    expect((await get("/staff/reach.csv?channel=fax")).status).toBe(400);
  });

  it("speaks Russian with ?lang=ru or Accept-Language, English otherwise", async () => {
    const byQuery = await (await get("/staff/reach?lang=ru")).text();
    expect(byQuery).toMatch(/<div class="staff staff-reach" lang="ru">/);
    expect(text(byQuery)).toContain("Охват");
    expect(text(byQuery)).toContain("Бишкек (KG-GB)");
    expect(text(byQuery)).toContain("Киргизия");
    const byHeader = await (await get("/staff/reach", { ...auth(), "Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5" })).text();
    expect(byHeader).toMatch(/lang="ru"/);
    const english = await (await get("/staff/reach", { ...auth(), "Accept-Language": "de-DE,en;q=0.5" })).text();
    expect(english).toMatch(/<div class="staff staff-reach" lang="en">/);
    // The filters keep the language; the CSV is the same whatever the language.
    expect(byQuery).toMatch(/<input type="hidden" name="lang" value="ru"/);
    expect(csvCells(await (await get("/staff/reach.csv?lang=ru")).text()).cells).toEqual(
      csvCells(await (await get("/staff/reach.csv")).text()).cells,
    );
  });
});
