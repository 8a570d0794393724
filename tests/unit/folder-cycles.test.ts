/**
 * Import cycles between the folders of app/ (ESLint's import-x/no-cycle checks files; this checks
 * rooms). The pairs below import each other today and are known debt, listed so that none is
 * added: a new pair fails here, and a pair that is untangled must be taken off the list.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const APP = fileURLToPath(new URL("../../app", import.meta.url));

/** Pairs of folders that import each other today (sorted names, sorted list). */
const KNOWN_FOLDER_CYCLES = [
  "audience<->messaging",
  "audience<->outbox",
  "broadcasts<->content",
  "components<->http",
  "db<->outbox",
  "http<->messaging",
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Folder → the other app folders its files import (`~/folder/…`, or `../folder/…` from a folder's top level). */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(APP)) {
    const parts = relative(APP, file).split(sep);
    if (parts.length < 2) continue;
    const from = parts[0]!;
    const text = readFileSync(file, "utf8");
    const targets = [...text.matchAll(/from "~\/([a-z-]+)\//g)].map((match) => match[1]!);
    if (parts.length === 2) targets.push(...[...text.matchAll(/from "\.\.\/([a-z-]+)\//g)].map((match) => match[1]!));
    for (const to of targets) {
      if (to === from) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from)!.add(to);
    }
  }
  return graph;
}

describe("import cycles between app/ folders", () => {
  it("has no pair of folders importing each other beyond the known ones", () => {
    const graph = folderGraph();
    const pairs = new Set<string>();
    for (const [from, targets] of graph) {
      for (const to of targets) if (graph.get(to)?.has(from)) pairs.add([from, to].sort().join("<->"));
    }
    expect([...pairs].sort()).toEqual(KNOWN_FOLDER_CYCLES);
  });
});
