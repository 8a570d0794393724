/**
 * README's configuration table and the variables app/env.server.ts reads are the same set: a
 * variable added without a row, or a row left after a variable is gone, fails here. The table
 * must also render as one table (no blank line or prose between its rows).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ENV_VARIABLE_NAMES } from "~/env.server";

const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

/** The lines of the first table after "## Configuration", up to the first line that is not a row. */
function configurationTable(): string[] {
  const section = README.split(/^## Configuration\s*$/m)[1]?.split(/^## /m)[0] ?? "";
  const lines = section.split("\n");
  const start = lines.findIndex((line) => line.startsWith("| variable"));
  const rows: string[] = [];
  for (const line of lines.slice(start)) {
    if (!line.startsWith("|")) break;
    rows.push(line);
  }
  return rows;
}

describe("README configuration table", () => {
  const rows = configurationTable();
  const documented = rows.slice(2).map((row) => /^\|\s*`([A-Z0-9_]+)`/.exec(row)?.[1]);

  it("is one table with a header, a separator and a row per variable", () => {
    expect(rows.length).toBeGreaterThan(10);
    expect(rows[1]).toMatch(/^\|(-+\|)+$/);
    expect(documented.filter((name) => name === undefined)).toEqual([]);
  });

  it("lists exactly the variables the configuration reads, each once", () => {
    expect([...documented].sort()).toEqual([...ENV_VARIABLE_NAMES].sort());
  });

  it("has no second table of variables further down the section", () => {
    const section = README.split(/^## Configuration\s*$/m)[1]?.split(/^## /m)[0] ?? "";
    expect(section.match(/^\| variable/gm)).toHaveLength(1);
  });
});
