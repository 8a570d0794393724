/**
 * Raw reach events (the source of truth the rollups are computed from), the cursors of the jobs
 * that read them in id order (rollup refresh, PostHog delivery), the daily visitor salt and the
 * visitor hashes already counted per day. Nothing here identifies a person: no IP address, no
 * user agent, no phone number, no subscriber id. The visitor hash is keyed by a salt that is
 * deleted after its UTC day, so it cannot be recomputed afterwards.
 */
import { sql } from "drizzle-orm";
import { bigint, bigserial, date, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const reachEvents = pgTable(
  "reach_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /**
     * The writing transaction's id (pg_current_xact_id, 64-bit). Readers that go through the
     * events in order (rollups, PostHog) page by (tx, id) below the oldest transaction still in
     * flight, so a row committed late is never skipped (app/analytics/reach-order.server.ts).
     */
    tx: bigint("tx", { mode: "number" })
      .notNull()
      .default(sql`(pg_current_xact_id()::text)::bigint`),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    campaign: text("campaign").notNull().default(""),
    country: text("country").notNull().default(""),
    region: text("region").notNull().default(""),
    locale: text("locale").notNull().default(""),
    channel: text("channel").notNull(),
    event: text("event").notNull(),
    detail: text("detail").notNull().default(""),
    /** Page views only: "home", "hotlines", "languages", "campaign" (landing) or the page slug. Not a rollup dimension. */
    page: text("page").notNull().default(""),
    /** Hotline taps only: the hotline document's id (content, not a person). Not a rollup dimension. */
    hotlineId: text("hotline_id").notNull().default(""),
    /** Page views only: sha-256 of the day's salt, IP, user agent and site (docs/analytics.md "Counting"). */
    visitorHash: text("visitor_hash"),
    /** PostHog's idempotency key, so a batch sent twice is one set of events there. */
    uuid: uuid("uuid")
      .notNull()
      .default(sql`gen_random_uuid()`),
  },
  (table) => [index("reach_events_occurred_at_idx").on(table.occurredAt), index("reach_events_tx_id_idx").on(table.tx, table.id)],
);

/** How far a reader of reach_events has got, as the (tx, id) of the last event it took. */
export const reachCursors = pgTable("reach_cursors", {
  name: text("name").primaryKey(),
  lastTx: bigint("last_tx", { mode: "number" }).notNull().default(0),
  lastEventId: bigint("last_event_id", { mode: "number" }).notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** One random salt per UTC day, shared by every web process; rows of past days are deleted. */
export const reachVisitorSalts = pgTable("reach_visitor_salts", {
  day: date("day", { mode: "string" }).primaryKey(),
  salt: text("salt").notNull(),
});

/**
 * Visitors already counted in reach_daily_visitors, so the refresh adds only new ones (a distinct
 * count is not additive): per day, one 64-bit key of (campaign, country, region, locale, visitor
 * hash) (app/analytics/reach-rollup.server.ts). Kept two days (late events of yesterday), then
 * deleted.
 */
export const reachVisitorsSeen = pgTable(
  "reach_visitors_seen",
  {
    day: date("day", { mode: "string" }).notNull(),
    key: bigint("key", { mode: "number" }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.day, table.key] })],
);
