import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { QUICK_EXIT_SCRIPT, QUICK_EXIT_SCRIPT_PATH } from "~/components/quick-exit-script";

describe("the quick-exit script", () => {
  it("is named by a fingerprint of its source, so a changed script is never served from a year-long cache", () => {
    const fingerprint = createHash("sha256").update(QUICK_EXIT_SCRIPT).digest("hex").slice(0, 10);
    expect(QUICK_EXIT_SCRIPT_PATH).toBe(`/quick-exit.${fingerprint}.js`);
  });

  it("is plain ES5 an old browser parses: no arrow functions, let, const, template strings or classes", () => {
    expect(() => new Function(QUICK_EXIT_SCRIPT)).not.toThrow();
    expect(QUICK_EXIT_SCRIPT).not.toMatch(/=>|\blet\b|\bconst\b|`|\bclass\b/);
  });
});
