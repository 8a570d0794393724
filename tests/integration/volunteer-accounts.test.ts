/**
 * Volunteer accounts through HTTP, on PGlite and PostgreSQL, with one injected clock: sign-up and
 * sign-in with a code sent by SMS (queued in the outbox at reply priority), wrong, expired and
 * too many codes, rate limits per number and per address, the session cookie (http-only, Lax),
 * the number masked on the dashboard and never in the page otherwise, sign out, and deletion
 * that erases personal data and keeps the anonymous counts. The public site sets no cookie.
 */
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { runSql } from "~/db/run-sql.server";
import { DATABASE_KINDS } from "../setup/test-database";
import { startTestServer, type TestServer } from "../setup/test-server";
import { challengeOf, cookieOf, getPage, lastCode, post, SIGN_UP, signUpVolunteer } from "./volunteer-helpers";
import { expectOnlyTheQuickExitScript } from "./site-helpers";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe.each(DATABASE_KINDS)("volunteer accounts (%s)", (databaseKind) => {
  let clock = new Date();
  const start = (options: { reach?: boolean } = {}) => {
    clock = new Date();
    return startTestServer({ databaseKind, now: () => clock, ...options });
  };

  it("shows the sign-up and sign-in forms without setting a cookie or being cacheable", async () => {
    server = await start();
    const page = await getPage(server, "/en/volunteer");
    expect(page.status).toBe(200);
    expect(page.headers.get("set-cookie")).toBeNull();
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(page.html).toContain('name="intent" value="sign-up"');
    expect(page.html).toContain('name="intent" value="sign-in"');
    expectOnlyTheQuickExitScript(page.html);
    // The guardian consent text comes from the site settings.
    expect(page.html).toContain("My parent or guardian has read this page with me");
    const rtl = await getPage(server, "/ar/volunteer");
    expect(rtl.html).toMatch(/<html lang="ar" dir="rtl"/);
    expect(rtl.html).toContain("تطوّع معنا");
  });

  it("signs up, queues the code at reply priority, signs in with it and shows the number masked", async () => {
    server = await start();
    const started = await post(server, "/en/volunteer", SIGN_UP);
    expect(started.status).toBe(200);
    expect(started.html).not.toContain("555123456");
    const { rows } = await runSql<{ kind: string; priority: number; body: string; recipient_ciphertext: string }>(
      server.db,
      sql`select kind, priority, body, recipient_ciphertext from outbox_messages`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "reply", priority: 0 });
    expect(rows[0]!.body).toMatch(/^\d{6} is your volunteer sign-in code/);
    expect(rows[0]!.recipient_ciphertext).not.toContain("555123456");
    const stored = await runSql<Record<string, unknown>>(server.db, sql`select * from volunteers`);
    expect(JSON.stringify(stored.rows)).not.toContain("555123456");
    const codes = await runSql<Record<string, unknown>>(server.db, sql`select * from volunteer_sign_in_codes`);
    expect(JSON.stringify(codes.rows)).not.toContain(await lastCode(server));

    const verified = await post(server, "/en/volunteer", {
      intent: "verify",
      challenge: challengeOf(started.html),
      code: await lastCode(server),
    });
    expect(verified.status).toBe(303);
    const setCookie = verified.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^volunteer_session=[\w-]{43}\.[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    expect(setCookie).not.toContain("Secure"); // only in production

    const dashboard = await getPage(server, "/en/volunteer", { cookie: cookieOf(verified.headers) });
    expect(dashboard.html).toContain("Hello, Aigerim");
    expect(dashboard.html).toContain("+996 ••• ••• •56");
    expect(dashboard.html).not.toContain("555 123");
    expect(dashboard.headers.get("cache-control")).toBe("no-store");
  });

  it("refuses a wrong code, an expired code and the sixth guess", async () => {
    server = await start();
    const first = await post(server, "/en/volunteer", SIGN_UP);
    const wrong = await post(server, "/en/volunteer", { intent: "verify", challenge: challengeOf(first.html), code: "12345" });
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain("That code is not right");

    // Expired: 10 minutes and a second later.
    const code = await lastCode(server);
    clock = new Date(clock.getTime() + 10 * 60_000 + 1_000);
    const expired = await post(server, "/en/volunteer", { intent: "verify", challenge: challengeOf(first.html), code });
    expect(expired.status).toBe(400);
    expect(expired.headers.get("cache-control")).toBe("no-store");
    expect(expired.html).toContain("That code has expired");

    // Five wrong guesses retire a code: even the right one is refused afterwards.
    const second = await post(server, "/en/volunteer", { intent: "sign-in", phone: SIGN_UP.phone });
    const challenge = challengeOf(second.html);
    const right = await lastCode(server);
    const guess = right === "111111" ? "222222" : "111111";
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) answers.push((await post(server, "/en/volunteer", { intent: "verify", challenge, code: guess })).status);
    expect(answers).toEqual([400, 400, 400, 400, 400]);
    const locked = await post(server, "/en/volunteer", { intent: "verify", challenge, code: right });
    expect(locked.status).toBe(400);
    expect(locked.html).toContain("Too many wrong codes");
    expect(locked.headers.get("set-cookie")).toBeNull();
  });

  it("limits codes per number and per address, in the database", async () => {
    server = await start();
    await post(server, "/en/volunteer", SIGN_UP);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(server, "/en/volunteer", { intent: "sign-in", phone: SIGN_UP.phone })).status);
    // Three codes per quarter of an hour per number: the sign-up's, two more, then refused.
    expect(statuses).toEqual([200, 200, 429]);
    expect((await post(server, "/en/volunteer", { intent: "sign-in", phone: SIGN_UP.phone })).headers.get("cache-control")).toBe(
      "no-store",
    );
    const { rows } = await runSql<{ n: number }>(server.db, sql`select count(*)::int as n from outbox_messages`);
    expect(Number(rows[0]!.n)).toBe(3);
    // A quarter of an hour later the number may ask again.
    clock = new Date(clock.getTime() + 15 * 60_000 + 1_000);
    expect((await post(server, "/en/volunteer", { intent: "sign-in", phone: SIGN_UP.phone })).status).toBe(200);

    // Per address: 20 code requests an hour, whatever the numbers (unknown ones included); 6 taken above.
    const perAddress: number[] = [];
    for (let i = 0; i < 15; i++) {
      perAddress.push((await post(server, "/en/volunteer", { intent: "sign-in", phone: `+99655510${String(1000 + i)}` })).status);
    }
    expect(perAddress.filter((status) => status === 429)).toHaveLength(1);
    expect(perAddress.at(-1)).toBe(429);
    const marks = await runSql<Record<string, unknown>>(server.db, sql`select * from volunteer_rate_marks`);
    expect(JSON.stringify(marks.rows)).not.toContain("127.0.0.1");
  });

  it("answers a number without an account exactly like one with an account", async () => {
    server = await start();
    const unknown = await post(server, "/en/volunteer", { intent: "sign-in", phone: "+996555000111" });
    expect(unknown.status).toBe(200);
    expect(unknown.html).toContain("If this number has a volunteer account");
    const { rows } = await runSql<{ n: number }>(server.db, sql`select count(*)::int as n from outbox_messages`);
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it("never lets a sign-up with someone's number change their account", async () => {
    server = await start();
    const owner = await signUpVolunteer(server);
    const again = await post(server, "/en/volunteer", { ...SIGN_UP, nickname: "Mallory", region: "KG-C" });
    // The same answer as any sign-up: a code goes to the number's owner, who alone can use it.
    expect(again.status).toBe(200);
    expect(again.html).toContain('name="challenge"');
    const { rows } = await runSql<{ nickname: string; region_code: string }>(server.db, sql`select nickname, region_code from volunteers`);
    expect(rows).toEqual([{ nickname: "Aigerim", region_code: "KG-B" }]);
    expect((await getPage(server, "/en/volunteer", { cookie: owner.cookie })).html).toContain("Hello, Aigerim");
  });

  it("asks under-18s for the guardian consent", async () => {
    server = await start();
    const refused = await post(server, "/en/volunteer", { ...SIGN_UP, ageGroup: "13-15" });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain("your parent or guardian must agree first");
    const accepted = await post(server, "/en/volunteer", { ...SIGN_UP, ageGroup: "13-15", guardianConsent: "yes" });
    expect(accepted.status).toBe(200);
    const { rows } = await runSql<{ consent: boolean }>(server.db, sql`select guardian_consent_at is not null as consent from volunteers`);
    expect(rows[0]!.consent).toBe(true);
  });

  it("signs out, and deleting the account erases the person and keeps the counts", async () => {
    server = await start({ reach: true });
    const volunteer = await signUpVolunteer(server);
    const visit = await fetch(`${server.url}/r/${volunteer.referralCode}/safe-journeys`, {
      redirect: "manual",
      headers: { "user-agent": "Visitor/1.0 Firefox/130.0" },
    });
    expect(visit.status).toBe(302);

    const refused = await post(server, "/en/volunteer", { intent: "delete" }, { cookie: volunteer.cookie });
    expect(refused.status).toBe(400);
    const deleted = await post(server, "/en/volunteer", { intent: "delete", confirm: "yes" }, { cookie: volunteer.cookie });
    expect(deleted.status).toBe(303);
    expect(deleted.headers.get("location")).toBe("/en/volunteer?deleted=1");
    expect(deleted.headers.get("set-cookie")).toMatch(/^volunteer_session=; .*Max-Age=0/);

    for (const table of ["volunteers", "volunteer_sessions", "volunteer_sign_in_codes"]) {
      const { rows } = await runSql<{ n: number }>(server.db, sql`select count(*)::int as n from ${sql.identifier(table)}`);
      expect(Number(rows[0]!.n), table).toBe(0);
    }
    const { rows } = await runSql<{ volunteer_id: number | null; event: string }>(
      server.db,
      sql`select volunteer_id, event from volunteer_attributions`,
    );
    expect(rows).toEqual([{ volunteer_id: null, event: "visit" }]);
    const after = await getPage(server, "/en/volunteer", { cookie: volunteer.cookie });
    expect(after.html).toContain('value="sign-up"');

    // Sign out ends the session server-side too.
    const again = await signUpVolunteer(server, { phone: "+996555123457", nickname: "Bakyt" });
    const out = await post(server, "/en/volunteer", { intent: "sign-out" }, { cookie: again.cookie });
    expect(out.status).toBe(303);
    expect((await getPage(server, "/en/volunteer", { cookie: again.cookie })).html).toContain('value="sign-in"');
  });
});
