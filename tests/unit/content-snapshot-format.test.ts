/**
 * The stored copy's format: the same content always serializes to the same bytes and hash (so an
 * unchanged dataset is recognised), a query result that is not the snapshot query's is refused,
 * and every kind of damage to a stored copy is recognised and named, never thrown.
 */
import { describe, expect, it } from "vitest";
import {
  parseStoredSnapshot,
  serializeSnapshot,
  sha256,
  SNAPSHOT_FORMAT,
  snapshotDocuments,
  type StoredSnapshot,
} from "~/content/content-snapshot-format.server";
import type { RawDocument } from "~/content/local-dataset.server";

const DOCUMENTS: RawDocument[] = [
  { _id: "hotline-b", _type: "hotline", phone: "+996000000101" },
  { _id: "campaign-a", _type: "campaign", hero: { image: { asset: { _ref: "image-1" } } } },
];
const ASSET: RawDocument = { _id: "image-1", _type: "sanity.imageAsset", url: "https://cdn.sanity.io/images/p/d/1.jpg" };

function stored(json: string, overrides: Partial<StoredSnapshot> = {}): StoredSnapshot {
  return { format: SNAPSHOT_FORMAT, contentHash: sha256(json), documents: json, ...overrides };
}

describe("serializeSnapshot", () => {
  it("gives the same bytes and hash whatever order the documents came in", () => {
    const one = serializeSnapshot(DOCUMENTS);
    const other = serializeSnapshot([...DOCUMENTS].reverse());
    expect(other).toEqual(one);
    expect(JSON.parse(one.json)).toEqual([DOCUMENTS[1], DOCUMENTS[0]]);
    expect(one).toMatchObject({ documentCount: 2, byteSize: Buffer.byteLength(one.json) });
  });

  it("gives another hash when one field changes", () => {
    const changed = DOCUMENTS.map((d) => (d._id === "hotline-b" ? { ...d, phone: "+996000000102" } : d));
    expect(serializeSnapshot(changed).hash).not.toBe(serializeSnapshot(DOCUMENTS).hash);
  });
});

describe("snapshotDocuments", () => {
  it("takes the documents and the referenced image assets", () => {
    expect(snapshotDocuments({ documents: DOCUMENTS, assets: [ASSET] })).toEqual({ ok: true, documents: [...DOCUMENTS, ASSET] });
  });

  it.each([
    ["an array (another query's result)", DOCUMENTS],
    ["null", null],
    ["documents without _id", { documents: [{ _type: "hotline" }], assets: [] }],
  ])("refuses %s", (_name, result) => {
    expect(snapshotDocuments(result)).toMatchObject({ ok: false });
  });
});

describe("parseStoredSnapshot", () => {
  const good = serializeSnapshot(DOCUMENTS).json;

  it("reads back what was serialized", () => {
    expect(parseStoredSnapshot(stored(good))).toEqual({ ok: true, documents: JSON.parse(good) as unknown });
  });

  it.each([
    ["another format", stored(good, { format: SNAPSHOT_FORMAT + 1 }), /^format/],
    ["a cut-off text", stored(good, { documents: good.slice(0, 40) }), /does not match its hash/],
    ["a changed document", stored(good, { documents: good.replace("+996000000101", "+996000000999") }), /does not match its hash/],
    ["text that is not JSON (hash recomputed)", stored("[{"), /invalid JSON/],
    ["JSON that is not documents (hash recomputed)", stored('[{"_id":1}]'), /not an array of documents/],
    ["an object instead of an array (hash recomputed)", stored("{}"), /not an array of documents/],
  ])("names the damage: %s", (_name, row, reason) => {
    const parsed = parseStoredSnapshot(row);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});
