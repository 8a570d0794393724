/**
 * Referral links through HTTP, on PGlite and PostgreSQL: /r/:code/:campaign answers 302 to the
 * campaign page in the right locale with no cookie; a visit counts once per daily visitor hash,
 * never for a bot, a prefetch or the volunteer's own session; a hotline tap by a visitor the link
 * brought is credited too; the dashboard shows the counts under the small-number rules. A
 * volunteer cannot reach another's data by putting ids in a URL or a form, and the leaderboard
 * lists only those who opted in.
 */
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { runSql } from "~/db/run-sql.server";
import { DATABASE_KINDS } from "../setup/test-database";
import { startTestServer, type TestServer } from "../setup/test-server";
import { getPage, post, signUpVolunteer } from "./volunteer-helpers";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const CAMPAIGN = "safe-journeys";

async function visit(target: TestServer, path: string, headers: Record<string, string>): Promise<Response> {
  const response = await fetch(`${target.url}${path}`, { redirect: "manual", headers });
  await response.arrayBuffer();
  return response;
}

const visitor = (n: number) => ({ "user-agent": `Mozilla/5.0 (X11; Linux x86_64; visitor ${n}) Gecko/20100101 Firefox/130.0` });

async function attributions(target: TestServer): Promise<Array<{ event: string; n: number }>> {
  await target.reach!.flush();
  const { rows } = await runSql<{ event: string; n: number }>(
    target.db,
    sql`select event, count(*)::int as n from volunteer_attributions group by event order by event`,
  );
  return rows.map((row) => ({ event: row.event, n: Number(row.n) }));
}

