/**
 * /staff/volunteers through HTTP on both databases: behind the staff sign-in; any staff user sees
 * volunteers and reach per region under the small-number rules and never a nickname or number;
 * editors confirm session reports (audited, and the school-session mission counts it); only
 * admins see accounts and disable one (audited): its session ends and its links stop counting.
 * English and Russian.
 */
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { listAudit } from "~/audit/audit-log.server";
import { runSql } from "~/db/run-sql.server";
import { DATABASE_KINDS } from "../setup/test-database";
import { startTestServer, type TestServer } from "../setup/test-server";
import { signInAs, staffPost } from "./staff-session-kit";
import { getPage, post, signUpVolunteer } from "./volunteer-helpers";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const plain = (html: string) => html.replaceAll("<!-- -->", "");

describe.each(DATABASE_KINDS)("staff volunteers page (%s)", (databaseKind) => {
  it("shows aggregates to viewers, lets editors confirm reports and admins disable accounts, audited", async () => {
    server = await startTestServer({ databaseKind, reach: true });
    const volunteer = await signUpVolunteer(server, { nickname: "Zarina", phone: "+996555123421" });
    const today = server.now().toISOString().slice(0, 10);
    await post(
      server,
      "/en/volunteer",
      { intent: "report", campaign: "know-before-you-go", heldOn: today, attendees: "27" },
      { cookie: volunteer.cookie },
    );

    const anonymous = await fetch(`${server.url}/staff/volunteers`, { redirect: "manual", headers: { Accept: "text/html" } });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toMatch(/^\/staff\/sign-in\?next=/);

    const viewer = await signInAs(server, "viewer");
    const viewed = plain(await (await fetch(`${server.url}/staff/volunteers`, { headers: viewer.headers })).text());
    expect(viewed).toContain("Batken Region");
    expect(viewed).toMatch(/Batken Region<\/th><td>&lt;5<\/td>/);
    expect(viewed).not.toContain("Zarina");
    expect(viewed).not.toContain("555");
    expect(viewed).not.toContain('value="confirm-report"');
    expect(viewed).not.toContain('value="disable"');
    const { rows: reports } = await runSql<{ id: number }>(server.db, sql`select id::int as id from volunteer_session_reports`);
    const reportId = String(reports[0]!.id);
    expect((await staffPost(server, viewer, "/staff/volunteers", { intent: "confirm-report", id: reportId })).status).toBe(403);

    const editor = await signInAs(server, "editor");
    const confirmed = await staffPost(server, editor, "/staff/volunteers", { intent: "confirm-report", id: reportId });
    expect(confirmed.status).toBe(303);
    expect((await staffPost(server, editor, "/staff/volunteers", { intent: "confirm-report", id: reportId })).status).toBe(409);
    const { rows: ids } = await runSql<{ id: number }>(server.db, sql`select id::int as id from volunteers`);
    const volunteerId = String(ids[0]!.id);
    expect((await staffPost(server, editor, "/staff/volunteers", { intent: "disable", id: volunteerId })).status).toBe(403);
    // The school-session mission counts the confirmed report.
    expect(plain((await getPage(server, "/en/volunteer", { cookie: volunteer.cookie })).html)).toContain(
      "School sessions</strong>: 1 of 1",
    );

    const admin = await signInAs(server, "admin");
    const adminPage = plain(await (await fetch(`${server.url}/staff/volunteers?lang=ru`, { headers: admin.headers })).text());
    expect(adminPage).toContain("<h1>Волонтёры</h1>");
    expect(adminPage).toContain("Zarina");
    expect(adminPage).not.toContain("555");
    const disabled = await staffPost(server, admin, "/staff/volunteers", { intent: "disable", id: volunteerId });
    expect(disabled.status).toBe(303);

    const audit = await listAudit(server.db, { limit: 10 });
    expect(
      audit
        .filter((entry) => entry.action.startsWith("volunteer-"))
        .map((entry) => [entry.action, entry.targetType, entry.targetId, entry.actorUserId]),
    ).toEqual([
      ["volunteer-disabled", "volunteer", volunteerId, admin.user.id],
      ["volunteer-session-confirmed", "volunteer-session-report", reportId, editor.user.id],
    ]);
    // The disabled volunteer is signed out and their link no longer counts.
    expect((await getPage(server, "/en/volunteer", { cookie: volunteer.cookie })).html).toContain('value="sign-up"');
    await fetch(`${server.url}/r/${volunteer.referralCode}/safe-journeys`, {
      redirect: "manual",
      headers: { "user-agent": "Mozilla/5.0 Firefox/130.0" },
    });
    const { rows } = await runSql<{ n: number }>(server.db, sql`select count(*)::int as n from volunteer_attributions`);
    expect(Number(rows[0]!.n)).toBe(0);
  });
});
