/**
 * The last good copy of the published content, kept so that a process started while the Content
 * Lake is down can still serve pages (docs/decisions/012-content-snapshot.md). One row per
 * content source (Sanity project and dataset); every web process reads and writes the same rows.
 */
import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const contentSnapshots = pgTable("content_snapshots", {
  /** `sanity:<projectId>:<dataset>`: another project's or dataset's copy is never served. */
  source: text("source").primaryKey(),
  /** Version of the stored shape; a row in another format is treated as missing. */
  format: integer("format").notNull(),
  /** SHA-256 (hex) of `documents`, checked on every read: a row that does not match is corrupt. */
  contentHash: text("content_hash").notNull(),
  /** The published documents as a JSON array, sorted by `_id`. Kept as text so the hash can be checked. */
  documents: text("documents").notNull(),
  documentCount: integer("document_count").notNull(),
  byteSize: integer("byte_size").notNull(),
  /** When this content (this hash) was first stored. */
  savedAt: timestamp("saved_at", { withTimezone: true }).notNull(),
  /** The last time a process fetched the content and found it unchanged: what its age counts from. */
  checkedAt: timestamp("checked_at", { withTimezone: true }).notNull(),
});
