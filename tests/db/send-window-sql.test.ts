/**
 * The SQL form of the send window (recipientDueAtSql, used for set-based expansion) agrees with
 * the TypeScript form (recipientDueAt) for every zone of the seven countries, a half-hour and a
 * 45-minute offset, and two zones with daylight saving time, across instants before, inside and
 * after the window, on PGlite and PostgreSQL.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dueTimesByZoneSql, recipientDueAt, recipientDueAtSql, type BroadcastSchedule, type SendWindow } from "~/broadcasts/send-window";
import { runSql } from "~/db/run-sql.server";
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from "../setup/test-database";

const ZONES = [
  "Asia/Bishkek",
  "Asia/Dushanbe",
  "Asia/Kabul",
  "Asia/Tashkent",
  "Asia/Samarkand",
  "Asia/Almaty",
  "Asia/Qostanay",
  "Asia/Aqtobe",
  "Asia/Oral",
  "Asia/Karachi",
  "Asia/Baghdad",
  "Asia/Kathmandu",
  "Europe/Berlin",
  "America/New_York",
];

const NOWS = [
  "2026-11-30T12:00:00.000Z", // the day before: everything ahead
  "2026-12-01T06:00:00.123Z", // mid-morning in Central Asia, dawn in Baghdad, night in New York
  "2026-12-01T16:45:30.000Z", // evening: past the window in the east
  "2026-12-01T23:59:59.999Z", // around midnight somewhere
  "2026-03-29T00:45:00.000Z", // Berlin's spring-forward night
  "2026-10-25T00:45:00.000Z", // Berlin's fall-back night
  "2024-02-29T17:30:00.000Z", // Kazakhstan's change from UTC+6 to UTC+5 that night
];

const SCHEDULES: BroadcastSchedule[] = [
  { kind: "asap" },
  { kind: "at", localTime: "2026-12-01 10:00" },
  { kind: "at", localTime: "2026-12-01 07:30" },
  { kind: "at", localTime: "2026-12-01 21:15" },
  { kind: "at", localTime: "2026-12-01 20:00" },
  { kind: "at", localTime: "2026-03-29 02:30" },
  { kind: "at", localTime: "2026-10-25 02:30" },
  { kind: "at", localTime: "2024-02-29 23:30" },
];

const WINDOWS: SendWindow[] = [
  { start: "09:00", end: "20:00" },
  { start: "02:30", end: "03:00" }, // a window starting inside Berlin's DST gap
  { start: "00:00", end: "23:59" },
];

describe.each(DATABASE_KINDS)("send window in SQL on %s", (kind) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await testDb?.close();
  });

  async function sqlDueTimes(schedule: BroadcastSchedule, window: SendWindow, now: Date): Promise<Map<string, number>> {
    const zones = sql.join(
      ZONES.map((zone) => sql`(${zone})`),
      sql`, `,
    );
    const due = recipientDueAtSql({ schedule, window, now, timeZone: sql`z.zone` });
    const result = await runSql<{ zone: string; due_ms: number | string }>(
      testDb.db,
      sql`
      select z.zone, (extract(epoch from ${due}) * 1000)::float8 as due_ms
      from (values ${zones}) as z(zone)`,
    );
    return new Map(result.rows.map((row) => [row.zone, Math.round(Number(row.due_ms))]));
  }

  it.each(WINDOWS.map((window) => [`${window.start}–${window.end}`, window] as const))(
    "agrees with the TypeScript form, window %s",
    async (_, window) => {
      let compared = 0;
      for (const nowText of NOWS) {
        const now = new Date(nowText);
        for (const schedule of SCHEDULES) {
          const inSql = await sqlDueTimes(schedule, window, now);
          for (const zone of ZONES) {
            const inTs = recipientDueAt({ schedule, timeZone: zone, window, now }).getTime();
            const label = `${zone} ${JSON.stringify(schedule)} now=${nowText}`;
            expect(new Date(inSql.get(zone)!).toISOString(), label).toBe(new Date(inTs).toISOString());
            expect(inTs).toBeGreaterThanOrEqual(now.getTime());
            compared += 1;
          }
        }
      }
      expect(compared).toBe(NOWS.length * SCHEDULES.length * ZONES.length);
    },
  );

  it("computes one due time per zone for joining in a large expansion", async () => {
    const now = new Date("2026-12-01T06:00:00.123Z");
    const schedule: BroadcastSchedule = { kind: "at", localTime: "2026-12-01 10:00" };
    const rows = await runSql<{ zone: string; due_ms: number | string }>(
      testDb.db,
      sql`
      with due_by_zone as (${dueTimesByZoneSql({ schedule, now, zones: [...ZONES, ...ZONES] })})
      select zone, (extract(epoch from due_at) * 1000)::float8 as due_ms from due_by_zone`,
    );
    expect(rows.rows).toHaveLength(ZONES.length);
    for (const row of rows.rows) {
      expect(Math.round(Number(row.due_ms))).toBe(recipientDueAt({ schedule, timeZone: row.zone, now }).getTime());
    }
    const none = await runSql(
      testDb.db,
      sql`with due_by_zone as (${dueTimesByZoneSql({ schedule, now, zones: [] })}) select * from due_by_zone`,
    );
    expect(none.rows).toEqual([]);
  });

  it("takes the clock from SQL too (now())", async () => {
    const due = recipientDueAtSql({ schedule: { kind: "asap" }, timeZone: sql`'Asia/Kabul'`, now: sql`now()` });
    const result = await runSql<{ ok: boolean }>(testDb.db, sql`select ${due} >= now() as ok`);
    expect(result.rows[0]?.ok).toBe(true);
  });
});
