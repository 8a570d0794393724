/**
 * Which hotlines answer HELP for an area, and how the answer is written: one SMS segment where
 * possible, and never without the number.
 */
import { describe, expect, it } from "vitest";
import type { Hotline } from "~/content/schemas";
import { DEFAULT_SMS_REPLIES } from "~/i18n/sms-replies";
import { confirmationHotline, hotlinesForArea, renderHelpReply, shortOrganizationName } from "~/messaging/replies-hotlines";
import { smsSegments } from "~/messaging/sms-segments";

function hotline(
  id: string,
  country: string,
  regions: string[],
  organization: string,
  phone: string | null,
  extra: Partial<Hotline> = {},
): Hotline {
  return {
    _id: id,
    organization,
    description: null,
    country,
    regions: regions.map((code) => ({ code, name: code })),
    phone,
    sms: null,
    whatsapp: null,
    telegram: null,
    hours: { open24h: true, timezone: "Asia/Bishkek" },
    languages: [],
    nationalities: [],
    international: false,
    freeOfCharge: true,
    lastVerifiedAt: "2025-01-05T08:00:00Z",
    isSample: false,
    priority: null,
    ...extra,
  };
}

const kgNational = hotline("kg", "KG", [], "Migrant Hotline", "+996000000101");
const kgOsh = hotline("kg-osh", "KG", ["KG-O"], "Osh Legal Clinic", "+996000000201");
const kgChuy = hotline("kg-c", "KG", ["KG-C"], "Chüy Shelter", "+996000000301");
const afNational = hotline("af", "AF", [], "Afghan Helpline", "+93000000101");
const all = [afNational, kgNational, kgOsh, kgChuy];

describe("hotlinesForArea", () => {
  it("puts the region's own hotlines first, then the country's nationwide ones", () => {
    expect(hotlinesForArea(all, { country: "KG", regionCode: "KG-O" }).map((h) => h._id)).toEqual(["kg-osh", "kg"]);
  });

  it("gives a region without its own hotline the nationwide ones, never another region's", () => {
    expect(hotlinesForArea(all, { country: "KG", regionCode: "KG-B" }).map((h) => h._id)).toEqual(["kg"]);
  });

  it("gives a country without a region its nationwide hotlines", () => {
    expect(hotlinesForArea(all, { country: "KG", regionCode: null }).map((h) => h._id)).toEqual(["kg"]);
  });

  it("gives an unknown country the general list of nationwide hotlines", () => {
    expect(hotlinesForArea(all, { country: null, regionCode: null }).map((h) => h._id)).toEqual(["af", "kg"]);
  });

  it("returns nothing for a country without hotlines", () => {
    expect(hotlinesForArea(all, { country: "IQ", regionCode: "IQ-AR" })).toEqual([]);
  });
});

describe("renderHelpReply", () => {
  const ru = DEFAULT_SMS_REPLIES.ru;
  const en = DEFAULT_SMS_REPLIES.en;

  it("writes header, hotlines and stop hint when they fit in one segment", () => {
    expect(renderHelpReply(en, [kgOsh, kgNational])).toBe(
      `${en.helpHeader}\nOsh Legal Clinic +996000000201\nMigrant Hotline +996000000101\n${en.stopHint}`,
    );
  });

  it("drops the header and extra hotlines before it lets a Cyrillic answer pass one segment", () => {
    const long = [
      hotline("a", "KG", [], "Национальная горячая линия по безопасной миграции", "+996000000101"),
      hotline("b", "KG", [], "Общественный фонд «Путь домой»", "+996000000102"),
    ];
    const reply = renderHelpReply(ru, long);
    expect(smsSegments(reply).segments).toBe(1);
    expect(reply).toContain("+996000000101");
    expect(reply.endsWith(ru.stopHint)).toBe(true);
  });

  it("shortens a long organization name rather than going to a second segment", () => {
    const reply = renderHelpReply(ru, [
      hotline("a", "KG", [], "Национальная горячая линия по вопросам безопасной миграции", "+996000000101"),
    ]);
    expect(smsSegments(reply).segments).toBe(1);
    expect(reply).toContain("…");
    expect(reply).toContain("+996000000101");
  });

  it("uses two segments rather than dropping the number when even the bare number does not fit", () => {
    const wordy = { ...ru, stopHint: "Чтобы отписаться от всех сообщений, в любой момент ответьте STOP (СТОП)." };
    const reply = renderHelpReply(wordy, [kgNational]);
    expect(smsSegments(reply).segments).toBe(2);
    expect(reply).toContain("+996000000101");
  });

  it("says so when there is no hotline with a number", () => {
    expect(renderHelpReply(en, [hotline("x", "KG", [], "No Number Org", null, { telegram: null })])).toBe(
      `${en.noHotline}\n${en.stopHint}`,
    );
  });

  it("gives a WhatsApp-only hotline its WhatsApp number", () => {
    const reply = renderHelpReply(en, [hotline("w", "AF", [], "Chat Line", null, { whatsapp: "+93000000555" })]);
    expect(reply).toContain("+93000000555");
  });
});

describe("names", () => {
  it("drops parenthetical asides and shortens long names", () => {
    expect(shortOrganizationName("Osh Legal Clinic (fixture)")).toBe("Osh Legal Clinic");
    expect(shortOrganizationName("International Organization for Migration Kyrgyzstan")).toMatch(/^International Organiza.*…$/);
    expect(shortOrganizationName("International Organization for Migration Kyrgyzstan").length).toBe(24);
  });

  it("confirms with the best hotline's short name and number", () => {
    expect(confirmationHotline([kgOsh, kgNational])).toBe("Osh Legal Clinic +996000000201");
    expect(confirmationHotline([])).toBeNull();
  });
});

describe("numbers inside right-to-left replies", () => {
  it("keep the plus sign before the digits after an Arabic-script name, and cost nothing in Latin text", async () => {
    const { hotlineLine } = await import("~/messaging/replies-hotlines");
    const base: Omit<Hotline, "organization"> = {
      _id: "h",
      country: "AF",
      regions: [],
      phone: "+93000000501",
      hours: { open24h: true, timezone: "Asia/Kabul" },
      languages: [],
      nationalities: [],
      international: false,
      freeOfCharge: true,
      lastVerifiedAt: "2026-10-01T00:00:00Z",
      isSample: true,
    };
    expect(hotlineLine({ ...base, organization: "خط کمک" }, "full")).toBe("خط کمک \u200E+93000000501\u200E");
    expect(hotlineLine({ ...base, organization: "Afghan Helpline" }, "full")).toBe("Afghan Helpline +93000000501");
  });
});
