/**
 * Reads a Sanity dataset export kept as NDJSON files (`campaigns/*.ndjson`, the format of
 * `sanity dataset export` / `sanity dataset import`). The local backend, the Content Lake fake used
 * by tests and `npm run campaigns:check` all read through here, so they agree on what the dataset
 * holds.
 */
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";

/** A raw CMS document: only `_id` and `_type` are known; the rest is checked by the schemas. */
export type RawDocument = { _id: string; _type: string } & Record<string, unknown>;

/** One parsed line, with where it came from (for problem reports). */
export interface DatasetLine {
  file: string;
  line: number;
  value: unknown;
}

/** A line that is not a JSON object. */
export interface DatasetLineError {
  file: string;
  line: number;
  message: string;
}

export interface DatasetFiles {
  lines: DatasetLine[];
  errors: DatasetLineError[];
}

/** Reads every `*.ndjson` file of `dir` in name order; blank lines are ignored. */
export async function readDatasetFiles(dir: string): Promise<DatasetFiles> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(".ndjson")).sort();
  const lines: DatasetLine[] = [];
  const errors: DatasetLineError[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const text = await readFile(file, "utf8");
    text.split("\n").forEach((raw, index) => {
      if (raw.trim() === "") return;
      const line = index + 1;
      try {
        lines.push({ file, line, value: JSON.parse(raw) as unknown });
      } catch (error) {
        errors.push({ file, line, message: `invalid JSON: ${(error as Error).message}` });
      }
    });
  }
  return { lines, errors };
}

export function isRawDocument(value: unknown): value is RawDocument {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return typeof record._id === "string" && record._id !== "" && typeof record._type === "string" && record._type !== "";
}

/** Drafts live under `drafts.<id>`; the published perspective never shows them. */
export function isDraftId(id: string): boolean {
  return id.startsWith("drafts.");
}

/**
 * The documents the Content Lake's `published` perspective would return: drafts and lines that are
 * not documents are dropped; for a repeated `_id` the last line wins, as a re-import would leave it.
 */
export function publishedDocuments(lines: readonly DatasetLine[]): RawDocument[] {
  const byId = new Map<string, RawDocument>();
  for (const { value } of lines) {
    if (isRawDocument(value) && !isDraftId(value._id)) byId.set(value._id, value);
  }
  return [...byId.values()];
}

/** Reads `dir` and returns its published documents (malformed lines are skipped; the check reports them). */
export async function loadPublishedDataset(dir: string): Promise<RawDocument[]> {
  const { lines } = await readDatasetFiles(dir);
  return publishedDocuments(lines);
}
