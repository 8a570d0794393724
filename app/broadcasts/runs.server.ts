/**
 * Broadcast runs: creating one (idempotent on source, document and occurrence), and the staff
 * controls. Pause moves the run's queued rows to `held` in the same transaction as the run's
 * status, so the next dispatcher claim (which takes only `queued` rows) already skips them;
 * resume puts them back; cancel ends them for good. Rows already handed to the provider are
 * not recalled (they cannot be).
 */
import { sql } from "drizzle-orm";
import type { BroadcastRunStatus } from "~/db/broadcast-schema";
import type { Database } from "~/db/client.server";
import { runSql } from "~/db/run-sql.server";
import { sqlNow } from "~/db/sql-now.server";
import type { RunSpec } from "./run-spec";
import { UNSENT_STATES } from "~/outbox/outbox-states";
import { stateSql, statesSql } from "~/outbox/outbox-states-sql";

export type RunSource = "broadcast" | "sequence-step";

export interface RunKey {
  source: RunSource;
  documentId: string;
  occurrence: string;
}

export interface NewRun extends RunKey {
  title: string;
  /** The approved content hash the run is planned under (app/broadcasts/content-hash.ts): part of its key. */
  contentHash: string;
  spec: RunSpec;
  /**
   * The creating tick's clock, when it is not the database's (a job given `now`): enrollment
   * compares consent times with the run's creation, so both must be read on the same clock.
   */
  createdAt?: Date;
}

/**
 * Creates the run unless it exists; returns its id either way and whether it is new. The
 * audience is bounded at creation (subscribers up to the current highest id), so expansion ends.
 */
export async function ensureRun(db: Database, run: NewRun): Promise<EnsuredRun> {
  const inserted = await runSql<RawEnsured>(
    db,
    sql`
    insert into broadcast_runs (source, document_id, occurrence, content_hash, title, spec, last_subscriber_id, created_at)
    values (${run.source}, ${run.documentId}, ${run.occurrence}, ${run.contentHash}, ${run.title}, ${JSON.stringify(run.spec)}::jsonb,
      (select coalesce(max(id), 0) from subscribers), ${sqlNow(run.createdAt)})
    on conflict (source, document_id, occurrence, content_hash) do nothing
    returning ${ENSURED_COLUMNS}`,
  );
  if (inserted.rows[0]) return toEnsured(inserted.rows[0], true);
  const existing = await runSql<RawEnsured>(
    db,
    sql`
    select ${ENSURED_COLUMNS} from broadcast_runs
    where source = ${run.source} and document_id = ${run.documentId} and occurrence = ${run.occurrence}
      and content_hash = ${run.contentHash}`,
  );
  const row = existing.rows[0];
  if (!row) throw new Error(`broadcast run ${run.documentId}/${run.occurrence} vanished`);
  return toEnsured(row, false);
}

export interface EnsuredRun {
  id: number;
  created: boolean;
  status: BroadcastRunStatus;
  createdAt: Date;
}

type RawEnsured = { id: string | number; status: BroadcastRunStatus; created_ms: number | string };
const ENSURED_COLUMNS = sql.raw(`id::text as id, status, (extract(epoch from created_at) * 1000)::float8 as created_ms`);

function toEnsured(row: RawEnsured, created: boolean): EnsuredRun {
  return { id: Number(row.id), created, status: row.status, createdAt: new Date(Number(row.created_ms)) };
}

/** Sequence steps follow edits: later enrollments get the step's current text. */
export async function updateRunSpec(db: Database, runId: number, spec: RunSpec): Promise<void> {
  await runSql(db, sql`update broadcast_runs set spec = ${JSON.stringify(spec)}::jsonb, updated_at = now() where id = ${runId}`);
}

export interface RunSummary {
  id: number;
  source: RunSource;
  documentId: string;
  occurrence: string;
  title: string;
  status: BroadcastRunStatus;
  /** Who paused it (studio, operator, approval); null unless paused. */
  pausedBy: string | null;
  /** Why the approval holds it (approval-runs.server.ts); null when it is not held for approval. */
  holdReason: string | null;
  contentHash: string;
  recipients: number;
  expanded: boolean;
  createdAt: Date;
}

interface RawRun {
  id: string | number;
  source: RunSource;
  document_id: string;
  occurrence: string;
  title: string;
  status: BroadcastRunStatus;
  paused_by: string | null;
  hold_reason: string | null;
  content_hash: string;
  recipients: number;
  expanded: boolean;
  created_ms: number | string;
}

const RUN_COLUMNS = sql.raw(
  `id::text as id, source, document_id, occurrence, title, status, paused_by, hold_reason, content_hash, recipients,
   expanded_at is not null as expanded,
   (extract(epoch from created_at) * 1000)::float8 as created_ms`,
);

