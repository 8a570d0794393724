/**
 * Phone numbers → E.164: international and national formats of the seven programme countries
 * (and Russia, where most migrants work), provider addresses, Eastern digits and separators;
 * rejections; the country of a number; and the strict check for numbers we message, which the
 * sample dataset's unreachable +<code>000… numbers fail on purpose.
 */
import { describe, expect, it } from "vitest";
import type { Country } from "~/i18n/locales";
import { countryOfNumber, isDialableInCountry, normalizePhoneNumber, parseAddress } from "~/messaging/phone-number";

describe("normalizePhoneNumber: international formats", () => {
  it.each([
    ["+996 555 123 456", "+996555123456", "KG"],
    ["00996555123456", "+996555123456", "KG"],
    ["+996-555-123-456", "+996555123456", "KG"],
    ["+996 (555) 123.456", "+996555123456", "KG"],
    ["whatsapp:+996555123456", "+996555123456", "KG"],
    ["tel:+996555123456", "+996555123456", "KG"],
    ["+992 93 123 4567", "+992931234567", "TJ"],
    ["+992 00 123 4567", "+992001234567", "TJ"],
    ["+998 90 123 45 67", "+998901234567", "UZ"],
    ["+998 88 123 45 67", "+998881234567", "UZ"],
    ["+7 701 123 45 67", "+77011234567", "KZ"],
    ["+7 (600) 123-45-67", "+76001234567", "KZ"],
    ["+7 916 123 45 67", "+79161234567", null],
    ["+93 70 123 4567", "+93701234567", "AF"],
    ["+92 300 1234567", "+923001234567", "PK"],
    ["+92 51 111 222 333", "+9251111222333", "PK"],
    ["+964 770 123 4567", "+9647701234567", "IQ"],
    ["+964 1 234 5678", "+96412345678", "IQ"],
    ["+44 20 7946 0000", "+442079460000", null],
    ["+۹۳ ۷۰ ۱۲۳ ۴۵۶۷", "+93701234567", "AF"],
    ["+٩٦٤ ٧٧٠ ١٢٣ ٤٥٦٧", "+9647701234567", "IQ"],
    ["＋９９６５５５１２３４５６", "+996555123456", "KG"],
    ["\u202A+92 300 1234567\u202C", "+923001234567", "PK"],
    ["\u200E+93 70 123 4567", "+93701234567", "AF"],
    // The trunk prefix written after the country code, a common mistake, is dropped ...
    ["+996 0555 123 456", "+996555123456", "KG"],
    ["+996 (0) 555 123 456", "+996555123456", "KG"],
    ["+964 0770 123 4567", "+9647701234567", "IQ"],
    ["+7 8 701 123 45 67", "+77011234567", "KZ"],
    // ... but not from the sample dataset's unreachable numbers, which must display as written.
    ["+996 000 000 101", "+996000000101", "KG"],
    ["+996000000900", "+996000000900", "KG"],
    ["+93000000501", "+93000000501", "AF"],
    ["+92000000601", "+92000000601", "PK"],
    ["+964000000701", "+964000000701", "IQ"],
  ] as const)("%j → %s (%s)", (input, e164, country) => {
    expect(normalizePhoneNumber(input)).toEqual({ ok: true, e164, country });
  });
});

describe("normalizePhoneNumber: national formats with a default country", () => {
  it.each([
    ["0555 123 456", "KG", "+996555123456"],
    ["(0555) 123-456", "KG", "+996555123456"],
    ["555 123 456", "KG", "+996555123456"],
    ["996 555 123 456", "KG", "+996555123456"],
    ["0800 123 456", "KG", "+996800123456"],
    ["918 12 34 56", "TJ", "+992918123456"],
    ["8 918 123 456", "TJ", "+992918123456"],
    ["90 123 45 67", "UZ", "+998901234567"],
    ["88 123 45 67", "UZ", "+998881234567"],
    ["8 90 123 45 67", "UZ", "+998901234567"],
    ["8 701 123 45 67", "KZ", "+77011234567"],
    ["701 123 45 67", "KZ", "+77011234567"],
    ["7 701 123 45 67", "KZ", "+77011234567"],
    ["0701234567", "AF", "+93701234567"],
    ["۰۷۰۱۲۳۴۵۶۷", "AF", "+93701234567"],
    ["0300 1234567", "PK", "+923001234567"],
    ["0300-1234567", "PK", "+923001234567"],
    ["051 111 222 333", "PK", "+9251111222333"],
    ["0770 123 4567", "IQ", "+9647701234567"],
    ["٠٧٧٠ ١٢٣ ٤٥٦٧", "IQ", "+9647701234567"],
    ["01 234 5678", "IQ", "+96412345678"],
    // An international number stays international whatever the default country.
    ["+93 70 123 4567", "KG", "+93701234567"],
    ["00992931234567", "KZ", "+992931234567"],
  ] as const)("%j in %s → %s", (input, defaultCountry, e164) => {
    const result = normalizePhoneNumber(input, { defaultCountry });
    expect(result).toEqual({ ok: true, e164, country: countryOfNumber(e164) });
  });
});

