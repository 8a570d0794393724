/**
 * The pure parts of volunteer accounts: referral codes (alphabet without look-alikes, length,
 * no two alike in many draws, parsing), the sign-up form (nicknames without phone numbers,
 * guardian consent for under-18s), typed codes in other digits, and the masked number.
 */
import { describe, expect, it } from "vitest";
import { generateReferralCode, parseReferralCode, REFERRAL_ALPHABET } from "~/volunteers/referral-code";
import { maskPhoneNumber, normalizeCodeInput, SignUpFormSchema } from "~/volunteers/volunteer-profile";

const FORM = { nickname: "Aigerim", country: "KG", region: "KG-B", phone: "+996555123456", ageGroup: "18-24" };

describe("referral codes", () => {
  it("are 8 symbols of 32 without look-alikes, and 10,000 draws are all different", () => {
    expect(REFERRAL_ALPHABET).toHaveLength(32);
    expect(REFERRAL_ALPHABET).not.toMatch(/[01IO]/);
    const codes = new Set(Array.from({ length: 10_000 }, generateReferralCode));
    expect(codes.size).toBe(10_000);
    for (const code of codes) expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    // Every symbol turns up (uniform draw over the alphabet).
    expect(new Set([...codes].join("")).size).toBe(32);
  });

  it("parse case-insensitively and refuse anything else", () => {
    expect(parseReferralCode("k7qm2xhp")).toBe("K7QM2XHP");
    expect(parseReferralCode("K7QM2XH0")).toBeNull();
    expect(parseReferralCode("K7QM2XH")).toBeNull();
    expect(parseReferralCode("../admin")).toBeNull();
  });
});

describe("the sign-up form", () => {
  it("accepts nicknames in any script", () => {
    for (const nickname of ["Айгерим", "نازنین", "Zarina_07", "Бакыт Т."]) {
      expect(SignUpFormSchema.safeParse({ ...FORM, nickname }).success, nickname).toBe(true);
    }
  });

  it.each(["+996555123456", "Ali 0555 123", "x", "https://example.org", "a@b.c"])("refuses the nickname %j", (nickname) => {
    expect(SignUpFormSchema.safeParse({ ...FORM, nickname }).success).toBe(false);
  });

  it("asks under-18s for the guardian consent, and nobody else", () => {
    expect(SignUpFormSchema.safeParse({ ...FORM, ageGroup: "16-17" }).success).toBe(false);
    expect(SignUpFormSchema.safeParse({ ...FORM, ageGroup: "16-17", guardianConsent: "yes" }).success).toBe(true);
    expect(SignUpFormSchema.safeParse({ ...FORM, ageGroup: "25-plus" }).success).toBe(true);
    expect(SignUpFormSchema.safeParse({ ...FORM, ageGroup: "12" }).success).toBe(false);
  });
});

describe("typed codes and masked numbers", () => {
  it("reads codes typed in Arabic-Indic, Persian or full-width digits, with spaces", () => {
    expect(normalizeCodeInput("١٢٣ ٤٥٦")).toBe("123456");
    expect(normalizeCodeInput("۱۲۳-۴۵۶")).toBe("123456");
    expect(normalizeCodeInput("１２３４５６")).toBe("123456");
  });

  it("shows the calling code and the last two digits only", () => {
    expect(maskPhoneNumber("+996 555 123 456")).toBe("+996 ••• ••• •56");
    expect(maskPhoneNumber("+93 70 000 0105")).toBe("+93 •• ••• ••05");
  });
});

describe("request logs", () => {
  it("never carry a referral code", async () => {
    const { loggablePath } = await import("~/http/loggable-path");
    expect(loggablePath("/r/K7QM2XHP/safe-journeys")).toBe("/r/[code]/safe-journeys");
  });
});