function toSummary(row: RawRun): RunSummary {
  return {
    id: Number(row.id),
    source: row.source,
    documentId: row.document_id,
    occurrence: row.occurrence,
    title: row.title,
    status: row.status,
    pausedBy: row.paused_by,
    holdReason: row.hold_reason,
    contentHash: row.content_hash,
    recipients: Number(row.recipients),
    expanded: Boolean(row.expanded),
    createdAt: new Date(Number(row.created_ms)),
  };
}

/** Runs of a document (all occurrences), newest first; all runs when no id is given. */
export async function listRuns(db: Database, filter: { source?: RunSource; documentId?: string } = {}): Promise<RunSummary[]> {
  const result = await runSql<RawRun>(
    db,
    sql`
    select ${RUN_COLUMNS} from broadcast_runs
    where (${filter.source ?? null}::text is null or source = ${filter.source ?? null})
      and (${filter.documentId ?? null}::text is null or document_id = ${filter.documentId ?? null})
    order by created_at desc, id desc`,
  );
  return result.rows.map(toSummary);
}

/** Runs expansion has not finished, oldest first (the planner continues them). */
export async function unexpandedRuns(db: Database, source: RunSource): Promise<RunSummary[]> {
  const result = await runSql<RawRun>(
    db,
    sql`
    select ${RUN_COLUMNS} from broadcast_runs
    where source = ${source} and status = 'active' and expanded_at is null order by id`,
  );
  return result.rows.map(toSummary);
}

export interface ControlResult {
  /** Runs whose status changed. */
  runs: number;
  /** Outbox rows moved (held, released or cancelled). */
  messages: number;
}

export type Control = "pause" | "resume" | "cancel";
export type ControlledBy = "studio" | "operator";

const FROM_STATUS: Record<Control, readonly BroadcastRunStatus[]> = {
  pause: ["active"],
  resume: ["paused"],
  cancel: ["active", "paused"],
};
const TO_STATUS: Record<Control, BroadcastRunStatus> = { pause: "paused", resume: "active", cancel: "cancelled" };

/**
 * Pauses, resumes or cancels runs (one run by id, or every run of a document). The run rows are
 * locked first, so a batch of expansion in flight finishes before the rows are moved and none it
 * inserts escapes the move.
 */
export async function controlRuns(
  db: Database,
  control: Control,
  target: { runId: number } | { source: RunSource; documentId: string },
  by: ControlledBy,
): Promise<ControlResult> {
  const which = "runId" in target ? sql`id = ${target.runId}` : sql`source = ${target.source} and document_id = ${target.documentId}`;
  const from = sql.join(
    FROM_STATUS[control].map((status) => sql`${status}`),
    sql`, `,
  );
  // The Studio's status never undoes an operator's pause; an operator may resume any pause, and
  // an operator's pause of a run the Studio paused takes it over (the Studio can no longer resume it).
  // Neither resumes a run the approval holds (approval-runs.server.ts): only a new approval does.
  const resumable =
    control === "resume"
      ? sql`and hold_reason is null and paused_by is distinct from 'approval' ${by === "studio" ? sql`and paused_by = 'studio'` : sql``}`
      : sql``;
  const takeOver = control === "pause" && by === "operator" ? sql`or (status = 'paused' and paused_by = 'studio')` : sql``;
  return db.transaction(async (tx) => {
    const runs = await runSql<{ id: string | number }>(
      tx,
      sql`
      select id::text as id from broadcast_runs where ${which} and (status in (${from}) ${takeOver}) ${resumable} order by id for update`,
    );
    const ids = runs.rows.map((row) => Number(row.id));
    if (ids.length === 0) return { runs: 0, messages: 0 };
    const idList = sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    );
    const pausedBy = control === "pause" ? by : null;
    await runSql(
      tx,
      sql`
      update broadcast_runs set status = ${TO_STATUS[control]}, paused_by = ${pausedBy}, updated_at = now() where id in (${idList})`,
    );
    const move =
      control === "pause"
        ? sql`status = ${stateSql("held")}, updated_at = now() where broadcast_run_id in (${idList}) and status = ${stateSql("queued")}`
        : control === "resume"
          ? sql`status = ${stateSql("queued")}, updated_at = now() where broadcast_run_id in (${idList}) and status = ${stateSql("held")}`
          : sql`status = ${stateSql("cancelled")}, error_code = 'broadcast-cancelled', updated_at = now()
              where broadcast_run_id in (${idList}) and status in ${statesSql(UNSENT_STATES)}`;
    const moved = await runSql(tx, sql`update outbox_messages set ${move}`);
    return { runs: ids.length, messages: moved.rowCount };
  });
}
