/**
 * Volunteer data in the database, on PGlite and PostgreSQL, with one injected clock: attribution
 * counts a visitor once a day and forgets the hash after two days; the daily purge deletes expired
 * sessions, old codes and marks, and sign-ups never confirmed; rate marks hold across windows.
 */
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { parsePhoneKeyring } from "~/audience/phone-crypto.server";
import { runSql } from "~/db/run-sql.server";
import { attributeHotlineTap, recordReferralVisit } from "~/volunteers/attribution.server";
import { checkVolunteerPhone, confirmVolunteer, signUpVolunteer } from "~/volunteers/accounts.server";
import { purgeVolunteerData } from "~/volunteers/purge-volunteer-data.server";
import { takeRateMark } from "~/volunteers/rate-limits.server";
import { sessionIdFromCookie, startVolunteerSession, volunteerIdOfSession } from "~/volunteers/volunteer-session.server";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";

const keyring = parsePhoneKeyring(`k1:${Buffer.alloc(32, 1).toString("base64")}`, Buffer.alloc(32, 2).toString("base64"));

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});

async function volunteer(db: TestDatabase["db"], phone: string, now: Date, confirmed = true): Promise<number> {
  const checked = checkVolunteerPhone(keyring, phone);
  if (!checked.ok) throw new Error("bad test number");
  const { volunteerId } = await signUpVolunteer(db, keyring, {
    form: { nickname: "Nur", country: "KG", region: "KG-B", school: null, phone, ageGroup: "18-24", guardianConsent: undefined },
    phone: checked,
    locale: "ky",
    now,
  });
  if (confirmed) await confirmVolunteer(db, volunteerId, "ky", now);
  return volunteerId;
}

const count = async (db: TestDatabase["db"], table: string, where = sql`true`) =>
  Number((await runSql<{ n: number }>(db, sql`select count(*)::int as n from ${sql.identifier(table)} where ${where}`)).rows[0]!.n);

describe.each(DATABASE_KINDS)("volunteer data (%s)", (kind) => {
  it("counts a visitor once a day per volunteer and campaign, credits their tap, and forgets the hash after two days", async () => {
    database = await createTestDatabase(kind);
    const { db } = database;
    const now = new Date();
    const id = await volunteer(db, "+996555123456", now);
    const facts = { visitorHash: "a".repeat(64), at: now, country: "KG", region: "KG-B", locale: "ky" };
    expect(await recordReferralVisit(db, { ...facts, volunteerId: id, campaign: "safe-journeys" })).toBe(true);
    expect(await recordReferralVisit(db, { ...facts, volunteerId: id, campaign: "safe-journeys" })).toBe(false);
    expect(await recordReferralVisit(db, { ...facts, volunteerId: id, campaign: "know-before-you-go" })).toBe(true);
    const tomorrow = new Date(now.getTime() + 86_400_000);
    expect(await recordReferralVisit(db, { ...facts, at: tomorrow, volunteerId: id, campaign: "safe-journeys" })).toBe(true);
    expect(await attributeHotlineTap(db, facts)).toBe(true);
    expect(await attributeHotlineTap(db, facts)).toBe(false);
    expect(await attributeHotlineTap(db, { ...facts, visitorHash: "b".repeat(64) })).toBe(false);

    const inThreeDays = new Date(now.getTime() + 3 * 86_400_000);
    const summary = await purgeVolunteerData(db, inThreeDays);
    expect(summary.volunteerHashesForgotten).toBe(4);
    expect(await count(db, "volunteer_attributions", sql`visitor_hash is not null`)).toBe(0);
    expect(await count(db, "volunteer_attributions")).toBe(4);
  });

  it("deletes sign-ups never confirmed within a day, expired sessions and old marks", async () => {
    database = await createTestDatabase(kind);
    const { db } = database;
    const now = new Date();
    await volunteer(db, "+996555123401", now, false);
    const kept = await volunteer(db, "+996555123402", now);
    await runSql(
      db,
      sql`insert into volunteer_sessions (id_hash, volunteer_id, created_at, expires_at) values ('x', ${kept}, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz + interval '1 hour')`,
    );
    expect(await takeRateMark(db, "code-number", "k", now)).toBe(true);
    const later = new Date(now.getTime() + 2 * 86_400_000);
    const summary = await purgeVolunteerData(db, later);
    expect(summary.volunteerUnconfirmedDeleted).toBe(1);
    expect(await count(db, "volunteers")).toBe(1);
    expect(await count(db, "volunteer_sessions")).toBe(0);
    expect(await count(db, "volunteer_rate_marks")).toBe(0);
  });

  it("takes rate marks up to each window's limit, then again once the window has passed", async () => {
    database = await createTestDatabase(kind);
    const { db } = database;
    const now = new Date();
    const taken = [];
    for (let i = 0; i < 4; i++) taken.push(await takeRateMark(db, "code-number", "key", now));
    expect(taken).toEqual([true, true, true, false]);
    expect(await takeRateMark(db, "code-number", "other", now)).toBe(true);
    expect(await takeRateMark(db, "code-number", "key", new Date(now.getTime() + 16 * 60_000))).toBe(true);
  });

  it("signs sessions: Secure in production, a forged or altered cookie is nobody, an expired one too", async () => {
    database = await createTestDatabase(kind);
    const { db } = database;
    const now = new Date();
    const id = await volunteer(db, "+996555123403", now);
    const setCookie = await startVolunteerSession(db, id, { secret: "s".repeat(40), secure: true }, now);
    expect(setCookie).toMatch(/; HttpOnly; SameSite=Lax; Max-Age=2592000; Secure$/);
    const cookie = setCookie.split(";")[0]!;
    const sessionId = sessionIdFromCookie(cookie, "s".repeat(40));
    expect(await volunteerIdOfSession(db, sessionId, now)).toBe(id);
    expect(sessionIdFromCookie(cookie, "t".repeat(40))).toBeNull();
    expect(sessionIdFromCookie(`${cookie.slice(0, -1)}${cookie.endsWith("A") ? "B" : "A"}`, "s".repeat(40))).toBeNull();
    expect(await volunteerIdOfSession(db, sessionId, new Date(now.getTime() + 31 * 86_400_000))).toBeNull();
    // The table holds only a hash of the id.
    const { rows } = await runSql<{ id_hash: string }>(db, sql`select id_hash from volunteer_sessions`);
    expect(rows[0]!.id_hash).not.toBe(sessionId);
  });
});
