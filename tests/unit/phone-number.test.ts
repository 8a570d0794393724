/**
 * Phone numbers as migrants and their families write them, from the seven programme countries and
 * from where they work (Russia, Kazakhstan, Turkey, the Gulf, Iran, Korea, Germany): E.164, the
 * number's ISO country, its programme country, whether it is valid and a mobile, and how it is
 * shown; rejections with a reason; provider addresses; who can read a reply; and the check of
 * numbers in CMS content.
 */
import { describe, expect, it } from "vitest";
import {
  canReceiveReplies,
  contentNumberProblem,
  countryOfNumber,
  displayPhoneNumber,
  isoCountryOfNumber,
  normalizePhoneNumber,
  parseAddress,
  type IsoCountry,
  type LineType,
} from "~/audience/phone-number";
import { e164 } from "~/content/schemas";

type Row = [
  input: string,
  defaultCountry: IsoCountry | null,
  e164: string,
  isoCountry: string | null,
  country: string | null,
  type: LineType | null,
  display: string,
];

describe("normalizePhoneNumber: numbers as people write them", () => {
  it.each<Row>([
    // Kyrgyz Republic: trunk 0, the trunk wrongly kept after +996, landlines, toll-free.
    ["0555 123 456", "KG", "+996555123456", "KG", "KG", "MOBILE", "+996 555 123 456"],
    ["(0555) 123-456", "KG", "+996555123456", "KG", "KG", "MOBILE", "+996 555 123 456"],
    ["996 555 123 456", "KG", "+996555123456", "KG", "KG", "MOBILE", "+996 555 123 456"],
    ["+996 (0) 555 123 456", null, "+996555123456", "KG", "KG", "MOBILE", "+996 555 123 456"],
    ["+996 0555 123 456", null, "+996555123456", "KG", "KG", "MOBILE", "+996 555 123 456"],
    ["00996555123456", null, "+996555123456", "KG", "KG", "MOBILE", "+996 555 123 456"],
    ["＋９９６５５５１２３４５６", null, "+996555123456", "KG", "KG", "MOBILE", "+996 555 123 456"],
    ["0312 62 45 67", "KG", "+996312624567", "KG", "KG", "FIXED_LINE", "+996 312 624 567"],
    ["0800 123 456", "KG", "+996800123456", "KG", "KG", "TOLL_FREE", "+996 800 123 4 56"],
    // Tajikistan: mobile ranges starting with 0, the legacy trunk 8.
    ["918 12 34 56", "TJ", "+992918123456", "TJ", "TJ", "MOBILE", "+992 91 812 3456"],
    ["8 918 12 34 56", "TJ", "+992918123456", "TJ", "TJ", "MOBILE", "+992 91 812 3456"],
    ["+992 00 123 4567", null, "+992001234567", "TJ", "TJ", "MOBILE", "+992 00 123 4567"],
    // Uzbekistan: nine digits dialled in full, the legacy trunk 8.
    ["90 123 45 67", "UZ", "+998901234567", "UZ", "UZ", "MOBILE", "+998 90 123 45 67"],
    ["8 90 123 45 67", "UZ", "+998901234567", "UZ", "UZ", "MOBILE", "+998 90 123 45 67"],
    ["+998 33 123 45 67", null, "+998331234567", "UZ", "UZ", "MOBILE", "+998 33 123 45 67"],
    // Kazakhstan shares +7 with Russia: the range decides.
    ["8 701 123 45 67", "KZ", "+77011234567", "KZ", "KZ", "MOBILE", "+7 701 123 4567"],
    ["+7 8 701 123 45 67", null, "+77011234567", "KZ", "KZ", "MOBILE", "+7 701 123 4567"],
    ["8 (727) 258-12-34", "KZ", "+77272581234", "KZ", "KZ", "FIXED_LINE", "+7 7272 58 12 34"],
    // Afghanistan, Pakistan, Iraq: Persian and Arabic-Indic digits, bidi marks around a copied number.
    ["+۹۳ ۷۰ ۱۲۳ ۴۵۶۷", null, "+93701234567", "AF", "AF", "MOBILE", "+93 70 123 4567"],
    ["۰۷۰۱۲۳۴۵۶۷", "AF", "+93701234567", "AF", "AF", "MOBILE", "+93 70 123 4567"],
    ["\u200E+93 70 123 4567\u200E", null, "+93701234567", "AF", "AF", "MOBILE", "+93 70 123 4567"],
    ["0300-1234567", "PK", "+923001234567", "PK", "PK", "MOBILE", "+92 300 1234567"],
    ["\u202A+92 300 1234567\u202C", null, "+923001234567", "PK", "PK", "MOBILE", "+92 300 1234567"],
    ["051 111 222 333", "PK", "+9251111222333", "PK", "PK", "UAN", "+92 51 111 222 333"],
    ["٠٧٧٠ ١٢٣ ٤٥٦٧", "IQ", "+9647701234567", "IQ", "IQ", "MOBILE", "+964 770 123 4567"],
    ["\u2067+964 0770 123 4567\u2069", null, "+9647701234567", "IQ", "IQ", "MOBILE", "+964 770 123 4567"],
    ["01 234 5678", "IQ", "+96412345678", "IQ", "IQ", "FIXED_LINE", "+964 1 234 5678"],
    // Where migrants work: recognised, with their own country, but no programme country.
    ["8 916 123-45-67", "RU", "+79161234567", "RU", null, "MOBILE", "+7 916 123 45 67"],
    ["+7 (495) 123-45-67", null, "+74951234567", "RU", null, "FIXED_LINE", "+7 495 123 45 67"],
    ["whatsapp:+79161234567", null, "+79161234567", "RU", null, "MOBILE", "+7 916 123 45 67"],
    ["0532 123 45 67", "TR", "+905321234567", "TR", null, "MOBILE", "+90 532 123 45 67"],
    ["+90 212 123 45 67", null, "+902121234567", "TR", null, "FIXED_LINE", "+90 212 123 45 67"],
    ["050 123 4567", "AE", "+971501234567", "AE", null, "MOBILE", "+971 50 123 4567"],
    ["04 312 3456", "AE", "+97143123456", "AE", null, "FIXED_LINE", "+971 4 312 3456"],
    ["٠٥٠١٢٣٤٥٦٧", "SA", "+966501234567", "SA", null, "MOBILE", "+966 50 123 4567"],
    ["۰۹۱۲ ۳۴۵ ۶۷۸۹", "IR", "+989123456789", "IR", null, "MOBILE", "+98 912 345 6789"],
    ["021 1234 5678", "IR", "+982112345678", "IR", null, "FIXED_LINE", "+98 21 1234 5678"],
    ["010-1234-5678", "KR", "+821012345678", "KR", null, "MOBILE", "+82 10 1234 5678"],
    ["02-312-3456", "KR", "+8223123456", "KR", null, "FIXED_LINE", "+82 2 312 3456"],
    ["0151 23456789", "DE", "+4915123456789", "DE", null, "MOBILE", "+49 1512 3456789"],
    ["030 1234567", "DE", "+49301234567", "DE", null, "FIXED_LINE", "+49 30 1234567"],
    // An international number stays international whatever the default country.
    ["+93 70 123 4567", "KG", "+93701234567", "AF", "AF", "MOBILE", "+93 70 123 4567"],
    ["00992931234567", "RU", "+992931234567", "TJ", "TJ", "MOBILE", "+992 93 123 4567"],
  ])("%j (in %s) → %s, %s, programme %s, %s, shown %j", (input, defaultCountry, e164, isoCountry, country, type, display) => {
    expect(normalizePhoneNumber(input, defaultCountry ? { defaultCountry } : {})).toEqual({
      ok: true,
      e164,
      isoCountry,
      country,
      valid: true,
      type,
    });
    expect(displayPhoneNumber(e164)).toBe(display);
  });

  it.each([
    // The sample dataset's numbers reach nobody: the right length, in no assigned range.
    ["+996 000 000 101", "+996000000101", "KG", "KG", "+996 000 000 101"],
    ["+93000000501", "+93000000501", "AF", "AF", "+93 000 000 501"],
    ["+964000000701", "+964000000701", "IQ", "IQ", "+964 000 000 701"],
    ["+92 000 000 601", "+92000000601", "PK", "PK", "+92 000 000 601"],
    // An unassigned +7 range is neither Kazakh nor Russian.
    ["+70000000401", "+70000000401", null, null, "+7 000 000 0401"],
    ["+7 600 123 45 67", "+76001234567", null, null, "+7 600 123 4567"],
  ])("%j is possible but not valid → %s (%s, programme %s), shown %j", (input, e164, isoCountry, country, display) => {
    expect(normalizePhoneNumber(input)).toEqual({ ok: true, e164, isoCountry, country, valid: false, type: null });
    expect(displayPhoneNumber(e164)).toBe(display);
  });
});