describe.each(DATABASE_KINDS)("volunteer referral links (%s)", (databaseKind) => {
  it("redirects to the campaign in the volunteer's locale, or the one the visitor chose, without a cookie", async () => {
    server = await startTestServer({ databaseKind, reach: true });
    const { referralCode } = await signUpVolunteer(server, {}, "ru");
    const toRussian = await visit(server, `/r/${referralCode}/${CAMPAIGN}`, visitor(1));
    expect(toRussian.status).toBe(302);
    // A live account's code rides along for the page's SMS call to action (decision 027, "Subscriptions").
    expect(toRussian.headers.get("location")).toBe(`/ru/${CAMPAIGN}?via=${referralCode}`);
    expect(toRussian.headers.get("set-cookie")).toBeNull();
    expect(toRussian.headers.get("cache-control")).toBe("no-store");
    expect((await visit(server, `/r/${referralCode}/${CAMPAIGN}?lang=ky`, visitor(1))).headers.get("location")).toBe(
      `/ky/${CAMPAIGN}?via=${referralCode}`,
    );
    // A lower-case code (retyped from a poster) is the same code; an unknown one still leads to the campaign.
    expect((await visit(server, `/r/${referralCode.toLowerCase()}/${CAMPAIGN}`, visitor(2))).status).toBe(302);
    const unknown = await visit(server, `/r/ZZZZZZZZ/${CAMPAIGN}`, { ...visitor(3), "accept-language": "uz" });
    expect(unknown.headers.get("location")).toBe(`/uz/${CAMPAIGN}`);
    expect((await visit(server, `/r/${referralCode}/no-such-campaign`, visitor(1))).status).toBe(404);
    expect(await attributions(server)).toEqual([{ event: "visit", n: 2 }]);
  });

  it("counts each visitor once a day, never bots, prefetches or the volunteer's own visits, and shows it on the dashboard", async () => {
    server = await startTestServer({ databaseKind, reach: true });
    const volunteer = await signUpVolunteer(server);
    const link = `/r/${volunteer.referralCode}/${CAMPAIGN}`;
    for (let n = 1; n <= 6; n++) await visit(server, link, visitor(n));
    await visit(server, link, visitor(1)); // the same visitor again the same day
    await visit(server, link, { "user-agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" });
    await visit(server, link, { ...visitor(7), "sec-purpose": "prefetch" });
    await visit(server, link, { ...visitor(8), cookie: volunteer.cookie }); // self-visit
    expect(await attributions(server)).toEqual([{ event: "visit", n: 6 }]);

    // A visitor the link brought taps a hotline: credited once.
    const tap = await visit(server, "/go/hotline/hotline-kg-national-tip/whatsapp?lang=en", visitor(2));
    expect(tap.status).toBe(302);
    await visit(server, "/go/hotline/hotline-kg-national-tip/whatsapp?lang=en", visitor(2));
    await visit(server, "/go/hotline/hotline-kg-national-tip/whatsapp?lang=en", visitor(99)); // not brought by the link
    await expect
      .poll(() => attributions(server!))
      .toEqual([
        { event: "hotline_tap", n: 1 },
        { event: "visit", n: 6 },
      ]);

    // The reach events record the referral visits too (once per counted visit).
    const { rows } = await runSql<{ n: number }>(
      server.db,
      sql`select count(*)::int as n from reach_events where event = 'referral_visit'`,
    );
    expect(Number(rows[0]!.n)).toBe(6);

    const dashboard = await getPage(server, "/en/volunteer", { cookie: volunteer.cookie });
    const byDay = /<caption>By day<\/caption>.*?<\/table>/s.exec(dashboard.html)?.[0] ?? "";
    expect(byDay).toMatch(/<tbody><tr><th scope="row">[^<]+<\/th><td>6<\/td><td>&lt;5<\/td><td>&lt;5<\/td><\/tr><\/tbody>/);
    expect(dashboard.html).toContain(`http://localhost:3000/r/${volunteer.referralCode}/${CAMPAIGN}`);
    // Share links for every network carry the referral link; the poster is the volunteer's own.
    expect(dashboard.html).toContain(`https://wa.me/?text=`);
    expect(dashboard.html).toContain(encodeURIComponent(`http://localhost:3000/r/${volunteer.referralCode}/${CAMPAIGN}`));
    const poster = await getPage(server, `/en/volunteer/poster/${CAMPAIGN}`, { cookie: volunteer.cookie });
    expect(poster.status).toBe(200);
    expect(poster.headers.get("cache-control")).toBe("no-store");
    expect(poster.html).toContain("<svg");
    expect((await getPage(server, `/en/volunteer/poster/${CAMPAIGN}`)).status).toBe(303);
    // The sample mission "Bring 50 readers to Safe journeys" shows the same visits.
    expect(dashboard.html.replaceAll("<!-- -->", "")).toContain("Visits</strong>: 6 of 50");
  });

  it("shows a volunteer only their own data, whatever ids the URL or a form carries", async () => {
    server = await startTestServer({ databaseKind, reach: true });
    const alice = await signUpVolunteer(server, { nickname: "Alice", phone: "+996555123401" });
    const bob = await signUpVolunteer(server, { nickname: "Bobur", phone: "+996555123402" });
    for (let n = 1; n <= 5; n++) await visit(server, `/r/${bob.referralCode}/${CAMPAIGN}`, visitor(n));
    await post(
      server,
      "/en/volunteer",
      { intent: "report", campaign: CAMPAIGN, heldOn: new Date().toISOString().slice(0, 10), attendees: "31" },
      { cookie: bob.cookie },
    );
    const { rows: ids } = await runSql<{ volunteer: number; report: number }>(
      server.db,
      sql`select v.id::int as volunteer, r.id::int as report from volunteers v join volunteer_session_reports r on r.volunteer_id = v.id`,
    );
    const bobIds = ids[0]!;

    const page = await getPage(server, `/en/volunteer?volunteer=${bobIds.volunteer}&id=${bobIds.volunteer}`, { cookie: alice.cookie });
    expect(page.html).toContain("Hello, Alice");
    expect(page.html).not.toContain("Bobur");
    expect(page.html).not.toContain(bob.referralCode);
    expect(page.html).toContain("No visits through your links yet.");

    const withdraw = await post(
      server,
      "/en/volunteer",
      { intent: "withdraw-report", report: String(bobIds.report) },
      { cookie: alice.cookie },
    );
    expect(withdraw.status).toBe(409);
    expect(withdraw.headers.get("cache-control")).toBe("no-store");
    const { rows } = await runSql<{ n: number }>(server.db, sql`select count(*)::int as n from volunteer_session_reports`);
    expect(Number(rows[0]!.n)).toBe(1);
    expect((await getPage(server, "/en/volunteer", { cookie: bob.cookie })).html.replaceAll("<!-- -->", "")).toMatch(
      /31 — Waiting for confirmation/,
    );
  });

  it("lists on the leaderboard only the volunteers who opted in, by nickname", async () => {
    server = await startTestServer({ databaseKind, reach: true });
    const shown = await signUpVolunteer(server, { nickname: "Shown", phone: "+996555123411" });
    const quiet = await signUpVolunteer(server, { nickname: "Quiet", phone: "+996555123412" });
    for (let n = 1; n <= 6; n++) {
      await visit(server, `/r/${shown.referralCode}/${CAMPAIGN}`, visitor(n));
      await visit(server, `/r/${quiet.referralCode}/${CAMPAIGN}`, visitor(n + 100));
    }
    const optIn = await post(server, "/en/volunteer", { intent: "leaderboard", optIn: "yes" }, { cookie: shown.cookie });
    expect(optIn.status).toBe(303);
    const page = (await getPage(server, "/en/volunteer", { cookie: quiet.cookie })).html.replaceAll("<!-- -->", "");
    const board = /id="leaderboard".*?<\/section>/s.exec(page)?.[0] ?? "";
    expect(board).toContain("Shown");
    expect(board).not.toContain("Quiet");
    expect(board).toMatch(/Shown <\/th><td>6<\/td>/);
  });
});
