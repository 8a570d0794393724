/**
 * When the planner creates a broadcast's run (due-occurrence.ts): ten minutes before the first
 * recipient zone reaches the local send time, never for a one-off more than a day after the last
 * zone did, on approval for "as soon as approved", per cron occurrence (keyed by its local time)
 * for a recurring one, and only while the Studio status is "scheduled".
 */
import { describe, expect, it } from "vitest";
import type { BroadcastDocument } from "~/broadcasts/broadcast-spec";
import { audienceZones, dueOccurrence } from "~/broadcasts/due-occurrence";
import { zoneRows } from "~/broadcasts/run-spec";
import { broadcastDoc, TEST_REGIONS } from "../db/broadcast-kit";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const ZONES = zoneRows(TEST_REGIONS);
/** 2026-12-01 10:00 in Bishkek (UTC+6), the first of the seven zones to get there. */
const BISHKEK_TEN = Date.parse("2026-12-01T04:00:00Z");
/** 2026-12-01 10:00 in Baghdad (UTC+3), the last. */
const BAGHDAD_TEN = Date.parse("2026-12-01T07:00:00Z");
/** Mondays. */
const MONDAY = "2026-11-30";
const NEXT_MONDAY = "2026-12-07";

function doc(overrides: Partial<BroadcastDocument> = {}): BroadcastDocument {
  return broadcastDoc(overrides);
}
/** Approved in our database unless said otherwise (the Studio's approvedAt no longer counts). */
function decide(broadcast: BroadcastDocument, nowMs: number, approved = true) {
  return dueOccurrence(broadcast, audienceZones(broadcast, ZONES), new Date(nowMs), approved);
}
const inCountries = (...countries: BroadcastDocument["audience"]["countries"]) =>
  doc({ audience: { ...broadcastDoc().audience, countries } });
const weekly = (overrides: Partial<BroadcastDocument> = {}) =>
  doc({ schedule: { mode: "recurring", recurrence: "0 10 * * 1" }, ...overrides });

describe("audienceZones", () => {
  it("every programme zone when the audience names no country", () => {
    expect(audienceZones(doc(), ZONES).sort()).toEqual([
      "Asia/Almaty",
      "Asia/Baghdad",
      "Asia/Bishkek",
      "Asia/Dushanbe",
      "Asia/Kabul",
      "Asia/Karachi",
      "Asia/Tashkent",
    ]);
  });

  it("only Baghdad for an audience limited to Iraq", () => {
    expect(audienceZones(inCountries("IQ"), ZONES)).toEqual(["Asia/Baghdad"]);
  });
});

describe("a one-off broadcast ('at')", () => {
  it("is not yet due more than ten minutes before 10:00 in Bishkek", () => {
    expect(decide(doc(), BISHKEK_TEN - 10 * MINUTE - 1)).toEqual({ due: false, reason: "not-yet" });
    expect(decide(doc(), BISHKEK_TEN - HOUR)).toEqual({ due: false, reason: "not-yet" });
  });

  it("is due from ten minutes before 10:00 in Bishkek, at the recipients' local 10:00", () => {
    expect(decide(doc(), BISHKEK_TEN - 10 * MINUTE)).toEqual({
      due: true,
      occurrence: "once",
      schedule: { kind: "at", localTime: "2026-12-01 10:00:00" },
    });
  });

  it("stays due until 24 hours after 10:00 in Baghdad, then is missed", () => {
    expect(decide(doc(), BAGHDAD_TEN + 12 * HOUR)).toMatchObject({ due: true, occurrence: "once" });
    expect(decide(doc(), BAGHDAD_TEN + 24 * HOUR)).toMatchObject({ due: true, occurrence: "once" });
    expect(decide(doc(), BAGHDAD_TEN + 24 * HOUR + 1)).toEqual({ due: false, reason: "missed" });
    expect(decide(doc(), BAGHDAD_TEN + 30 * 24 * HOUR)).toEqual({ due: false, reason: "missed" });
  });

  it("for an audience in Iraq only, follows Baghdad's clock alone", () => {
    const iraq = inCountries("IQ");
    expect(decide(iraq, BISHKEK_TEN)).toEqual({ due: false, reason: "not-yet" });
    expect(decide(iraq, BAGHDAD_TEN - 10 * MINUTE - 1)).toEqual({ due: false, reason: "not-yet" });
    expect(decide(iraq, BAGHDAD_TEN - 10 * MINUTE)).toMatchObject({ due: true, occurrence: "once" });
    expect(decide(iraq, BAGHDAD_TEN + 24 * HOUR + 1)).toEqual({ due: false, reason: "missed" });
  });

  it("accepts the 'T' separator and reports a send time that is not a real date as never due", () => {
    expect(decide(doc({ schedule: { mode: "at", sendAt: "2026-12-01 10:00" } }), BISHKEK_TEN)).toMatchObject({ due: true });
    expect(decide(doc({ schedule: { mode: "at", sendAt: "2026-02-30T10:00" } }), BISHKEK_TEN)).toEqual({ due: false, reason: "never" });
  });
});