describe("normalizePhoneNumber: rejections", () => {
  it.each<[string, IsoCountry | null, string]>([
    ["", null, "empty"],
    ["\u200E \u200F", null, "empty"],
    ["+996 abc 123", null, "contains letters"],
    ["call me", null, "contains letters"],
    ["+996 555 123 456 ext 2", null, "contains letters"],
    ["++996555123456", null, "contains letters"],
    ["555 123 456", null, "no country code"],
    ["0555123456", null, "no country code"],
    ["+0123456789", null, "unknown country calling code"],
    ["+999 123 456 789", null, "unknown country calling code"],
    ["+996 5550001", null, "too short for a KG number"],
    ["+996 555 123 456 78", null, "too long for a KG number"],
    ["+7 701 123 45 6", null, "too short for a KZ number"],
    ["+93 70 123 456", null, "too short for a AF number"],
    ["+964 770 123 45678", null, "too long for a IQ number"],
    ["+1234567890123456", null, "too long"],
    ["0555 123 45", "KG", "not a valid KG number"],
    ["0532 123 45 678", "TR", "not a valid TR number"],
    ["0000 000 101", "KG", "unknown country calling code"], // 00 is the international prefix everywhere
  ])("%j (in %s): %s", (input, defaultCountry, reason) => {
    const result = normalizePhoneNumber(input, defaultCountry ? { defaultCountry } : {});
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.reason).toContain(reason);
  });
});

