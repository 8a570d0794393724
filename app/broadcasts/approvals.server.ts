/**
 * Four-eyes approval bound to the content (docs/decisions/024-four-eyes-approval.md): an editor
 * submits a broadcast or a sequence as it is now (its content hash, content-hash.ts), someone
 * else approves exactly that version, and the jobs send only under a live approval of the
 * document's current hash. The preparer may approve their own broadcast only when its audience is
 * at most `selfApprovalMax` people, and the runs planned under such an approval are capped at that
 * size. Sequences go on to everyone who joins later, so they always need a second person.
 *
 * Who may act (editor, approver) is checked by the staff pages; these functions check what only
 * the data can tell: the version, the four-eyes rule, the state of the approval.
 */
import { sql } from "drizzle-orm";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { sqlNow } from "~/db/sql-now.server";
import type { ApprovalSubject } from "./content-hash";
import { holdRunsOfHash } from "./approval-runs.server";
import type { RunSource } from "./runs.server";

export interface ApprovalRecord {
  id: number;
  subject: ApprovalSubject;
  documentId: string;
  contentHash: string;
  title: string;
  recipients: number;
  preparedBy: number;
  preparedAt: Date;
  approvedBy: number | null;
  approvedAt: Date | null;
  recipientCap: number | null;
  revokedBy: number | null;
  revokedAt: Date | null;
}

interface RawApproval {
  id: string | number;
  subject: ApprovalSubject;
  document_id: string;
  content_hash: string;
  title: string;
  recipients: number | string;
  prepared_by: number | string;
  prepared_ms: number | string;
  approved_by: number | string | null;
  approved_ms: number | string | null;
  recipient_cap: number | string | null;
  revoked_by: number | string | null;
  revoked_ms: number | string | null;
}

const COLUMNS = sql.raw(
  `id::text as id, subject, document_id, content_hash, title, recipients, prepared_by,
   (extract(epoch from prepared_at) * 1000)::float8 as prepared_ms, approved_by,
   (extract(epoch from approved_at) * 1000)::float8 as approved_ms, recipient_cap, revoked_by,
   (extract(epoch from revoked_at) * 1000)::float8 as revoked_ms`,
);

const numberOrNull = (value: number | string | null) => (value === null ? null : Number(value));
const dateOrNull = (value: number | string | null) => (value === null ? null : new Date(Number(value)));

function toRecord(row: RawApproval): ApprovalRecord {
  return {
    id: Number(row.id),
    subject: row.subject,
    documentId: row.document_id,
    contentHash: row.content_hash,
    title: row.title,
    recipients: Number(row.recipients),
    preparedBy: Number(row.prepared_by),
    preparedAt: new Date(Number(row.prepared_ms)),
    approvedBy: numberOrNull(row.approved_by),
    approvedAt: dateOrNull(row.approved_ms),
    recipientCap: numberOrNull(row.recipient_cap),
    revokedBy: numberOrNull(row.revoked_by),
    revokedAt: dateOrNull(row.revoked_ms),
  };
}

/** The run source whose runs an approval of this subject governs. */
export function runSourceOf(subject: ApprovalSubject): RunSource {
  return subject === "broadcast" ? "broadcast" : "sequence-step";
}

export interface Submission {
  subject: ApprovalSubject;
  documentId: string;
  contentHash: string;
  title: string;
  /** Audience estimate now (at most the recipient limit); always recorded, decisive for self-approval. */
  recipients: number;
  preparedBy: number;
}

/**
 * Records a submission of this version, or returns the live one that already exists (submitting
 * twice, or after it was approved, changes nothing).
 */
export async function submitForApproval(db: Database, submission: Submission, now?: Date): Promise<ApprovalRecord> {
  const inserted = await runSql<RawApproval>(
    db,
    sql`
    insert into broadcast_approvals (subject, document_id, content_hash, title, recipients, prepared_by, prepared_at)
    values (${submission.subject}, ${submission.documentId}, ${submission.contentHash}, ${submission.title},
      ${submission.recipients}, ${submission.preparedBy}, ${sqlNow(now)})
    on conflict (subject, document_id, content_hash) where revoked_at is null do nothing
    returning ${COLUMNS}`,
  );
  if (inserted.rows[0]) return toRecord(inserted.rows[0]);
  const live = await liveSubmission(db, submission.subject, submission.documentId, submission.contentHash);
  if (!live) throw new Error(`approval of ${submission.documentId} vanished`);
  return live;
}

/** The live (not revoked) submission of one version, approved or not. */
export async function liveSubmission(
  db: Database,
  subject: ApprovalSubject,
  documentId: string,
  contentHash: string,
): Promise<ApprovalRecord | null> {
  const result = await runSql<RawApproval>(
    db,
    sql`
    select ${COLUMNS} from broadcast_approvals
    where subject = ${subject} and document_id = ${documentId} and content_hash = ${contentHash} and revoked_at is null`,
  );
  return result.rows[0] ? toRecord(result.rows[0]) : null;
}

