/**
 * Small-number protection against an adversary: random tables are protected, and then, playing a
 * reader who knows every shown figure and every published total (and that "<5" means 0..4 and a
 * hidden figure is 5 or more), the test searches by itself for a second table consistent with all
 * of it that differs in each hidden figure. The search is this file's own (a bounded depth-first
 * solver over the published equations), not the module's cycle search, so a flaw there cannot
 * hide here. A found table is checked equation by equation before it counts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { protectCountTable, protectLinkedTables, publishedText, type PublishedCount } from "~/analytics/small-numbers";

/** How far from its true value the search tries each figure. */
const NEAR = 4;

interface Variable {
  truth: number;
  min: number;
  max: number;
  /** Fixed for shown figures. */
  known: boolean;
}

interface Equation {
  /** Indexes of variables that sum to the variable `total`. */
  parts: number[];
  total: number;
}

/** The reader's view of a protected table: variables with their bounds, and the published equations. */
function readerView(cells: number[][], published: ReturnType<typeof protectCountTable>) {
  const variables: Variable[] = [];
  const upper = cells.flat().reduce((a, b) => a + b, 0) + 10;
  const add = (truth: number, count: PublishedCount | undefined): number => {
    const kind = count?.kind ?? "absent";
    if (kind === "shown") variables.push({ truth, min: truth, max: truth, known: true });
    else if (kind === "small") variables.push({ truth, min: 0, max: 4, known: false });
    // The search looks near the truth only (alternatives are a step or two away): a solution it
    // finds is a real one all the same, since the reader's bounds still hold.
    else if (kind === "hidden") variables.push({ truth, min: Math.max(5, truth - NEAR), max: Math.min(upper, truth + NEAR), known: false });
    else variables.push({ truth, min: Math.max(0, truth - NEAR), max: Math.min(upper, truth + NEAR), known: false });
    return variables.length - 1;
  };
  const inner = cells.map((line, r) => line.map((value, c) => add(value, published.cells[r]![c])));
  const equations: Equation[] = [];
  if (published.rowTotals) {
    cells.forEach((line, r) =>
      equations.push({
        parts: inner[r]!,
        total: add(
          line.reduce((a, b) => a + b, 0),
          published.rowTotals![r],
        ),
      }),
    );
  }
  if (published.columnTotals) {
    cells[0]!.forEach((_, c) =>
      equations.push({
        parts: inner.map((line) => line[c]!),
        total: add(
          cells.reduce((sum, line) => sum + line[c]!, 0),
          published.columnTotals![c],
        ),
      }),
    );
  }
  if (published.grandTotal)
    equations.push({
      parts: inner.flat(),
      total: add(
        cells.flat().reduce((a, b) => a + b, 0),
        published.grandTotal,
      ),
    });
  return { variables, equations };
}

/** A solution of the reader's equations where variable `target` is not its true value, or null. */
function alternativeSolution(variables: Variable[], equations: Equation[], target: number): number[] | null {
  const assignment: Array<number | undefined> = variables.map((v) => (v.known ? v.truth : undefined));
  let visits = 0;
  const consistent = (): boolean => {
    for (const { parts, total } of equations) {
      const values = parts.map((i) => assignment[i]);
      const t = assignment[total];
      const assigned = values.filter((v): v is number => v !== undefined);
      const sum = assigned.reduce((a, b) => a + b, 0);
      if (t !== undefined && sum > t) return false;
      if (t !== undefined && assigned.length === values.length && sum !== t) return false;
    }
    return true;
  };
  /** The one value a variable can take when it is the last unknown of an equation. */
  const forcedValue = (index: number): number | undefined => {
    for (const { parts, total } of equations) {
      const members = [...parts, total];
      if (!members.includes(index) || members.some((i) => i !== index && assignment[i] === undefined)) continue;
      const partsSum = parts.reduce((sum, i) => sum + (i === index ? 0 : assignment[i]!), 0);
      return index === total ? partsSum : assignment[total]! - partsSum;
    }
    return undefined;
  };
  /** Next: the target, then any forced variable, then the unknown with the narrowest range. */
  const next = (): number | undefined => {
    if (assignment[target] === undefined) return target;
    const open = variables.map((_, i) => i).filter((i) => assignment[i] === undefined);
    return (
      open.find((i) => forcedValue(i) !== undefined) ??
      open.sort((a, b) => variables[a]!.max - variables[a]!.min - (variables[b]!.max - variables[b]!.min))[0]
    );
  };
  const search = (): boolean => {
    if (++visits > 1_000_000) return false;
    if (!consistent()) return false;
    const index = next();
    if (index === undefined) return true;
    const variable = variables[index]!;
    const forced = index === target ? undefined : forcedValue(index);
    // Values near the truth first: alternatives are usually one step away.
    const candidates: number[] = [];
    if (forced !== undefined) {
      if (forced >= variable.min && forced <= variable.max) candidates.push(forced);
    } else {
      for (let v = variable.min; v <= variable.max; v++) if (index !== target || v !== variable.truth) candidates.push(v);
    }
    candidates.sort((a, b) => Math.abs(a - variable.truth) - Math.abs(b - variable.truth));
    for (const value of candidates) {
      assignment[index] = value;
      if (search()) return true;
    }
    assignment[index] = undefined;
    return false;
  };
  return search() ? assignment.map((v) => v!) : null;
}

