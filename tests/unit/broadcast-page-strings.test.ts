/**
 * The broadcast page's words (app/staff/broadcast-strings.ts) and the masked test phone: every
 * failure kind the outbox can record and every reason a run is held has a plain explanation in
 * both staff languages, Russian has every English key, and a masked number keeps only its country
 * code and last two digits.
 */
import { describe, expect, it } from "vitest";
import { HOLD_REASONS } from "~/broadcasts/approval-runs.server";
import { FAILURE_KINDS } from "~/outbox/send-outcome";
import { broadcastStrings, failureExplanation, failureExplanations, holdExplanation } from "~/staff/broadcast-strings";
import { STAFF_LANGUAGES } from "~/staff/staff-strings";
import { maskPhone } from "~/staff/test-phones.server";

describe.each(STAFF_LANGUAGES)("broadcast page strings in %s", (lang) => {
  it.each([...FAILURE_KINDS])("explains the failure kind %s", (kind) => {
    expect(failureExplanations(lang)[kind]?.length ?? 0).toBeGreaterThan(20);
  });

  it("explains an unrecorded kind, and every hold reason", () => {
    expect(failureExplanation(lang, "something-new")).toBe(failureExplanations(lang).unknown);
    for (const reason of HOLD_REASONS) expect(holdExplanation(lang, reason)).not.toBe(reason);
  });

  it("has every key, none empty", () => {
    const keys = Object.keys(broadcastStrings("en")).sort();
    expect(Object.keys(broadcastStrings(lang)).sort()).toEqual(keys);
    for (const value of Object.values(broadcastStrings(lang))) expect(value.trim()).not.toBe("");
  });
});

describe("maskPhone", () => {
  it.each([
    ["+996555765432", "+996 ••••••• 32"],
    ["+93701234567", "+93 ••••••• 67"],
    ["+77011234567", "+7 •••••••• 67"],
  ])("%s → %s", (e164, masked) => {
    expect(maskPhone(e164)).toBe(masked);
    expect(maskPhone(e164)).not.toContain(e164.slice(-5));
  });
});
