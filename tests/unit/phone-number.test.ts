import { describe, expect, it } from "vitest";
import { countryOfNumber, isDialableInCountry, normalizePhoneNumber, parseAddress } from "~/messaging/phone-number";

describe("normalizePhoneNumber", () => {
  it.each([
    ["+996 555 123 456", undefined, "+996555123456", "KG"],
    ["00996555123456", undefined, "+996555123456", "KG"],
    ["+992 93 123 4567", undefined, "+992931234567", "TJ"],
    ["+998 90 123 45 67", undefined, "+998901234567", "UZ"],
    ["+7 701 123 45 67", undefined, "+77011234567", "KZ"],
    ["+7 916 123 45 67", undefined, "+79161234567", null],
    ["+93 70 123 4567", undefined, "+93701234567", "AF"],
    ["+92 300 1234567", undefined, "+923001234567", "PK"],
    ["+964 770 123 4567", undefined, "+9647701234567", "IQ"],
    ["+۹۳ ۷۰ ۱۲۳ ۴۵۶۷", undefined, "+93701234567", "AF"],
    ["+٩٦٤ ٧٧٠ ١٢٣ ٤٥٦٧", undefined, "+9647701234567", "IQ"],
    ["0555 123 456", "KG", "+996555123456", "KG"],
    ["0701234567", "AF", "+93701234567", "AF"],
    ["0300 1234567", "PK", "+923001234567", "PK"],
    ["0770 123 4567", "IQ", "+9647701234567", "IQ"],
    ["90 123 45 67", "UZ", "+998901234567", "UZ"],
    ["8 701 123 45 67", "KZ", "+77011234567", "KZ"],
    ["(0555) 123-456", "KG", "+996555123456", "KG"],
  ] as const)("%s (%s) → %s", (input, defaultCountry, e164, country) => {
    expect(normalizePhoneNumber(input, defaultCountry ? { defaultCountry } : {})).toEqual({ ok: true, e164, country });
  });

  it.each([
    ["", "empty"],
    ["+996 abc", "characters"],
    ["+1 23", "length"],
    ["+1234567890123456", "length"],
    ["555 123 456", "no country"],
    ["+0123456789", "cannot start with 0"],
    ["12345", "KG"],
  ])("rejects %j", (input, reason) => {
    const result = normalizePhoneNumber(input, reason === "KG" ? { defaultCountry: "KG" } : {});
    expect(result.ok).toBe(false);
  });
});

describe("addresses and countries", () => {
  it("splits WhatsApp addresses", () => {
    expect(parseAddress("whatsapp:+996555123456")).toEqual({ channel: "whatsapp", e164: "+996555123456" });
    expect(parseAddress("+93701234567")).toEqual({ channel: "sms", e164: "+93701234567" });
    expect(parseAddress("whatsapp:nonsense")).toBeNull();
  });

  it.each([
    ["+996555123456", "KG"], ["+992931234567", "TJ"], ["+998901234567", "UZ"], ["+77011234567", "KZ"],
    ["+76001234567", "KZ"], ["+79161234567", null], ["+93701234567", "AF"], ["+923001234567", "PK"],
    ["+9647701234567", "IQ"], ["+447700900000", null],
  ])("%s is %s", (e164, country) => {
    expect(countryOfNumber(e164)).toBe(country);
  });

  it("tells dialable numbers from the unreachable sample ones", () => {
    expect(isDialableInCountry("+996555123456")).toBe(true);
    expect(isDialableInCountry("+996000000101")).toBe(false);
    expect(isDialableInCountry("+99655512345")).toBe(false);
  });
});