/** Checks a claimed alternative against every published fact, independently of how it was found. */
function satisfies(variables: Variable[], equations: Equation[], solution: number[]): boolean {
  return (
    variables.every((v, i) => solution[i]! >= v.min && solution[i]! <= v.max && (!v.known || solution[i] === v.truth)) &&
    equations.every(({ parts, total }) => parts.reduce((sum, i) => sum + solution[i]!, 0) === solution[total])
  );
}

const count = fc.oneof({ weight: 2, arbitrary: fc.integer({ min: 0, max: 4 }) }, { weight: 3, arbitrary: fc.integer({ min: 5, max: 30 }) });
const table = fc
  .record({
    rows: fc.integer({ min: 1, max: 3 }),
    columns: fc.integer({ min: 1, max: 3 }),
    rowTotals: fc.boolean(),
    columnTotals: fc.boolean(),
  })
  .chain(({ rows, columns, rowTotals, columnTotals }) =>
    fc.record({
      cells: fc.array(fc.array(count, { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows }),
      rowTotals: fc.constant(rowTotals),
      columnTotals: fc.constant(columnTotals),
    }),
  );

describe("small-number protection", () => {
  it("shows every count under 5 as <5 and nothing else as <5", () => {
    fc.assert(
      fc.property(table, (input) => {
        const published = protectCountTable(input);
        input.cells.forEach((line, r) =>
          line.forEach((value, c) => {
            const cell = published.cells[r]![c]!;
            expect(cell.kind === "small").toBe(value < 5);
            if (cell.kind === "shown") expect(cell.value).toBe(value);
          }),
        );
      }),
      { numRuns: 300 },
    );
  });

  it("leaves every hidden figure with at least two values consistent with everything published", () => {
    fc.assert(
      fc.property(table, (input) => {
        const cells = input.cells.map((line) => [...line]);
        const published = protectCountTable(input);
        const { variables, equations } = readerView(cells, published);
        variables.forEach((variable, index) => {
          if (variable.known) return;
          const alternative = alternativeSolution(variables, equations, index);
          expect(alternative, `figure ${index} (true ${variable.truth}) is determined by ${JSON.stringify(published)}`).not.toBeNull();
          expect(satisfies(variables, equations, alternative!)).toBe(true);
          expect(alternative![index]).not.toBe(variable.truth);
        });
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    // One small cell in a row with a total: the next smallest of its row and column are hidden too.
    [
      [
        [3, 10, 20],
        [8, 9, 30],
      ],
      "both margins",
    ],
    // Two small cells that add up to 8: a total would reveal both are 4; more is hidden.
    [[[4, 4, 50]], "both margins"],
    // A row of zeros: its total (0) would say each is 0.
    [
      [
        [0, 0],
        [7, 9],
      ],
      "both margins",
    ],
  ])("protects the known attacks: %j (%s)", (cells) => {
    const published = protectCountTable({ cells, rowTotals: true, columnTotals: true });
    const { variables, equations } = readerView(cells, published);
    variables.forEach((variable, index) => {
      if (!variable.known) expect(alternativeSolution(variables, equations, index)).not.toBeNull();
    });
  });

  it("hides a figure in every table that shows it (linked tables)", () => {
    // A country's row (KG) is the total of its regions' table; a small region must not be
    // recoverable from the country table's KG figure either.
    const values = new Map<string, number>([
      ["KG-GB", 40],
      ["KG-C", 3],
      ["KG-O", 12],
      ["KG", 55],
      ["KZ", 60],
      ["all", 115],
    ]);
    const published = protectLinkedTables(
      [
        { cells: [["KG"], ["KZ"]], columnTotals: ["all"] },
        { cells: [["KG-GB"], ["KG-C"], ["KG-O"]], columnTotals: ["KG"] },
      ],
      values,
    );
    expect(published.get("KG-C")).toEqual({ kind: "small" });
    // KG-C's partner in its table is hidden, so the KG total does not give it away.
    expect(published.get("KG-O")).toEqual({ kind: "hidden" });
    expect(publishedText(published.get("KG-C")!, "hidden")).toBe("<5");
  });
});
