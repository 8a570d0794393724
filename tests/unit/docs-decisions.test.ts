/**
 * The decision records stay usable: each has a title, a date and a status, and the index in
 * docs/decisions/README.md lists every one of them.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const DIR = fileURLToPath(new URL("../../docs/decisions/", import.meta.url));
const records = readdirSync(DIR).filter((name) => /^\d{3}-.+\.md$/.test(name) && !name.startsWith("000-"));
const index = readFileSync(`${DIR}README.md`, "utf8");

describe("decision records", () => {
  it("exist", () => {
    expect(records.length).toBeGreaterThan(5);
  });

  it.each(records)("%s has a title, a date and a status, and is in the index", (name) => {
    const text = readFileSync(`${DIR}${name}`, "utf8");
    expect(text).toMatch(new RegExp(`^# ${name.slice(0, 3)}: \\S`));
    expect(text).toMatch(/^Date: \d{4}-\d{2}-\d{2}/m);
    expect(text).toMatch(/Status:\s*(proposed|accepted|superseded)/);
    expect(index).toContain(`(${name})`);
  });

  it("have distinct numbers", () => {
    const numbers = records.map((name) => name.slice(0, 3));
    expect(new Set(numbers).size).toBe(numbers.length);
  });
});
