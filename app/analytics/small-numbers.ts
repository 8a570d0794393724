/**
 * Small-number protection for every figure the reach dashboard publishes (page, CSV): a count
 * under 5 is shown as "<5", and complementary suppression makes sure that no published total lets
 * a reader work it out (docs/decisions/022-small-number-suppression.md).
 *
 * A published table is a grid of counts with, optionally, its row totals, column totals and grand
 * total. Seen by an attacker who knows every shown figure, it is a system of linear equations over
 * the hidden ones. We write it as an "extended" grid, one row and one column larger, where the
 * margins are negated (y = -total) and the corner is the grand total: then every row and every
 * column of the extended grid sums to zero. Two tables that agree on every shown figure differ by
 * a pattern that keeps every line's sum, and the simplest such pattern is +1/-1 around a cycle of
 * hidden cells that alternates along rows and columns. A hidden cell is protected when such a
 * cycle through it exists whose every step stays within what the reader knows of each cell
 * ("<5": 0..4; "hidden": 5 or more; a total that is not published at all: 0 or more): then at least
 * two values of it fit everything published. Cells that fail get a partner hidden beside them, the
 * smallest shown figure of their row or column, until every hidden cell is protected.
 *
 * Tables that share figures (a country's row is the total of its regions' table) are protected
 * together by `protectLinkedTables`: figures have keys, and a figure hidden in one table is hidden
 * in every table showing it, repeated until nothing changes.
 *
 * Pure: no database, no clock; used by the dashboard query and the CSV alike.
 */

/** Counts below this are never published. */
export const SMALL_COUNT_THRESHOLD = 5;

/** How one figure is published. */
export type PublishedCount =
  /** Shown as is. */
  | { kind: "shown"; value: number }
  /** Under the threshold: shown as "<5". */
  | { kind: "small" }
  /** 5 or more, hidden so that a small figure beside it cannot be worked out from a total. */
  | { kind: "hidden" };

/** The text of a published count, the same on the page and in the CSV (hidden ones are localized by the caller). */
export function publishedText(count: PublishedCount, hiddenText: string): string {
  if (count.kind === "shown") return String(count.value);
  return count.kind === "small" ? `<${SMALL_COUNT_THRESHOLD}` : hiddenText;
}

/** A table of keyed figures: `cells[row][column]` keys, and the keys of its published totals. */
export interface LinkedTable {
  cells: readonly (readonly string[])[];
  /** One per row when row totals are published. */
  rowTotals?: readonly string[];
  /** One per column when column totals are published. */
  columnTotals?: readonly string[];
  /** Published only with both row and column totals. */
  grandTotal?: string;
}

/** Where a cell of the extended grid sits: inner cell, a margin, or the corner (grand total). */
type Place = "inner" | "margin" | "corner";

/** What the reader knows of one extended-grid cell. */
type Knowledge = "shown" | "small" | "hidden" | "absent";

interface ExtendedGrid {
  rows: number;
  columns: number;
  /** True counts (not negated), [row][column]. */
  value: number[][];
  place: Place[][];
  knowledge: Knowledge[][];
}

function emptyGrid<T>(rows: number, columns: number, fill: T): T[][] {
  return Array.from({ length: rows }, () => Array.from({ length: columns }, () => fill));
}

/**
 * Whether the extended-grid cell's signed value y (count, or minus count on a margin) can move by
 * +1 (`up`) or -1 while staying within what the reader knows of it.
 */
function canMove(grid: ExtendedGrid, row: number, column: number, up: boolean): boolean {
  const knowledge = grid.knowledge[row]![column]!;
  if (knowledge === "shown") return false;
  const count = grid.value[row]![column]!;
  // On a margin y = -count: y going up means the count going down.
  const countUp = grid.place[row]![column] === "margin" ? !up : up;
  if (countUp) return knowledge !== "small" || count < SMALL_COUNT_THRESHOLD - 1;
  const floor = knowledge === "hidden" ? SMALL_COUNT_THRESHOLD : 0;
  return count - 1 >= floor;
}

/**
 * A +1/-1 cycle through a hidden cell that keeps every line sum and every bound, as the list of
 * cells and their steps, or null when there is none. Nodes are the grid's rows and columns; a cell
 * that can go up is an arc row → column, one that can go down an arc column → row, so a directed
 * cycle alternates up and down along each line.
 */
function findAlternativeCycle(
  grid: ExtendedGrid,
  row: number,
  column: number,
): Array<{ row: number; column: number; step: 1 | -1 }> | null {
  for (const step of [1, -1] as const) {
    if (!canMove(grid, row, column, step === 1)) continue;
    // Going up, the cycle continues from the column back to the row; going down, the other way.
    const path = step === 1 ? searchPath(grid, { column }, { row }, row, column) : searchPath(grid, { row }, { column }, row, column);
    if (path) return [{ row, column, step }, ...path];
  }
  return null;
}

