/**
 * Four-eyes approval of broadcasts and sequences (docs/decisions/024-four-eyes-approval.md), and
 * each staff user's test phone.
 *
 * An approval row binds a person's "send this" to one content hash (app/broadcasts/content-hash.ts):
 * an editor submits the document as it is now (preparer, hash, audience estimate), an approver who
 * is someone else approves that row, and the jobs plan and send only under a live approval (approved,
 * not revoked) of the document's current hash. An edit in the Studio makes a new hash, with no
 * approval: the old row stays as the record of what was approved, and nothing more is sent.
 */
import { sql } from "drizzle-orm";
import { bigserial, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { staffUsers } from "./staff-schema";

export const APPROVAL_SUBJECTS = ["broadcast", "sequence"] as const;
export type ApprovalSubjectColumn = (typeof APPROVAL_SUBJECTS)[number];

export const broadcastApprovals = pgTable(
  "broadcast_approvals",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    subject: text("subject", { enum: APPROVAL_SUBJECTS }).notNull(),
    /** The Studio document (`broadcast` or `sequence`). */
    documentId: text("document_id").notNull(),
    /** sha256 (hex) of what the jobs will send (content-hash.ts). */
    contentHash: text("content_hash").notNull(),
    /** The title when submitted, for the page and the audit trail (the document may be renamed). */
    title: text("title").notNull(),
    /** Audience estimate when submitted (at most the recipient limit); decides whether self-approval is allowed. */
    recipients: integer("recipients").notNull(),
    preparedBy: integer("prepared_by")
      .notNull()
      .references(() => staffUsers.id),
    preparedAt: timestamp("prepared_at", { withTimezone: true }).notNull(),
    approvedBy: integer("approved_by").references(() => staffUsers.id),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    /**
     * Set when the preparer approved their own small broadcast: the runs planned under this
     * approval reach at most this many people, however the audience grows afterwards.
     */
    recipientCap: integer("recipient_cap"),
    revokedBy: integer("revoked_by").references(() => staffUsers.id),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (table) => [
    // One live submission per version; a revoked one may be submitted again as a new row.
    uniqueIndex("broadcast_approvals_live_uq")
      .on(table.subject, table.documentId, table.contentHash)
      .where(sql`revoked_at is null`),
    index("broadcast_approvals_document_idx").on(table.documentId),
  ],
);

/**
 * Where "send a test to my phone" goes: one number per staff user, encrypted with the phone
 * keyring like every stored number (and re-encrypted by `keys:rotate`). Shown back only masked.
 */
export const staffTestPhones = pgTable("staff_test_phones", {
  id: serial("id").primaryKey(),
  userId: integer("user_id")
    .notNull()
    .unique()
    .references(() => staffUsers.id, { onDelete: "cascade" }),
  phoneCiphertext: text("phone_ciphertext").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
