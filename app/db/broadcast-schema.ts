/**
 * Broadcast runs: one row per delivery of a broadcast (once, or one per occurrence of a recurring
 * one) and per sequence step. The run is what the outbox's unique (run, subscriber) key refers
 * to, what pause and cancel act on, and where expansion keeps its cursor so a crash resumes it.
 */
import { bigint, bigserial, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

export const BROADCAST_RUN_STATUSES = ["active", "paused", "cancelled"] as const;
export type BroadcastRunStatus = (typeof BROADCAST_RUN_STATUSES)[number];

export const broadcastRuns = pgTable(
  "broadcast_runs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    source: text("source", { enum: ["broadcast", "sequence-step"] }).notNull(),
    /** The Studio document (`broadcast` or `sequence`) the run comes from. */
    documentId: text("document_id").notNull(),
    /** "once"; a recurring broadcast's local occurrence ("2026-12-07 10:00"); a sequence step's key. */
    occurrence: text("occurrence").notNull(),
    title: text("title").notNull(),
    status: text("status", { enum: BROADCAST_RUN_STATUSES }).notNull().default("active"),
    /**
     * Who paused it: the Studio (the document's status, which the planner follows both ways), an
     * operator (`npm run broadcast -- pause`, the staff page), which only an operator resumes, or
     * the approval (no live approval of the document's current content), which only a new
     * approval of the run's own content resumes (app/broadcasts/approval-runs.server.ts).
     */
    pausedBy: text("paused_by", { enum: ["studio", "operator", "approval"] }),
    /** Why the approval holds it: `content-changed` (edited since approval) or `approval-revoked`. */
    holdReason: text("hold_reason"),
    /**
     * The approved content hash the run was planned under (app/broadcasts/content-hash.ts); empty
     * for runs planned before approvals existed. Part of the run's key: a newly approved version
     * of the same delivery is a new run, which skips whoever an earlier one already reached.
     */
    contentHash: text("content_hash").notNull().default(""),
    /** What is sent, frozen when the run is planned (see app/broadcasts/run-spec.ts). */
    spec: jsonb("spec").notNull(),
    /** Broadcasts: subscribers with id ≤ cursor are expanded; expansion stops at `last_subscriber_id`. */
    cursor: bigint("cursor", { mode: "number" }).notNull().default(0),
    lastSubscriberId: bigint("last_subscriber_id", { mode: "number" }).notNull().default(0),
    recipients: integer("recipients").notNull().default(0),
    expandedAt: timestamp("expanded_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex("broadcast_runs_occurrence_uq").on(table.source, table.documentId, table.occurrence, table.contentHash)],
);

/**
 * A run's text per locale, stored once for the run instead of once per outbox row: a broadcast
 * row carries `run_text_locale` and no body, about a quarter less for a million-subscriber
 * expansion to write (decision 029). The texts come from the run's frozen spec (one entry per
 * locale, the fallback already resolved) and never change. Expansion inserts them in the same
 * statement as the rows that point at them.
 */
export const broadcastRunTexts = pgTable(
  "broadcast_run_texts",
  {
    runId: bigint("run_id", { mode: "number" })
      .notNull()
      .references(() => broadcastRuns.id, { onDelete: "cascade" }),
    locale: text("locale").notNull(),
    body: text("body").notNull(),
  },
  (table) => [primaryKey({ columns: [table.runId, table.locale] })],
);
