/**
 * Data-subject requests in progress (app/staff/data-requests.server.ts, decision 025): the number
 * an admin typed, kept encrypted between the steps of one request (look up, export, confirm,
 * erase) so it never travels in a URL or back to the browser. A row lives 15 minutes; it is bound
 * to the admin who opened it; its ciphertext is blanked as soon as the number is erased; expired
 * rows are deleted when the next request opens and by `purge-retention`.
 */
import { index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
// Relative, not `~/`: drizzle-kit reads this file without the app's path aliases.
import { staffUsers } from "./staff-schema";

export const staffDataRequests = pgTable(
  "staff_data_requests",
  {
    /** SHA-256 of the random request id; the raw id is only in the admin's page address. */
    idHash: text("id_hash").primaryKey(),
    staffUserId: integer("staff_user_id")
      .notNull()
      .references(() => staffUsers.id, { onDelete: "cascade" }),
    /** The typed number, encrypted like every stored number (phone keyring); null once erased. */
    phoneCiphertext: text("phone_ciphertext"),
    /** When the number's data was erased through this request. */
    erasedAt: timestamp("erased_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (table) => [index("staff_data_requests_expires_at_idx").on(table.expiresAt)],
);