describe("'as soon as approved'", () => {
  it("is not due until approved", () => {
    expect(decide(doc({ schedule: { mode: "whenApproved" } }), BISHKEK_TEN, false)).toEqual({
      due: false,
      reason: "not-approved",
    });
  });

  it("is due at once when approved, as a single occurrence sent as soon as possible", () => {
    const approved = doc({ schedule: { mode: "whenApproved" } });
    expect(decide(approved, BISHKEK_TEN)).toEqual({ due: true, occurrence: "once", schedule: { kind: "asap" } });
  });
});

describe("without an approval of the current content", () => {
  it("nothing is due, whatever the schedule", () => {
    expect(decide(doc(), BISHKEK_TEN, false)).toEqual({ due: false, reason: "not-approved" });
    expect(decide(weekly(), Date.parse(`${MONDAY}T10:00:00+06:00`), false)).toEqual({ due: false, reason: "not-approved" });
  });
});

describe("a recurring broadcast ('0 10 * * 1', Mondays 10:00)", () => {
  const bishkek = (day: string, time: string) => Date.parse(`${day}T${time}+06:00`);

  it("is due from ten minutes before Monday 10:00 in Bishkek, keyed by that Monday's date and time", () => {
    expect(decide(weekly(), bishkek(MONDAY, "09:50:00"))).toEqual({
      due: true,
      occurrence: `${MONDAY} 10:00`,
      schedule: { kind: "at", localTime: `${MONDAY} 10:00:00` },
    });
    expect(decide(weekly(), bishkek(MONDAY, "09:49:59"))).toEqual({ due: false, reason: "not-yet" });
  });

  it("gives the next Monday its own key", () => {
    expect(decide(weekly(), bishkek(NEXT_MONDAY, "10:00:00"))).toMatchObject({ due: true, occurrence: `${NEXT_MONDAY} 10:00` });
  });

  it("keeps the key of the occurrence for up to six hours, then has nothing to plan", () => {
    expect(decide(weekly(), bishkek(MONDAY, "15:59:00"))).toMatchObject({ due: true, occurrence: `${MONDAY} 10:00` });
    expect(decide(weekly(), bishkek(MONDAY, "16:01:00"))).toEqual({ due: false, reason: "not-yet" });
    // Mid-week: the Monday before is days old, the next one days away.
    expect(decide(weekly(), bishkek("2026-12-03", "10:00:00"))).toEqual({ due: false, reason: "not-yet" });
  });

  it("keys the occurrence by the local date even when UTC is still on the day before", () => {
    // 00:30 Monday in Bishkek is 18:30 Sunday UTC.
    const halfPastMidnight = doc({ schedule: { mode: "recurring", recurrence: "30 0 * * 1" } });
    expect(decide(halfPastMidnight, Date.parse("2026-11-29T18:30:00Z"))).toMatchObject({ due: true, occurrence: `${MONDAY} 00:30` });
  });

  it("for an audience in Iraq only, reads the rule on Baghdad's clock", () => {
    const iraq = weekly({ audience: { ...broadcastDoc().audience, countries: ["IQ"] } });
    expect(decide(iraq, bishkek(MONDAY, "10:00:00"))).toEqual({ due: false, reason: "not-yet" });
    expect(decide(iraq, Date.parse(`${MONDAY}T09:50:00+03:00`))).toMatchObject({ due: true, occurrence: `${MONDAY} 10:00` });
  });
});

describe("Studio status", () => {
  it.each(["draft", "paused", "cancelled"] as const)("a %s broadcast is never due", (status) => {
    expect(decide(doc({ status }), BISHKEK_TEN)).toEqual({ due: false, reason: "not-scheduled" });
    expect(decide(weekly({ status }), Date.parse(`${MONDAY}T10:00:00+06:00`))).toEqual({ due: false, reason: "not-scheduled" });
    expect(decide(doc({ status, schedule: { mode: "whenApproved" } }), BISHKEK_TEN)).toEqual({
      due: false,
      reason: "not-scheduled",
    });
  });
});
