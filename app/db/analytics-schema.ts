/**
 * Reach rollups: counts per hour and per day by campaign × country × region × locale × channel ×
 * event × detail (app/analytics/reach-events.ts), and unique site visitors per day. They outlive
 * the raw events (purged after a retention period) and are what the reach dashboard reads.
 * Unknown dimension values are "" (see REACH_DIMENSIONS), so the primary keys hold.
 * The raw event table and the PostHog delivery queue live beside the capture code's own schema.
 */
import { bigint, date, index, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

const dimensions = () => ({
  campaign: text("campaign").notNull().default(""),
  country: text("country").notNull().default(""),
  region: text("region").notNull().default(""),
  locale: text("locale").notNull().default(""),
  channel: text("channel").notNull(),
  event: text("event").notNull(),
  detail: text("detail").notNull().default(""),
});

export const reachHourly = pgTable(
  "reach_hourly",
  {
    /** The hour (UTC) the events happened in, truncated. */
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    ...dimensions(),
    count: bigint("count", { mode: "number" }).notNull(),
  },
  (table) => [
    primaryKey({
      columns: [table.hour, table.campaign, table.country, table.region, table.locale, table.channel, table.event, table.detail],
    }),
  ],
);

export const reachDaily = pgTable(
  "reach_daily",
  {
    /** The UTC day the events happened on. */
    day: date("day", { mode: "string" }).notNull(),
    ...dimensions(),
    count: bigint("count", { mode: "number" }).notNull(),
  },
  (table) => [
    primaryKey({
      columns: [table.day, table.campaign, table.country, table.region, table.locale, table.channel, table.event, table.detail],
    }),
    index("reach_daily_event_day_idx").on(table.event, table.day),
  ],
);

/** Unique site visitors per UTC day (the daily-salted visitor hash counted once per key). */
export const reachDailyVisitors = pgTable(
  "reach_daily_visitors",
  {
    day: date("day", { mode: "string" }).notNull(),
    campaign: text("campaign").notNull().default(""),
    country: text("country").notNull().default(""),
    region: text("region").notNull().default(""),
    locale: text("locale").notNull().default(""),
    visitors: bigint("visitors", { mode: "number" }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.day, table.campaign, table.country, table.region, table.locale] })],
);

/**
 * Weekly atoms for the reach dashboard: reach_daily summed per ISO week (Monday, UTC) ×
 * campaign × country × region × locale × channel × event (details summed), for settled weeks
 * only, so the dashboard reads a few rows per week instead of every day's (app/analytics/
 * reach-weekly.server.ts). Derived data: rebuilt from reach_daily at any time.
 */
export const reachWeekly = pgTable(
  "reach_weekly",
  {
    week: date("week", { mode: "string" }).notNull(),
    campaign: text("campaign").notNull().default(""),
    country: text("country").notNull().default(""),
    region: text("region").notNull().default(""),
    locale: text("locale").notNull().default(""),
    channel: text("channel").notNull(),
    event: text("event").notNull(),
    count: bigint("count", { mode: "number" }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.week, table.campaign, table.country, table.region, table.locale, table.channel, table.event] })],
);

/** The weeks reach_weekly holds, and when each was built from reach_daily. */
export const reachWeeklyBuilt = pgTable("reach_weekly_built", {
  week: date("week", { mode: "string" }).primaryKey(),
  builtAt: timestamp("built_at", { withTimezone: true }).notNull(),
});
