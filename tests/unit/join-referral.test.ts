/**
 * A volunteer code after a join keyword: recognised after every built-in join word of every
 * locale, however the code is typed; never changes what another message means (STOP, DELETE,
 * HELP, a CMS phrase), and never turns a non-keyword into a join.
 */
import { describe, expect, it } from "vitest";
import { allBuiltInKeywords, classifyKeyword, type ExtraKeyword } from "~/i18n/keywords";
import { splitCodeSuffix, splitJoinReferral, viaCode } from "~/volunteers/join-referral";
import { generateReferralCode } from "~/volunteers/referral-code";

const CODE = "K7QX2MAB";
const JOIN_WORDS = allBuiltInKeywords().filter((keyword) => keyword.intent === "join");

describe("splitJoinReferral", () => {
  it.each(JOIN_WORDS)("reads the code after $word ($locale), keeping the keyword's locale", ({ word, locale }) => {
    const split = splitJoinReferral(`${word} ${CODE}`);
    expect(split?.referralCode).toBe(CODE);
    expect(split?.keyword).toBe(word);
    expect(split?.match).toEqual(classifyKeyword(word));
    if (locale !== "any" && split?.match.locale) expect(split.match.locale).toBe(locale);
  });

  it("accepts the code as people retype it: lower case, full-width letters, extra spaces, punctuation", () => {
    expect(splitJoinReferral(`join ${CODE.toLowerCase()}`)?.referralCode).toBe(CODE);
    expect(splitJoinReferral(`СТАРТ  ＫＷＱＸ２ＭＡＢ `)?.referralCode).toBe("KWQX2MAB");
    expect(splitJoinReferral(`JOIN ${CODE}.`)?.referralCode).toBe(CODE);
    expect(splitJoinReferral(`عضویت ${CODE}`)?.match.locale).toBe("fa-AF");
  });

  it("reads any freshly drawn code", () => {
    for (let i = 0; i < 50; i += 1) {
      const code = generateReferralCode();
      expect(splitJoinReferral(`JOIN ${code}`)?.referralCode).toBe(code);
    }
  });

  it("leaves the meaning of every other message alone", () => {
    expect(classifyKeyword(`JOIN ${CODE}`)?.intent).toBe("join");
    for (const text of [`STOP ${CODE}`, `DELETE ${CODE}`, `HELP ${CODE}`, `JOIN ${CODE} stop`, `hello ${CODE}`, CODE, `JOIN`]) {
      expect(splitJoinReferral(text), text).toBeNull();
    }
    // The code is exactly 8 symbols of the alphabet without look-alikes: 0, 1, I, O never appear.
    for (const text of ["JOIN K7QX2M", "JOIN K7QX2MABC", "JOIN K7QX2M0B", "JOIN K7QXIMAB"])
      expect(splitJoinReferral(text), text).toBeNull();
  });

  it("keeps a CMS phrase that ends in a code-like word and reads a code after a campaign word", () => {
    const extra: ExtraKeyword[] = [
      { intent: "join", word: "JOIN HEALTHYY", campaign: "health" },
      { intent: "join", word: "SAFE", campaign: "safe-migration" },
    ];
    expect(splitJoinReferral("JOIN HEALTHYY", extra)).toBeNull();
    const split = splitJoinReferral(`safe ${CODE}`, extra);
    expect(split).toMatchObject({ referralCode: CODE, keyword: "safe", match: { intent: "join", campaign: "safe-migration" } });
  });

  it("splits a code-shaped last word whatever comes before it, and reads only a code from ?via=", () => {
    expect(splitCodeSuffix(`SAFE ${CODE}`)).toEqual({ rest: "SAFE", code: CODE });
    expect(splitCodeSuffix(`SAFE`)).toBeNull();
    expect(splitCodeSuffix(`SAFE hello`)).toBeNull();
    expect(viaCode(CODE.toLowerCase())).toBe(CODE);
    for (const value of [null, "", "<b>HI", "K7QX2M", `${CODE} x`]) expect(viaCode(value), String(value)).toBeNull();
  });
});
