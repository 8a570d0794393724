/**
 * How a copy of the published dataset is written and read back: documents sorted by `_id` and
 * serialized once, so the same content always has the same bytes and hash (an unchanged dataset is
 * recognised without rewriting it), and a stored copy is verified (format, hash, shape) before a
 * single document of it is served.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { RawDocument } from "./local-dataset.server";

/** Bump when the stored shape changes; rows in another format are ignored, then replaced. */
export const SNAPSHOT_FORMAT = 1;

/**
 * Above this a dataset is not stored (and the refusal is logged): the copy is read into every web
 * process's memory when it is needed. The sample dataset is about 0.4 MB.
 */
export const MAX_SNAPSHOT_BYTES = 16 * 1024 * 1024;

export interface SerializedSnapshot {
  json: string;
  hash: string;
  documentCount: number;
  byteSize: number;
}

const rawDocumentSchema = z.looseObject({ _id: z.string().min(1), _type: z.string().min(1) });
const snapshotQueryResultSchema = z.object({
  documents: z.array(rawDocumentSchema),
  assets: z.array(rawDocumentSchema).default([]),
});
const storedDocumentsSchema = z.array(rawDocumentSchema);

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * The documents of a CONTENT_SNAPSHOT_QUERY result, or why it is not one (a backend answering
 * something else must never replace a good copy).
 */
export function snapshotDocuments(result: unknown): { ok: true; documents: RawDocument[] } | { ok: false; reason: string } {
  const parsed = snapshotQueryResultSchema.safeParse(result);
  if (!parsed.success) return { ok: false, reason: `unexpected snapshot query result: ${z.prettifyError(parsed.error).slice(0, 200)}` };
  const byId = new Map<string, RawDocument>();
  for (const document of [...parsed.data.documents, ...parsed.data.assets]) byId.set(document._id, document as RawDocument);
  return { ok: true, documents: [...byId.values()] };
}

export function serializeSnapshot(documents: readonly RawDocument[]): SerializedSnapshot {
  const sorted = [...documents].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
  const json = JSON.stringify(sorted);
  return { json, hash: sha256(json), documentCount: sorted.length, byteSize: Buffer.byteLength(json, "utf8") };
}

/** A stored row as read from the database. */
export interface StoredSnapshot {
  format: number;
  contentHash: string;
  documents: string;
}

/** The documents of a stored copy, or why it cannot be trusted. Never throws. */
export function parseStoredSnapshot(stored: StoredSnapshot): { ok: true; documents: RawDocument[] } | { ok: false; reason: string } {
  if (stored.format !== SNAPSHOT_FORMAT) return { ok: false, reason: `format ${stored.format}, expected ${SNAPSHOT_FORMAT}` };
  if (sha256(stored.documents) !== stored.contentHash) return { ok: false, reason: "content does not match its hash" };
  let value: unknown;
  try {
    value = JSON.parse(stored.documents);
  } catch (error) {
    return { ok: false, reason: `invalid JSON: ${(error as Error).message.slice(0, 100)}` };
  }
  const parsed = storedDocumentsSchema.safeParse(value);
  if (!parsed.success) return { ok: false, reason: "not an array of documents with _id and _type" };
  return { ok: true, documents: parsed.data as RawDocument[] };
}
