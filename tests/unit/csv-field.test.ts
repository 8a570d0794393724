import { describe, expect, it } from "vitest";
import { csvField } from "~/lib/csv-field";

describe("csvField", () => {
  it.each([
    ["plain", '"plain"'],
    ['say "hi"', '"say ""hi"""'],
    ["a,b\nc", '"a,b\nc"'],
    ["=HYPERLINK(1)", `"'=HYPERLINK(1)"`],
    ["+7 916", `"'+7 916"`],
    ["@sum", `"'@sum"`],
    ["-x", `"'-x"`],
    ["-12", '"-12"'],
    ["", '""'],
  ])("%j → %s", (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});
