/**
 * SMS subscriptions credited to a volunteer's code, on PGlite and PostgreSQL, with one injected
 * clock: an aggregate count per volunteer and day that rolls back with its transaction, nothing
 * for an unknown, unconfirmed, disabled or deleted account, shown on the dashboard under the
 * small-number rules and as SMS-mission progress; and no table keeps a link between a
 * subscriber and a volunteer.
 */
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { parsePhoneKeyring } from "~/audience/phone-crypto.server";
import type { Mission } from "~/content/schemas";
import { runSql } from "~/db/run-sql.server";
import { checkVolunteerPhone, confirmVolunteer, deleteVolunteer, signUpVolunteer } from "~/volunteers/accounts.server";
import { missionProgress } from "~/volunteers/missions.server";
import { disableVolunteer } from "~/volunteers/staff-volunteers.server";
import { creditSubscription } from "~/volunteers/subscription-credit.server";
import { volunteerReach } from "~/volunteers/volunteer-reach.server";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";

const keyring = parsePhoneKeyring(`k1:${Buffer.alloc(32, 1).toString("base64")}`, Buffer.alloc(32, 2).toString("base64"));

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});

async function volunteer(db: TestDatabase["db"], phone: string, now: Date, confirmed = true): Promise<{ id: number; code: string }> {
  const checked = checkVolunteerPhone(keyring, phone);
  if (!checked.ok) throw new Error("bad test number");
  const { volunteerId } = await signUpVolunteer(db, keyring, {
    form: { nickname: "Nur", country: "KG", region: "KG-B", school: null, phone, ageGroup: "18-24", guardianConsent: undefined },
    phone: checked,
    locale: "ky",
    now,
  });
  if (confirmed) await confirmVolunteer(db, volunteerId, "ky", now);
  const { rows } = await runSql<{ code: string }>(db, sql`select referral_code as code from volunteers where id = ${volunteerId}`);
  return { id: volunteerId, code: rows[0]!.code };
}

const isoDay = (at: Date) => at.toISOString().slice(0, 10);

