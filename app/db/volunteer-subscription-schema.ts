/**
 * SMS subscriptions a volunteer's code brought ("JOIN K7QX2MAB", decision 027 "Subscriptions"):
 * an aggregate count per volunteer, campaign, the number's country and day, and nothing else.
 * Deliberately no subscriber id, number, blind index or message id: a row never says WHO
 * subscribed, so the count cannot become the link between a number and a volunteer that we
 * refuse to keep. The region is "" (the subscriber's region is not known when they join, and
 * recording the place they answer later would need exactly that link).
 */
import { bigint, bigserial, date, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { volunteers } from "./volunteer-schema";

export const volunteerSubscriptionCounts = pgTable(
  "volunteer_subscription_counts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** Set to null when the account is deleted: the count stays, anonymous. */
    volunteerId: bigint("volunteer_id", { mode: "number" }).references(() => volunteers.id, { onDelete: "set null" }),
    /** The join keyword's campaign (a campaign word such as SAFE), "" for a plain JOIN. */
    campaign: text("campaign").notNull().default(""),
    /** The country of the subscriber's number (ISO 3166 alpha-2, "" unknown). */
    country: text("country").notNull().default(""),
    region: text("region").notNull().default(""),
    day: date("day", { mode: "string" }).notNull(),
    count: integer("count").notNull(),
  },
  (table) => [
    uniqueIndex("volunteer_subscription_counts_key_uq").on(table.volunteerId, table.campaign, table.country, table.region, table.day),
  ],
);
