/**
 * Youth volunteers (docs/decisions/027-youth-volunteers.md): accounts, their server-side sessions,
 * one-time sign-in codes, rate-limit marks, the visits and taps their referral links brought, and
 * offline session reports. Collected as little as a volunteer needs: a nickname, where they work
 * (country, region), an optional school, an age group (never a birth date) and a phone number,
 * stored encrypted with a blind index like every number in the system. Deleting an account
 * deletes its row; attributions and reports keep their counts with the volunteer id set to null.
 */
import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, date, index, integer, pgTable, smallint, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

export const volunteers = pgTable(
  "volunteers",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** Crypto-random, base32 without look-alikes (app/volunteers/referral-code.ts); the public part of /r/:code/:campaign. */
    referralCode: text("referral_code").notNull(),
    nickname: text("nickname").notNull(),
    country: text("country").notNull(),
    regionCode: text("region_code").notNull(),
    school: text("school"),
    /** AGE_GROUPS in app/volunteers/volunteer-profile.ts. */
    ageGroup: text("age_group").notNull(),
    /** Under-18s: when they confirmed the guardian consent the site settings ask for. */
    guardianConsentAt: timestamp("guardian_consent_at", { withTimezone: true }),
    phoneCiphertext: text("phone_ciphertext").notNull(),
    phoneIndex: text("phone_index").notNull(),
    locale: text("locale").notNull(),
    /** Shown on the regional leaderboard by nickname: only when the volunteer says so. */
    leaderboardOptIn: boolean("leaderboard_opt_in").notNull().default(false),
    /** Set when the first code is confirmed: an account nobody confirmed is not a volunteer yet. */
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    /** Staff disabled the account (abuse): no sign-in, links stop counting. */
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("volunteers_referral_code_uq").on(table.referralCode),
    uniqueIndex("volunteers_phone_index_uq").on(table.phoneIndex),
    index("volunteers_region_idx").on(table.country, table.regionCode),
  ],
);

/** Signed-in volunteers: the sha-256 of the random session id (the raw id lives only in the cookie). */
export const volunteerSessions = pgTable(
  "volunteer_sessions",
  {
    idHash: text("id_hash").primaryKey(),
    volunteerId: bigint("volunteer_id", { mode: "number" })
      .notNull()
      .references(() => volunteers.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (table) => [index("volunteer_sessions_volunteer_idx").on(table.volunteerId)],
);

/**
 * One-time sign-in codes sent by SMS. The form carries `challenge` (random; stored hashed), never
 * the number; the code is stored as an HMAC under SESSION_SECRET, so a copy of the table does not
 * give six digits away to a brute force.
 */
export const volunteerSignInCodes = pgTable(
  "volunteer_sign_in_codes",
  {
    challengeHash: text("challenge_hash").primaryKey(),
    volunteerId: bigint("volunteer_id", { mode: "number" })
      .notNull()
      .references(() => volunteers.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    attempts: smallint("attempts").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (table) => [index("volunteer_sign_in_codes_volunteer_idx").on(table.volunteerId)],
);

/**
 * Marks for rate limits shared by every web process: per number (its blind index) and per client
 * address (a keyed hash, never the address). Rows older than a day are deleted as new ones come.
 */
export const volunteerRateMarks = pgTable(
  "volunteer_rate_marks",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** "code-number" | "code-address" | "sign-up-address" */
    bucket: text("bucket").notNull(),
    keyHash: text("key_hash").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (table) => [index("volunteer_rate_marks_key_idx").on(table.bucket, table.keyHash, table.at)],
);

/**
 * What a volunteer's links brought: `visit` (a visitor through /r/:code/:campaign), `hotline_tap`
 * (a tap by a visitor their link brought the same day). One per volunteer, campaign, event, day
 * and daily visitor hash: repeat visits count once. The hash is forgotten after two days, like the
 * reach events' (app/volunteers/attribution.server.ts).
 */
export const volunteerAttributions = pgTable(
  "volunteer_attributions",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    volunteerId: bigint("volunteer_id", { mode: "number" }).references(() => volunteers.id, { onDelete: "set null" }),
    campaign: text("campaign").notNull(),
    event: text("event").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    country: text("country").notNull().default(""),
    region: text("region").notNull().default(""),
    locale: text("locale").notNull().default(""),
    visitorHash: text("visitor_hash"),
  },
  (table) => [
    uniqueIndex("volunteer_attributions_once_uq").on(table.volunteerId, table.campaign, table.event, table.day, table.visitorHash),
    index("volunteer_attributions_hash_idx")
      .on(table.day, table.visitorHash)
      .where(sql`visitor_hash is not null`),
  ],
);

/** Offline sessions (a school talk) a volunteer reports; staff confirm them (audited). */
export const volunteerSessionReports = pgTable(
  "volunteer_session_reports",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    volunteerId: bigint("volunteer_id", { mode: "number" }).references(() => volunteers.id, { onDelete: "set null" }),
    campaign: text("campaign").notNull(),
    country: text("country").notNull(),
    region: text("region").notNull(),
    heldOn: date("held_on", { mode: "string" }).notNull(),
    attendees: integer("attendees").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
  },
  (table) => [index("volunteer_session_reports_volunteer_idx").on(table.volunteerId)],
);