describe.each(DATABASE_KINDS)("volunteer subscription counts (%s)", (kind) => {
  it("adds one per credited subscription to the volunteer's count for the day, and shows it on the dashboard and missions", async () => {
    database = await createTestDatabase(kind);
    const { db } = database;
    const now = new Date();
    const { id, code } = await volunteer(db, "+996555123456", now);
    for (let i = 0; i < 6; i += 1)
      expect(await creditSubscription(db, { referralCode: code, campaign: undefined, country: "KG", now })).toBe(true);
    const yesterday = new Date(now.getTime() - 86_400_000);
    expect(await creditSubscription(db, { referralCode: code, campaign: "safe-journeys", country: "KG", now: yesterday })).toBe(true);

    const { rows } = await runSql<{ day: string; n: number }>(
      db,
      sql`select to_char(day, 'YYYY-MM-DD') as day, count as n from volunteer_subscription_counts order by day`,
    );
    expect(rows.map((row) => [row.day, Number(row.n)])).toEqual([
      [isoDay(yesterday), 1],
      [isoDay(now), 6],
    ]);

    const reach = await volunteerReach(db, id, { today: isoDay(now), days: 28 });
    expect(reach.byDay.columns).toEqual(["visit", "hotline_tap", "subscription"]);
    expect(reach.totals.subscription).toBe(7);
    // The same small-number rules as visits: yesterday's 1 is "<5", and today's 6 is hidden too,
    // since with the total it would give the 1 away (complementary suppression).
    expect(reach.byDay.rows).toEqual([isoDay(yesterday), isoDay(now)]);
    expect(reach.byDay.cells.map((cells) => cells[2])).toEqual([{ kind: "small" }, { kind: "hidden" }]);
    expect(reach.byRegion.rows).toEqual([""]);

    const mission = (campaign: string): Mission =>
      ({
        _id: `m-${campaign}`,
        title: "Ten subscribers",
        description: "",
        campaign,
        goalKind: "sms-subscribers",
        goalCount: 10,
        startDate: isoDay(yesterday),
        endDate: null,
      }) as unknown as Mission; // only the fields missionProgress reads
    const [safe, other] = await missionProgress(db, id, [mission("safe-journeys"), mission("know-before-you-go")], isoDay(now));
    expect(safe?.done).toBe(7);
    expect(other?.done).toBe(6);
  });

  it("counts nothing for an unknown code, an unconfirmed, a disabled or a deleted account", async () => {
    database = await createTestDatabase(kind);
    const { db } = database;
    const now = new Date();
    const unconfirmed = await volunteer(db, "+996555123401", now, false);
    const disabled = await volunteer(db, "+996555123402", now);
    const deleted = await volunteer(db, "+996555123403", now);
    await disableVolunteer(db, disabled.id, now);
    await deleteVolunteer(db, deleted.id);
    for (const referralCode of ["ZZZZZZZZ", unconfirmed.code, disabled.code, deleted.code]) {
      expect(await creditSubscription(db, { referralCode, campaign: undefined, country: "KG", now }), referralCode).toBe(false);
    }
    const { rows } = await runSql<{ n: number }>(db, sql`select count(*)::int as n from volunteer_subscription_counts`);
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it("rolls back with the transaction it was counted in", async () => {
    database = await createTestDatabase(kind);
    const { db } = database;
    const now = new Date();
    const { code } = await volunteer(db, "+996555123404", now);
    await expect(
      db.transaction(async (tx) => {
        await creditSubscription(tx, { referralCode: code, campaign: undefined, country: "KG", now });
        throw new Error("subscription failed");
      }),
    ).rejects.toThrow("subscription failed");
    const { rows } = await runSql<{ n: number }>(db, sql`select count(*)::int as n from volunteer_subscription_counts`);
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it("a count that cannot be written loses the count, never the subscription's transaction", async () => {
    database = await createTestDatabase(kind);
    const { db } = database;
    const now = new Date();
    const { code } = await volunteer(db, "+996555123405", now);
    await runSql(db, sql`alter table volunteer_subscription_counts rename to volunteer_subscription_counts_gone`);
    await db.transaction(async (tx) => {
      expect(await creditSubscription(tx, { referralCode: code, campaign: undefined, country: "KG", now })).toBe(false);
      // The subscription's own work after the failed count still commits with its transaction.
      await runSql(
        tx,
        sql`insert into webhook_receipts (provider, delivery_id, received_at) values ('test', 'after-count', ${now.toISOString()}::timestamptz)`,
      );
    });
    const { rows } = await runSql<{ n: number }>(
      db,
      sql`select count(*)::int as n from webhook_receipts where delivery_id = 'after-count'`,
    );
    expect(Number(rows[0]!.n)).toBe(1);
  });

  it("keeps no link between a subscriber and a volunteer: only aggregate columns, no key to a subscriber or a number", async () => {
    database = await createTestDatabase(kind);
    const { db } = database;
    const { rows: columns } = await runSql<{ name: string }>(
      db,
      sql`select column_name as name from information_schema.columns where table_name = 'volunteer_subscription_counts' order by ordinal_position`,
    );
    expect(columns.map((column) => column.name)).toEqual(["id", "volunteer_id", "campaign", "country", "region", "day", "count"]);
    // No table that names a subscriber references a volunteer, and no volunteer table references a subscriber.
    const { rows: links } = await runSql<{ source: string; target: string }>(
      db,
      sql`
      select c.conrelid::regclass::text as source, c.confrelid::regclass::text as target
      from pg_constraint c
      where c.contype = 'f'
        and ((c.confrelid::regclass::text = 'volunteers' and c.conrelid::regclass::text not like 'volunteer%')
          or (c.conrelid::regclass::text like 'volunteer%' and c.confrelid::regclass::text <> 'volunteers'))`,
    );
    expect(links).toEqual([]);
    const { rows: subscriberColumns } = await runSql<{ name: string }>(
      db,
      sql`select column_name as name from information_schema.columns
          where table_name in ('subscribers', 'inbound_messages') and (column_name like '%volunteer%' or column_name like '%referral%')`,
    );
    expect(subscriberColumns).toEqual([]);
  });
});
