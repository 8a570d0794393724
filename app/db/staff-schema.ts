/**
 * Staff accounts (docs/decisions/023-staff-accounts.md): users with a role, server-side sessions
 * (the cookie holds a random id, the table only its sha-256), one-time set-password links (the
 * token hashed likewise), failed sign-in counters for rate limiting (keyed hashes only: no email
 * typed by a stranger, no IP address) and the append-only audit log. A database trigger refuses
 * UPDATE and DELETE on audit_log (drizzle/…_staff_accounts.sql); a purge by retention would be an
 * explicit admin statement that disables it, never the app.
 */
import { sql } from "drizzle-orm";
import { bigint, bigserial, index, integer, jsonb, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";

export const staffUsers = pgTable("staff_users", {
  id: serial("id").primaryKey(),
  /** Stored lower-cased (the app lower-cases before every write and lookup). */
  email: text("email").notNull().unique(),
  displayName: text("display_name").notNull(),
  /** One of STAFF_ROLES (app/staff/roles.ts). */
  role: text("role").notNull(),
  /** argon2id (PHC string); null until the user sets a password through a link. */
  passwordHash: text("password_hash"),
  /** The TOTP secret, AES-256-GCM encrypted (app/staff/totp.server.ts); null without a second factor. */
  totpSecretEncrypted: text("totp_secret_encrypted"),
  /** The last TOTP time step accepted, so a code cannot be used twice. */
  totpLastStep: bigint("totp_last_step", { mode: "number" }),
  disabledAt: timestamp("disabled_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const staffSessions = pgTable(
  "staff_sessions",
  {
    /** sha-256 (hex) of the random session id; the raw id exists only in the signed cookie. */
    idHash: text("id_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => staffUsers.id, { onDelete: "cascade" }),
    /** The session's CSRF token, compared in constant time with every form's `csrf` field. */
    csrfToken: text("csrf_token").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * When the second factor was given. For a user with TOTP, a session without it is only the
     * sign-in's code step and opens no staff page.
     */
    secondFactorAt: timestamp("second_factor_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (table) => [index("staff_sessions_user_id_idx").on(table.userId)],
);

export const staffPasswordLinks = pgTable(
  "staff_password_links",
  {
    /** sha-256 (hex) of the token in the link. */
    tokenHash: text("token_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => staffUsers.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (table) => [index("staff_password_links_user_id_idx").on(table.userId)],
);

/**
 * One row per failed sign-in, under two keys: the account (an HMAC of the typed email, so unknown
 * emails are limited exactly like real ones) and the client (an HMAC of the IP address). Rows
 * older than the longest window are deleted as new ones come.
 */
export const staffSignInFailures = pgTable(
  "staff_sign_in_failures",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** "account:<hmac>" or "client:<hmac>" (SESSION_SECRET-keyed, hex). */
    keyHash: text("key_hash").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (table) => [index("staff_sign_in_failures_key_at_idx").on(table.keyHash, table.at)],
);

/** Who did what to what, when. Append-only (trigger); never a phone number (app/audit/audit-log.server.ts). */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    actorUserId: integer("actor_user_id"),
    /** The actor's email at the time, or "cli", "system", "unknown". */
    actorLabel: text("actor_label").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    details: jsonb("details")
      .$type<Record<string, string | number | boolean | null>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
  },
  (table) => [
    index("audit_log_at_idx").on(table.at),
    index("audit_log_action_at_idx").on(table.action, table.at),
    index("audit_log_actor_at_idx").on(table.actorUserId, table.at),
  ],
);