type Node = { row: number; column?: undefined } | { column: number; row?: undefined };

/** Breadth-first search for a directed path between two nodes, never through the excluded cell. */
function searchPath(
  grid: ExtendedGrid,
  from: Node,
  to: Node,
  excludedRow: number,
  excludedColumn: number,
): Array<{ row: number; column: number; step: 1 | -1 }> | null {
  const id = (node: Node) => (node.row !== undefined ? `r${node.row}` : `c${node.column}`);
  const previous = new Map<string, { node: Node; via: { row: number; column: number; step: 1 | -1 } } | null>([[id(from), null]]);
  const queue: Node[] = [from];
  while (queue.length > 0) {
    const node = queue.shift()!;
    if (id(node) === id(to)) {
      const steps: Array<{ row: number; column: number; step: 1 | -1 }> = [];
      for (let at = previous.get(id(node)); at; at = previous.get(id(at.node))) steps.unshift(at.via);
      return steps;
    }
    const next: Array<{ node: Node; via: { row: number; column: number; step: 1 | -1 } }> = [];
    if (node.row !== undefined) {
      for (let column = 0; column < grid.columns; column++) {
        if (node.row === excludedRow && column === excludedColumn) continue;
        if (canMove(grid, node.row, column, true)) next.push({ node: { column }, via: { row: node.row, column, step: 1 } });
      }
    } else {
      for (let row = 0; row < grid.rows; row++) {
        if (row === excludedRow && node.column === excludedColumn) continue;
        if (canMove(grid, row, node.column, false)) next.push({ node: { row }, via: { row, column: node.column, step: -1 } });
      }
    }
    for (const candidate of next) {
      if (previous.has(id(candidate.node))) continue;
      previous.set(id(candidate.node), { node, via: candidate.via });
      queue.push(candidate.node);
    }
  }
  return null;
}

/** The extended grid of a keyed table over the given values, with the keys already suppressed. */
function extendedGrid(
  table: LinkedTable,
  values: ReadonlyMap<string, number>,
  suppressed: ReadonlySet<string>,
): { grid: ExtendedGrid; keys: (string | null)[][] } {
  const rows = table.cells.length + 1;
  const columns = (table.cells[0]?.length ?? 0) + 1;
  const keys = emptyGrid<string | null>(rows, columns, null);
  const place = emptyGrid<Place>(rows, columns, "margin");
  table.cells.forEach((cells, row) =>
    cells.forEach((key, column) => {
      keys[row]![column] = key;
      place[row]![column] = "inner";
    }),
  );
  table.rowTotals?.forEach((key, row) => (keys[row]![columns - 1] = key));
  table.columnTotals?.forEach((key, column) => (keys[rows - 1]![column] = key));
  place[rows - 1]![columns - 1] = "corner";
  if (table.rowTotals && table.columnTotals && table.grandTotal) keys[rows - 1]![columns - 1] = table.grandTotal;
  const value = emptyGrid(rows, columns, 0);
  const knowledge = emptyGrid<Knowledge>(rows, columns, "absent");
  const valueOf = (key: string) => {
    const found = values.get(key);
    if (found === undefined) throw new Error(`no value for figure ${key}`);
    return found;
  };
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const key = keys[row]![column];
      if (key !== null && key !== undefined) {
        value[row]![column] = valueOf(key);
        knowledge[row]![column] = value[row]![column]! < SMALL_COUNT_THRESHOLD ? "small" : suppressed.has(key) ? "hidden" : "shown";
      }
    }
  }
  // Totals nobody publishes are still what they are: the sums of their lines.
  for (let row = 0; row < rows - 1; row++) {
    if (keys[row]![columns - 1] === null) value[row]![columns - 1] = value[row]!.slice(0, columns - 1).reduce((a, b) => a + b, 0);
  }
  for (let column = 0; column < columns; column++) {
    if (keys[rows - 1]![column] === null) {
      value[rows - 1]![column] =
        column === columns - 1
          ? value.slice(0, rows - 1).reduce((sum, line) => sum + line.slice(0, columns - 1).reduce((a, b) => a + b, 0), 0)
          : value.slice(0, rows - 1).reduce((sum, line) => sum + line[column]!, 0);
    }
  }
  return { grid: { rows, columns, value, place, knowledge }, keys };
}

/** Hides more figures of one table (adding their keys to `suppressed`) until each hidden one has an alternative. */
function protectOne(table: LinkedTable, values: ReadonlyMap<string, number>, suppressed: Set<string>): void {
  for (;;) {
    const { grid, keys } = extendedGrid(table, values, suppressed);
    const exposed = firstExposedCell(grid);
    if (!exposed) return;
    const partner = smallestShownPartner(grid, keys, exposed.row, exposed.column);
    // Nothing shown is left in this table: no figure of it is published beyond "<5" and "hidden".
    if (partner === null) return;
    suppressed.add(partner);
  }
}

