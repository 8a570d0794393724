/**
 * Subscriptions credited to a volunteer's code, end to end over HTTP on PGlite and PostgreSQL:
 * new numbers texting "JOIN <code>" (a localized join word, or the campaign word the volunteer's
 * poster prints, with the code) through the signed Twilio inbound webhook show up on the
 * volunteer's dashboard; a resubscribe of a known or
 * opted-out number, an unknown code and a disabled account's code count nothing; and no row ties a subscriber to the volunteer.
 */
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { runSql } from "~/db/run-sql.server";
import { DATABASE_KINDS } from "../setup/test-database";
import { startTestServer, type TestServer } from "../setup/test-server";
import { AUTH_TOKEN, freshNumber, INBOUND_PATH, newMessageSid, PUBLIC_BASE_URL, signedRequest } from "./twilio-inbound-harness";
import { getPage, signUpVolunteer } from "./volunteer-helpers";

const OUR_NUMBER = "+996000000900";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function text(from: string, body: string): Promise<void> {
  const params = { MessageSid: newMessageSid(), AccountSid: `AC${"0".repeat(32)}`, From: from, To: OUR_NUMBER, Body: body, NumMedia: "0" };
  const response = await fetch(signedRequest(`${server!.url}${INBOUND_PATH}`, params));
  await response.text();
  expect(response.status, body).toBe(200);
}

async function credited(): Promise<number> {
  const { rows } = await runSql<{ n: number }>(
    server!.db,
    sql`select coalesce(sum(count), 0)::int as n from volunteer_subscription_counts`,
  );
  return Number(rows[0]!.n);
}

/** The subscriptions cell of the dashboard's totals row (the last column of each reach table). */
function subscriptionTotals(html: string): string[] {
  return [...html.matchAll(/<tfoot><tr><th scope="row">[^<]*<\/th><td>[^<]*<\/td><td>[^<]*<\/td><td>([^<]*)<\/td><\/tr><\/tfoot>/g)].map(
    (match) => match[1]!,
  );
}

describe.each(DATABASE_KINDS)("subscriptions credited to a volunteer's code (%s)", (databaseKind) => {
  it("counts new numbers' JOIN <code> on the dashboard, never a resubscribe, and stores no link", async () => {
    server = await startTestServer({
      databaseKind,
      env: {
        PUBLIC_BASE_URL,
        TWILIO_ACCOUNT_SID: `AC${"0".repeat(32)}`,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_SENDERS: `KG=${OUR_NUMBER},default=+447000000900`,
      },
    });
    const volunteer = await signUpVolunteer(server);

    // Five new numbers: English, lower case, Russian and Kyrgyz join words with the code.
    const joiners = Array.from({ length: 5 }, () => freshNumber("+996", "55"));
    const bodies = [
      `JOIN ${volunteer.referralCode}`,
      `join ${volunteer.referralCode.toLowerCase()}`,
      `СТАРТ ${volunteer.referralCode}`,
      `БАШТОО ${volunteer.referralCode}`,
      `Start ${volunteer.referralCode}!`,
    ];
    for (const [index, from] of joiners.entries()) await text(from, bodies[index]!);
    expect(await credited()).toBe(5);

    // The referral landing's SMS call to action carries the code; the same page without it does not.
    const referral = await fetch(`${server.url}/r/${volunteer.referralCode}/safe-journeys?lang=en`, { redirect: "manual" });
    expect(referral.headers.get("location")).toBe(`/en/safe-journeys?via=${volunteer.referralCode}`);
    const landing = await getPage(server, referral.headers.get("location")!);
    expect(landing.html).toContain(`<strong lang="en">SAFE ${volunteer.referralCode}</strong>`);
    expect(landing.html).toContain(`?body=${encodeURIComponent(`SAFE ${volunteer.referralCode}`)}`);
    const plain = await getPage(server, "/en/safe-journeys");
    expect(plain.html).toContain('<strong lang="en">SAFE</strong>');
    expect(plain.html).not.toContain(volunteer.referralCode);
    // Anything but a code in `via` is ignored.
    expect((await getPage(server, "/en/safe-journeys?via=%3Cb%3EHI")).html).not.toContain("HI</strong>");

    // The volunteer's poster prints the campaign's join word with their code; sent, it credits them too.
    const poster = await getPage(server, "/en/volunteer/poster/safe-journeys", { cookie: volunteer.cookie });
    expect(poster.status).toBe(200);
    expect(poster.html).toContain(`<bdi>SAFE ${volunteer.referralCode}</bdi>`);
    const posterJoiner = freshNumber("+996", "55");
    await text(posterJoiner, `SAFE ${volunteer.referralCode}`);
    expect(await credited()).toBe(6);
    const { rows: campaigns } = await runSql<{ campaign: string; n: number }>(
      server.db,
      sql`select campaign, count as n from volunteer_subscription_counts order by campaign`,
    );
    // The campaign word names its campaign (SAFE is the sample campaigns' word; the number's country picks one).
    expect(campaigns.map((row) => Number(row.n))).toEqual([5, 1]);
    expect(campaigns[0]!.campaign).toBe("");
    expect(campaigns[1]!.campaign).toMatch(/^[a-z0-9-]+$/);

    // Resubscribes never count: an opted-out number joining again, a number we already knew.
    await text(joiners[0]!, "STOP");
    await text(joiners[0]!, `JOIN ${volunteer.referralCode}`);
    const known = freshNumber("+996", "55");
    await text(known, "HELP");
    await text(known, `JOIN ${volunteer.referralCode}`);
    // An unknown code: the number subscribes, nobody is credited.
    await text(freshNumber("+996", "55"), "JOIN ZZZZZZZZ");
    expect(await credited()).toBe(6);

    const dashboard = await getPage(server, "/en/volunteer", { cookie: volunteer.cookie });
    expect(dashboard.html).toContain("SMS subscribers");
    expect(subscriptionTotals(dashboard.html)).toEqual(["6", "6"]);
    // The dashboard says how: the poster's words with the code, to our number, and that it counts.
    expect(dashboard.html).toContain(`<bdi>SAFE ${volunteer.referralCode}</bdi>`);
    expect(dashboard.html).toMatch(
      /<p class="volunteer-join">Text .*<span class="tel">\+\d+<\/span>.*Each new subscriber who sends your code counts for you\.<\/p>/,
    );

    // No link: no row about a message, a subscriber or a reply holds the code.
    const messages = await runSql<Record<string, unknown>>(server.db, sql`select * from inbound_messages`);
    expect(messages.rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(messages.rows)).not.toContain(volunteer.referralCode);
    expect(JSON.stringify(messages.rows).toLowerCase()).not.toContain(volunteer.referralCode.toLowerCase());
    const subscribers = await runSql<Record<string, unknown>>(server.db, sql`select * from subscribers`);
    expect(JSON.stringify(subscribers.rows)).not.toContain(volunteer.referralCode);
    const events = await runSql<Record<string, unknown>>(server.db, sql`select * from outbox_messages`);
    expect(JSON.stringify(events.rows)).not.toContain(volunteer.referralCode);

    // A disabled account's code counts nothing.
    await runSql(server.db, sql`update volunteers set disabled_at = now()`);
    await text(freshNumber("+996", "55"), `JOIN ${volunteer.referralCode}`);
    expect(await credited()).toBe(6);
  });
});