describe("normalizePhoneNumber: rejections", () => {
  it.each([
    ["", undefined, "empty"],
    ["   ", undefined, "empty"],
    ["+996 abc 123", undefined, "letters"],
    ["call me", undefined, "letters"],
    ["+996 555 123 456 ext 2", undefined, "letters"],
    ["+996 555 123 456#", undefined, "letters"],
    ["++996555123456", undefined, "letters"],
    ["+1 23", undefined, "too short"],
    ["+123456", undefined, "too short"],
    ["+1234567890123456", undefined, "too long"],
    ["0012345678901234567", undefined, "too long"],
    ["+0123456789", undefined, "cannot start with 0"],
    ["555 123 456", undefined, "country code"],
    ["0555123456", undefined, "country code"],
    ["12345", "KG", "not a KG number"],
    ["0555 123 45", "KG", "not a KG number"],
    ["0300 123456789", "PK", "not a PK number"],
    ["+996 555 123 45", undefined, "wrong length for a KG"],
    ["+996 555 123 456 78", undefined, "wrong length for a KG"],
    ["+7 701 123 45 6", undefined, "wrong length for a KZ"],
    ["+7 916 123 45 678", undefined, "wrong length for a +7"],
    ["+93 70 123 456", undefined, "wrong length for a AF"],
    ["+92 300 12345678", undefined, "wrong length for a PK"],
    ["+964 770 123 45678", undefined, "wrong length for a IQ"],
  ] as const)("%j (%s): %s", (input, defaultCountry, reason) => {
    const result = normalizePhoneNumber(input, defaultCountry ? { defaultCountry } : {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });
});

describe("parseAddress", () => {
  it.each([
    ["whatsapp:+996555123456", { channel: "whatsapp", e164: "+996555123456" }],
    ["WhatsApp:+93701234567", { channel: "whatsapp", e164: "+93701234567" }],
    ["+93701234567", { channel: "sms", e164: "+93701234567" }],
    [" +79161234567 ", { channel: "sms", e164: "+79161234567" }],
    ["whatsapp:nonsense", null],
    ["12345", null], // a short code
    ["0555123456", null], // national: providers always send E.164
    ["InfoSMS", null], // an alphanumeric sender
    ["", null],
  ] as const)("%j → %j", (address, parsed) => {
    expect(parseAddress(address)).toEqual(parsed);
  });
});

describe("countryOfNumber", () => {
  it.each([
    ["+996555123456", "KG"], ["+992931234567", "TJ"], ["+998901234567", "UZ"],
    ["+77011234567", "KZ"], ["+76001234567", "KZ"], ["+79161234567", null], ["+74951234567", null],
    ["+93701234567", "AF"], ["+923001234567", "PK"], ["+9647701234567", "IQ"],
    // Neighbouring codes that are not programme countries.
    ["+994501234567", null], ["+995551234567", null], ["+993612345678", null], ["+989121234567", null],
    ["+905321234567", null], ["+919812345678", null], ["+966501234567", null], ["+447700900000", null],
  ] as const)("%s → %s", (e164, country) => {
    expect(countryOfNumber(e164)).toBe(country);
  });
});

describe("isDialableInCountry", () => {
  it.each([
    ["+996555123456", undefined, true],
    ["+996700123456", "KG", true],
    ["+992931234567", "TJ", true],
    ["+992001234567", "TJ", true], // Tajik mobile ranges include 00…
    ["+998901234567", "UZ", true],
    ["+77011234567", "KZ", true],
    ["+79161234567", undefined, true], // Russia, where many migrants work
    ["+93701234567", "AF", true],
    ["+923001234567", "PK", true],
    ["+9647701234567", "IQ", true],
    ["+447700900123", undefined, true],
    // The sample dataset's unreachable numbers.
    ["+996000000101", undefined, false],
    ["+996000000900", "KG", false],
    ["+93000000501", undefined, false],
    ["+92000000601", undefined, false],
    ["+964000000701", undefined, false],
    // Wrong lengths, wrong country, not E.164.
    ["+99655512345", undefined, false],
    ["+7701123456", undefined, false],
    ["+79161234567", "KZ", false],
    ["+996555123456", "TJ", false],
    ["+71234567890", undefined, false], // no Russian numbers start with 1
    ["996555123456", undefined, false],
    ["+0996555123456", undefined, false],
    ["+1234567890123456", undefined, false],
  ] as const)("%s in %s → %s", (e164, country, dialable) => {
    expect(isDialableInCountry(e164, country as Country | undefined)).toBe(dialable);
  });

  it("accepts what normalizePhoneNumber makes of real numbers in every programme country", () => {
    const numbers: Array<[string, Country]> = [
      ["0555 123 456", "KG"], ["93 123 4567", "TJ"], ["90 123 45 67", "UZ"], ["8 701 123 45 67", "KZ"],
      ["070 123 4567", "AF"], ["0300 1234567", "PK"], ["0770 123 4567", "IQ"],
    ];
    for (const [national, country] of numbers) {
      const result = normalizePhoneNumber(national, { defaultCountry: country });
      expect(result.ok && result.country, national).toBe(country);
      expect(result.ok && isDialableInCountry(result.e164, country), national).toBe(true);
    }
  });
});
