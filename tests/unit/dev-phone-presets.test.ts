/**
 * The dev phone's preset numbers: valid numbers of the country they are labelled with, mobiles
 * except the landline, and written exactly as libphonenumber formats them (the page carries no
 * numbering metadata to format them itself).
 */
import { describe, expect, it } from "vitest";
import { displayPhoneNumber, normalizePhoneNumber } from "~/audience/phone-number";
import { COUNTRIES } from "~/i18n/locales";
import { DEV_PHONE_PRESETS } from "~/dev-phone/presets";

describe("dev phone presets", () => {
  it.each(DEV_PHONE_PRESETS.map((preset) => [preset.number, preset] as const))("%s", (number, preset) => {
    const parsed = normalizePhoneNumber(number);
    expect(parsed).toMatchObject({
      ok: true,
      e164: number,
      isoCountry: preset.country,
      valid: true,
      type: preset.line === "landline" ? "FIXED_LINE" : "MOBILE",
    });
    expect(preset.display).toBe(displayPhoneNumber(number));
  });

  it("covers every programme country and the countries migrants text from", () => {
    const countries = new Set(DEV_PHONE_PRESETS.map((preset) => preset.country));
    for (const country of [...COUNTRIES, "RU", "TR", "AE", "SA", "IR", "KR"]) expect(countries.has(country), country).toBe(true);
    expect(new Set(DEV_PHONE_PRESETS.map((preset) => preset.number)).size).toBe(DEV_PHONE_PRESETS.length);
  });
});