function firstExposedCell(grid: ExtendedGrid): { row: number; column: number } | null {
  for (let row = 0; row < grid.rows; row++) {
    for (let column = 0; column < grid.columns; column++) {
      const knowledge = grid.knowledge[row]![column];
      if ((knowledge === "small" || knowledge === "hidden") && !findAlternativeCycle(grid, row, column)) return { row, column };
    }
  }
  return null;
}

/** The key of the smallest shown figure in the cell's row or column, then anywhere in the table. */
function smallestShownPartner(grid: ExtendedGrid, keys: (string | null)[][], row: number, column: number): string | null {
  const candidates: Array<{ row: number; column: number }> = [];
  for (let c = 0; c < grid.columns; c++) candidates.push({ row, column: c });
  for (let r = 0; r < grid.rows; r++) candidates.push({ row: r, column });
  const pick = (list: Array<{ row: number; column: number }>) => {
    let best: { key: string; value: number } | null = null;
    for (const cell of list) {
      const key = keys[cell.row]![cell.column];
      if (!key || grid.knowledge[cell.row]![cell.column] !== "shown") continue;
      const value = grid.value[cell.row]![cell.column]!;
      // The first (inner figures come before their line's total) wins a tie.
      if (!best || value < best.value) best = { key, value };
    }
    return best?.key ?? null;
  };
  const everywhere: Array<{ row: number; column: number }> = [];
  for (let r = 0; r < grid.rows; r++) for (let c = 0; c < grid.columns; c++) everywhere.push({ row: r, column: c });
  return pick(candidates) ?? pick(everywhere);
}

/**
 * Protects tables that share figures. `values` holds every figure's true count by key. Returns how
 * each key is published: a figure hidden anywhere is hidden everywhere.
 */
export function protectLinkedTables(tables: readonly LinkedTable[], values: ReadonlyMap<string, number>): Map<string, PublishedCount> {
  const suppressed = new Set<string>();
  for (const [key, value] of values) if (value < SMALL_COUNT_THRESHOLD) suppressed.add(key);
  for (;;) {
    const before = suppressed.size;
    for (const table of tables) if (table.cells.length > 0 && (table.cells[0]?.length ?? 0) > 0) protectOne(table, values, suppressed);
    if (suppressed.size === before) break;
  }
  const published = new Map<string, PublishedCount>();
  for (const [key, value] of values) {
    published.set(
      key,
      value < SMALL_COUNT_THRESHOLD ? { kind: "small" } : suppressed.has(key) ? { kind: "hidden" } : { kind: "shown", value },
    );
  }
  return published;
}

/** An unkeyed table of counts, for callers (and tests) that protect one grid on its own. */
export interface CountTable {
  cells: readonly (readonly number[])[];
  rowTotals: boolean;
  columnTotals: boolean;
}

export interface ProtectedCountTable {
  cells: PublishedCount[][];
  rowTotals?: PublishedCount[];
  columnTotals?: PublishedCount[];
  grandTotal?: PublishedCount;
}

/** `protectLinkedTables` for one table of plain counts; totals are computed from the cells. */
export function protectCountTable(table: CountTable): ProtectedCountTable {
  const values = new Map<string, number>();
  const cells = table.cells.map((line, row) =>
    line.map((value, column) => {
      values.set(`c${row}.${column}`, value);
      return `c${row}.${column}`;
    }),
  );
  const columns = table.cells[0]?.length ?? 0;
  const rowTotals = table.rowTotals
    ? table.cells.map((line, row) => {
        values.set(
          `r${row}`,
          line.reduce((a, b) => a + b, 0),
        );
        return `r${row}`;
      })
    : undefined;
  const columnTotals = table.columnTotals
    ? Array.from({ length: columns }, (_, column) => {
        values.set(
          `k${column}`,
          table.cells.reduce((sum, line) => sum + line[column]!, 0),
        );
        return `k${column}`;
      })
    : undefined;
  const grandTotal = rowTotals && columnTotals ? "g" : undefined;
  if (grandTotal)
    values.set(
      grandTotal,
      table.cells.flat().reduce((a, b) => a + b, 0),
    );
  const published = protectLinkedTables([{ cells, rowTotals, columnTotals, grandTotal }], values);
  const of = (key: string) => published.get(key)!;
  return {
    cells: cells.map((line) => line.map(of)),
    rowTotals: rowTotals?.map(of),
    columnTotals: columnTotals?.map(of),
    grandTotal: grandTotal ? of(grandTotal) : undefined,
  };
}
