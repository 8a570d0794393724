/**
 * The database schema, shared by PGlite (default, ./data) and PostgreSQL (DATABASE_URL).
 * Migrations in drizzle/ are generated from this file with `npm run db:generate`.
 */
import { index, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
export * from "./messaging-schema";
export * from "./broadcast-schema";
export * from "./content-snapshot-schema";
export * from "./analytics-schema";
export * from "./reach-capture-schema";
export * from "./volunteer-schema";
export * from "./volunteer-subscription-schema";
export * from "./staff-schema";
export * from "./data-request-schema";
export * from "./approval-schema";

/**
 * Webhook deliveries already processed, so a replayed or retried delivery is recognised
 * (Sanity idempotency key, later Twilio MessageSid). Old rows are purged by a retention job.
 */
export const webhookReceipts = pgTable(
  "webhook_receipts",
  {
    provider: text("provider").notNull(),
    deliveryId: text("delivery_id").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.provider, table.deliveryId] }), index("webhook_receipts_received_at_idx").on(table.receivedAt)],
);
