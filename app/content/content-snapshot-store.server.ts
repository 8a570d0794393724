/**
 * The database side of the content snapshot: one row per content source in `content_snapshots`.
 * Writes only ever move a row forward in time (`checked_at`), so two web processes refreshing at
 * once never put an older copy back; a row whose text no longer matches its hash is overwritten
 * whatever its time, so a damaged copy heals at the next refresh.
 */
import { and, eq, lt, or, sql } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { contentSnapshots } from "~/db/schema";
import { SNAPSHOT_FORMAT, type SerializedSnapshot, type StoredSnapshot } from "./content-snapshot-format.server";

/** What is known of a stored copy without reading its documents. */
export interface SnapshotMeta {
  format: number;
  contentHash: string;
  documentCount: number;
  byteSize: number;
  savedAt: Date;
  checkedAt: Date;
}

export interface ContentSnapshotStore {
  readMeta(source: string): Promise<SnapshotMeta | null>;
  read(source: string): Promise<(SnapshotMeta & StoredSnapshot) | null>;
  /** Stores new content fetched at `at`, unless an intact copy checked later is already there; true when written. */
  save(source: string, snapshot: SerializedSnapshot, at: Date): Promise<boolean>;
  /**
   * Records that the stored content (by hash) was still current at `at`. False when no intact row
   * with that hash was updated (none, another one, damaged, or checked later already).
   */
  confirm(source: string, contentHash: string, at: Date): Promise<boolean>;
}

const META_COLUMNS = {
  format: contentSnapshots.format,
  contentHash: contentSnapshots.contentHash,
  documentCount: contentSnapshots.documentCount,
  byteSize: contentSnapshots.byteSize,
  savedAt: contentSnapshots.savedAt,
  checkedAt: contentSnapshots.checkedAt,
};

/** The stored text still hashes to its recorded hash (PostgreSQL's own sha256). */
const ROW_IS_INTACT = sql`${contentSnapshots.contentHash} = encode(sha256(convert_to(${contentSnapshots.documents}, 'UTF8')), 'hex')`;

export function createContentSnapshotStore(db: Database): ContentSnapshotStore {
  return {
    async readMeta(source) {
      const [row] = await db.select(META_COLUMNS).from(contentSnapshots).where(eq(contentSnapshots.source, source));
      return row ?? null;
    },

    async read(source) {
      const [row] = await db
        .select({ ...META_COLUMNS, documents: contentSnapshots.documents })
        .from(contentSnapshots)
        .where(eq(contentSnapshots.source, source));
      return row ?? null;
    },

    async save(source, snapshot, at) {
      const values = {
        format: SNAPSHOT_FORMAT,
        contentHash: snapshot.hash,
        documents: snapshot.json,
        documentCount: snapshot.documentCount,
        byteSize: snapshot.byteSize,
        savedAt: at,
        checkedAt: at,
      };
      const written = await db
        .insert(contentSnapshots)
        .values({ source, ...values })
        .onConflictDoUpdate({
          target: contentSnapshots.source,
          set: values,
          setWhere: or(lt(contentSnapshots.checkedAt, at), sql`not (${ROW_IS_INTACT})`),
        })
        .returning({ source: contentSnapshots.source });
      return written.length === 1;
    },

    async confirm(source, contentHash, at) {
      const updated = await db
        .update(contentSnapshots)
        .set({ checkedAt: at })
        .where(
          and(
            eq(contentSnapshots.source, source),
            eq(contentSnapshots.contentHash, contentHash),
            lt(contentSnapshots.checkedAt, at),
            ROW_IS_INTACT,
          ),
        )
        .returning({ source: contentSnapshots.source });
      return updated.length === 1;
    },
  };
}