describe("parseAddress", () => {
  it.each([
    [
      "whatsapp:+996555123456",
      { channel: "whatsapp", e164: "+996555123456", isoCountry: "KG", country: "KG", valid: true, type: "MOBILE" },
    ],
    [
      "WhatsApp:+905321234567",
      { channel: "whatsapp", e164: "+905321234567", isoCountry: "TR", country: null, valid: true, type: "MOBILE" },
    ],
    [" +79161234567 ", { channel: "sms", e164: "+79161234567", isoCountry: "RU", country: null, valid: true, type: "MOBILE" }],
    ["+74951234567", { channel: "sms", e164: "+74951234567", isoCountry: "RU", country: null, valid: true, type: "FIXED_LINE" }],
    ["+996000000900", { channel: "sms", e164: "+996000000900", isoCountry: "KG", country: "KG", valid: false, type: null }],
    ["whatsapp:nonsense", null],
    ["12345", null], // a short code
    ["0555123456", null], // national: providers always send E.164
    ["InfoSMS", null], // an alphanumeric sender
    ["+99655512", null], // too short to be anyone
    ["", null],
  ])("%j → %j", (address, parsed) => {
    expect(parseAddress(address)).toEqual(parsed);
  });
});

describe("canReceiveReplies", () => {
  it.each([
    ["+996555123456", "sms", true],
    ["+79161234567", "sms", true],
    ["+14155552671", "sms", true], // the US plan cannot tell mobiles from landlines: we answer
    ["+996312624567", "sms", false], // a Bishkek landline cannot read an SMS
    ["+74951234567", "sms", false],
    ["+996800123456", "sms", false], // toll-free
    ["+9251111222333", "sms", false], // a UAN
    ["+74951234567", "whatsapp", true], // WhatsApp Business runs on landlines too
    ["+996000000101", "sms", false], // no such number
    ["+996000000101", "whatsapp", false],
  ] as const)("%s by %s → %s", (e164, channel, expected) => {
    const address = parseAddress(channel === "whatsapp" ? `whatsapp:${e164}` : e164);
    expect(address).not.toBeNull();
    expect(canReceiveReplies(address!, channel)).toBe(expected);
  });
});

