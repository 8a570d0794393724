/** Which request targets are redirected to their locale's canonical spelling, and where to. */
import { describe, expect, it } from "vitest";
import { canonicalLocaleUrl } from "~/http/locale-case-redirect.server";

describe("canonicalLocaleUrl", () => {
  it.each([
    ["/fa-af", "/fa-AF"],
    ["/FA-AF/", "/fa-AF/"],
    ["/Fa-Af/hotlines", "/fa-AF/hotlines"],
    ["/KY/know-before-you-go/signs?utm_source=sms&x=%2B1", "/ky/know-before-you-go/signs?utm_source=sms&x=%2B1"],
    ["/En?q=1", "/en?q=1"],
    ["/CKB/Some-Campaign", "/ckb/Some-Campaign"],
  ])("%s → %s", (target, expected) => {
    expect(canonicalLocaleUrl(target)).toBe(expected);
  });

  it.each(["/", "/fa-AF", "/ky/hotlines?x=1", "/xx/hotlines", "/healthz", "/faaf", "/fa_AF", "//KY/evil", "/languages", "/Languages"])(
    "%s is left alone",
    (target) => {
      expect(canonicalLocaleUrl(target)).toBeNull();
    },
  );
});