/** Every approval of the documents (all versions, revoked too), newest first. */
export async function approvalsOf(db: Database, subject: ApprovalSubject, documentIds: readonly string[]): Promise<ApprovalRecord[]> {
  if (documentIds.length === 0) return [];
  const ids = sql.join(
    documentIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const result = await runSql<RawApproval>(
    db,
    sql`select ${COLUMNS} from broadcast_approvals where subject = ${subject} and document_id in (${ids}) order by id desc`,
  );
  return result.rows.map(toRecord);
}

/** Where a document's current content stands, for lists: one word per state. */
export type ApprovalState = "approved" | "waiting" | "not-submitted" | "changed" | "cannot-send";

/**
 * The state of the current content (`hash`, null when it cannot be sent) given the document's
 * approvals: approved or waiting when its version is submitted; "changed" when an older version
 * was approved (so its runs hold); else not submitted.
 */
export function approvalStateOf(records: readonly ApprovalRecord[], hash: string | null): ApprovalState {
  if (hash === null) return "cannot-send";
  const live = records.filter((record) => record.revokedAt === null);
  const current = live.find((record) => record.contentHash === hash);
  if (current) return current.approvedAt ? "approved" : "waiting";
  return live.some((record) => record.approvedAt !== null) ? "changed" : "not-submitted";
}

export async function approvalById(db: Database, id: number): Promise<ApprovalRecord | null> {
  const result = await runSql<RawApproval>(db, sql`select ${COLUMNS} from broadcast_approvals where id = ${id}`);
  return result.rows[0] ? toRecord(result.rows[0]) : null;
}

/**
 * The approvals the jobs send under: approved, not revoked, one per document and hash. The
 * planner looks up the document's current hash in it; nothing else counts.
 */
export async function liveApprovals(db: Database, subject: ApprovalSubject): Promise<Map<string, ApprovalRecord>> {
  const result = await runSql<RawApproval>(
    db,
    sql`
    select ${COLUMNS} from broadcast_approvals
    where subject = ${subject} and approved_at is not null and revoked_at is null`,
  );
  return new Map(result.rows.map(toRecord).map((record) => [approvalKey(record.documentId, record.contentHash), record]));
}

/** The key of `liveApprovals`' map. */
export function approvalKey(documentId: string, contentHash: string): string {
  return `${documentId}\u0000${contentHash}`;
}

export type ApproveRefusal =
  /** No such approval, or revoked. */
  | "not-found"
  /** Already approved: nothing to do. */
  | "already-approved"
  /** The document's content is no longer the submitted version (or not what the approver saw). */
  | "content-changed"
  /** The approver prepared it, and it is not small enough to approve alone. */
  | "own-submission";

export interface ApproveRequest {
  approvalId: number;
  approverId: number;
  /** The document's hash as the content source has it now. */
  currentHash: string;
  /** The hash on the page the approver looked at. */
  seenHash: string;
  /** The audience estimate now: self-approval is judged on the larger of it and the submitted one. */
  recipientsNow: number;
  /** BROADCAST_SELF_APPROVAL_MAX_RECIPIENTS. */
  selfApprovalMax: number;
}

export type ApproveResult = { ok: true; approval: ApprovalRecord; selfApproved: boolean } | { ok: false; reason: ApproveRefusal };

/** Whether the preparer may approve this alone: a broadcast of at most `max` recipients. */
export function selfApprovalAllowed(subject: ApprovalSubject, recipients: number, max: number): boolean {
  return subject === "broadcast" && recipients <= max;
}

export async function approve(db: Database, request: ApproveRequest, now?: Date): Promise<ApproveResult> {
  return db.transaction(async (tx) => {
    const locked = await runSql<RawApproval>(
      tx,
      sql`select ${COLUMNS} from broadcast_approvals where id = ${request.approvalId} and revoked_at is null for update`,
    );
    const row = locked.rows[0];
    if (!row) return { ok: false as const, reason: "not-found" as const };
    const approval = toRecord(row);
    if (approval.approvedAt) return { ok: false as const, reason: "already-approved" as const };
    if (approval.contentHash !== request.currentHash || approval.contentHash !== request.seenHash) {
      return { ok: false as const, reason: "content-changed" as const };
    }
    const selfApproved = approval.preparedBy === request.approverId;
    const recipients = Math.max(approval.recipients, request.recipientsNow);
    if (selfApproved && !selfApprovalAllowed(approval.subject, recipients, request.selfApprovalMax)) {
      return { ok: false as const, reason: "own-submission" as const };
    }
    const cap = selfApproved ? request.selfApprovalMax : null;
    const updated = await runSql<RawApproval>(
      tx,
      sql`
      update broadcast_approvals set approved_by = ${request.approverId}, approved_at = ${sqlNow(now)}, recipient_cap = ${cap}
      where id = ${request.approvalId} returning ${COLUMNS}`,
    );
    return { ok: true as const, approval: toRecord(updated.rows[0]!), selfApproved };
  });
}

export type RevokeResult =
  { ok: true; approval: ApprovalRecord; runsHeld: number; messagesHeld: number } | { ok: false; reason: "not-found" };

/**
 * Withdraws a submission or an approval. Runs planned under it stop in the same transaction
 * (their queued rows are held), so the dispatcher's next claim already skips them.
 */
export async function revokeApproval(db: Database, request: { approvalId: number; revokerId: number }, now?: Date): Promise<RevokeResult> {
  return db.transaction(async (tx) => {
    const updated = await runSql<RawApproval>(
      tx,
      sql`
      update broadcast_approvals set revoked_by = ${request.revokerId}, revoked_at = ${sqlNow(now)}
      where id = ${request.approvalId} and revoked_at is null returning ${COLUMNS}`,
    );
    const row = updated.rows[0];
    if (!row) return { ok: false as const, reason: "not-found" as const };
    const approval = toRecord(row);
    const held = await holdRunsOfHash(
      tx,
      { source: runSourceOf(approval.subject), documentId: approval.documentId },
      approval.contentHash,
      "approval-revoked",
      now,
    );
    return { ok: true as const, approval, runsHeld: held.runs, messagesHeld: held.messages };
  });
}