describe("countryOfNumber and isoCountryOfNumber", () => {
  it.each([
    ["+996555123456", "KG", "KG"],
    ["+992931234567", "TJ", "TJ"],
    ["+998901234567", "UZ", "UZ"],
    ["+77011234567", "KZ", "KZ"],
    ["+77172123456", "KZ", "KZ"],
    ["+79161234567", null, "RU"],
    ["+74951234567", null, "RU"],
    ["+93701234567", "AF", "AF"],
    ["+923001234567", "PK", "PK"],
    ["+9647701234567", "IQ", "IQ"],
    ["+905321234567", null, "TR"],
    ["+971501234567", null, "AE"],
    ["+966501234567", null, "SA"],
    ["+989123456789", null, "IR"],
    ["+821012345678", null, "KR"],
    ["+4915123456789", null, "DE"],
    ["+994501234567", null, "AZ"],
    ["+99365123456", null, "TM"],
    ["+76001234567", null, null],
    ["not a number", null, null],
  ] as const)("%s → programme %s, ISO %s", (e164, country, isoCountry) => {
    expect(countryOfNumber(e164)).toBe(country);
    expect(isoCountryOfNumber(e164)).toBe(isoCountry);
  });
});

describe("displayPhoneNumber", () => {
  it("returns what does not parse as given", () => {
    expect(displayPhoneNumber("InfoSMS")).toBe("InfoSMS");
    expect(displayPhoneNumber("+999123")).toBe("+999123");
  });
});

describe("contentNumberProblem: numbers in CMS content", () => {
  it.each([
    ["+996312624567", {}, null],
    ["+996800123456", { requireValid: true }, null], // toll-free
    ["+9251111222333", { requireValid: true }, null], // a Pakistani UAN
    ["+77272581234", { requireValid: true }, null],
    ["+996000000101", {}, null], // a sample number: possible, reaches nobody
    ["+70000000401", {}, null],
    ["+996000000101", { requireValid: true }, "not a valid KG number: no such number range"],
    ["+70000000401", { requireValid: true }, "not a valid +7 number: no such number range"],
    ["+99631262456", {}, "not a possible KG number: too short"],
    ["+9960312624567", {}, "a national (trunk) prefix after the country code: remove it"],
    ["+9647701234567890", {}, "not an E.164 number (+ and 7 to 15 digits)"],
    ["+999123456789", {}, "not a phone number: unknown country calling code"],
    ["0312 000 201", {}, "not an E.164 number (+ and 7 to 15 digits)"],
    ["+996 312 624 567", {}, "not an E.164 number (+ and 7 to 15 digits)"],
  ] as const)("%s %j → %j", (value, options, problem) => {
    expect(contentNumberProblem(value, options)).toBe(problem);
  });
});

describe("e164: the content schemas' number type", () => {
  it.each([
    ["+996312624567", []],
    ["+996000000101", []], // sample numbers reach nobody, and are still served in development
    ["+9251111222333", []],
    ["+99600000020", ["not a possible KG number: too short"]],
    ["+9960312624567", ["a national (trunk) prefix after the country code: remove it"]],
    ["0312 000 201", ["must be an E.164 number like +996312000000"]],
  ] as const)("%s → %j", (value, messages) => {
    const result = e164.safeParse(value);
    expect(result.success ? [] : result.error.issues.map((issue) => issue.message)).toEqual(messages);
  });
});
