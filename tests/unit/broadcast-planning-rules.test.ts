/**
 * Pure rules behind broadcasts: when a delivery is due and under which occurrence key, how texts
 * and templates are resolved per locale, and what a claimed row sends on WhatsApp.
 */
import { describe, expect, it } from "vitest";
import type { BroadcastDocument } from "~/broadcasts/broadcast-spec";
import { audienceZones, dueOccurrence, PLAN_LEAD_MS } from "~/broadcasts/due-occurrence";
import { parseRunSpec, resolveTexts, RunTextMissingError, zoneRows } from "~/broadcasts/run-spec";
import { contentToSend } from "~/outbox/message-content";
import { broadcastDoc, TEST_REGIONS } from "../db/broadcast-kit";

const ZONES = zoneRows(TEST_REGIONS);
const ALL = audienceZones(broadcastDoc(), ZONES);
const BISHKEK_TEN = Date.parse("2026-12-01T04:00:00Z");
const BAGHDAD_TEN = Date.parse("2026-12-01T07:00:00Z");

function decide(overrides: Partial<BroadcastDocument>, nowMs: number, zones = ALL) {
  return dueOccurrence(broadcastDoc(overrides), zones, new Date(nowMs));
}

describe("dueOccurrence", () => {
  it("plans a one-off broadcast from ten minutes before the first zone's local time until a day after the last", () => {
    expect(decide({}, BISHKEK_TEN - PLAN_LEAD_MS - 1)).toEqual({ due: false, reason: "not-yet" });
    expect(decide({}, BISHKEK_TEN - PLAN_LEAD_MS)).toEqual({ due: true, occurrence: "once", schedule: { kind: "at", localTime: "2026-12-01 10:00:00" } });
    expect(decide({}, BAGHDAD_TEN + 24 * 3_600_000).due).toBe(true);
    expect(decide({}, BAGHDAD_TEN + 24 * 3_600_000 + 1)).toEqual({ due: false, reason: "missed" });
  });

  it("an audience in Iraq only is planned by Baghdad's clock", () => {
    const iraq = audienceZones(broadcastDoc({ audience: { ...broadcastDoc().audience, countries: ["IQ"] } }), ZONES);
    expect(iraq).toEqual(["Asia/Baghdad"]);
    expect(decide({}, BISHKEK_TEN, iraq)).toEqual({ due: false, reason: "not-yet" });
    expect(decide({}, BAGHDAD_TEN - PLAN_LEAD_MS, iraq).due).toBe(true);
  });

  it("'as soon as approved' is due once approved; only scheduled broadcasts are ever due", () => {
    expect(decide({ schedule: { mode: "whenApproved" } }, BISHKEK_TEN)).toEqual({ due: false, reason: "not-approved" });
    expect(decide({ schedule: { mode: "whenApproved" }, approvedAt: "2026-11-30T10:00:00Z" }, BISHKEK_TEN)).toEqual({
      due: true, occurrence: "once", schedule: { kind: "asap" },
    });
    for (const status of ["draft", "paused", "cancelled"] as const) {
      expect(decide({ status }, BISHKEK_TEN)).toEqual({ due: false, reason: "not-scheduled" });
    }
  });

  it("a recurring rule yields the latest occurrence within the lead, keyed by its local time, and skips stale ones", () => {
    const weekly = { schedule: { mode: "recurring" as const, recurrence: "0 10 * * 1" } };
    const monday = Date.parse("2026-11-30T04:00:00Z");
    expect(decide(weekly, monday - PLAN_LEAD_MS)).toEqual({
      due: true, occurrence: "2026-11-30 10:00", schedule: { kind: "at", localTime: "2026-11-30 10:00:00" },
    });
    expect(decide(weekly, monday + 5 * 3_600_000).due).toBe(true);
    expect(decide(weekly, monday + 7 * 3_600_000)).toEqual({ due: false, reason: "not-yet" });
  });
});

describe("resolveTexts", () => {
  it("gives every locale its own text or the fallback's, with segments, and the template of the locale or the fallback", () => {
    const template = { contentSid: `HX${"c".repeat(32)}`, variables: {} };
    const texts = resolveTexts({ en: "Check your contract.", ru: "Проверьте договор." }, { en: template }, "en");
    expect(texts).toHaveLength(11);
    expect(texts.find((t) => t.locale === "ru")).toMatchObject({ body: "Проверьте договор.", textLocale: "ru", segments: 1, contentSid: template.contentSid });
    expect(texts.find((t) => t.locale === "ps")).toMatchObject({ body: "Check your contract.", textLocale: "en" });
  });

  it("refuses when the fallback locale has no text either", () => {
    expect(() => resolveTexts({ ru: "Только по-русски." }, {}, "en")).toThrow(RunTextMissingError);
  });

  it("a stored spec reads back, and garbage does not", () => {
    const spec = { channel: "sms", fallbackLocale: "en", texts: [], audience: broadcastDoc().audience, schedule: { kind: "asap" },
      sendWindow: { start: "09:00", end: "20:00" }, maxRecipients: null, zones: ZONES };
    expect(parseRunSpec(JSON.stringify(spec))).toEqual(spec);
    expect(() => parseRunSpec({ channel: "fax" })).toThrow();
  });
});

describe("contentToSend", () => {
  const base = { body: "Hello", contentSid: null, contentVariables: null, whatsappWindowOpen: null };
  const template = { contentSid: `HX${"d".repeat(32)}`, contentVariables: { "1": "x" } };

  it("replies and SMS send what the row holds", () => {
    expect(contentToSend({ ...base, channel: "sms" })).toEqual({ body: "Hello", contentSid: null, contentVariables: null });
    expect(contentToSend({ ...base, channel: "whatsapp", body: null, ...template })).toEqual({ body: null, ...template });
  });

  it("WhatsApp broadcasts: free text inside the window, the template outside, nothing without one", () => {
    expect(contentToSend({ ...base, channel: "whatsapp", ...template, whatsappWindowOpen: true })).toEqual({ body: "Hello", contentSid: null, contentVariables: null });
    expect(contentToSend({ ...base, channel: "whatsapp", ...template, whatsappWindowOpen: false })).toEqual({ body: null, ...template });
    expect(contentToSend({ ...base, channel: "whatsapp", whatsappWindowOpen: false })).toBeNull();
  });
});
