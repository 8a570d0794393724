/**
 * Messaging tables (docs/messaging.md). Phone numbers are stored only encrypted (`*_ciphertext`)
 * with an HMAC blind index (`*_index`) for lookup; message bodies only where they must be sent.
 */
import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, smallint, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
// Relative, not `~/`: drizzle-kit reads this file without the app's path aliases.
import { OUTBOX_STATUSES } from "../outbox/outbox-states";
import { stateSql } from "../outbox/outbox-states-sql";
import { FAILURE_KINDS } from "../outbox/send-outcome";

/** A phone number that texted in; one row per number whatever the channel. */
export const subscribers = pgTable(
  "subscribers",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    phoneCiphertext: text("phone_ciphertext").notNull(),
    phoneIndex: text("phone_index").notNull(),
    channel: text("channel", { enum: ["sms", "whatsapp"] }).notNull(),
    locale: text("locale"),
    country: text("country"),
    regionCode: text("region_code"),
    /**
     * Where the person is now, as they said: an ISO country (their home, or a destination), or
     * `ZZ` for "another country"; null until asked. `country` is where they are from.
     */
    currentPlace: text("current_place"),
    status: text("status", { enum: ["pending", "active", "opted_out"] })
      .notNull()
      .default("pending"),
    consentAt: timestamp("consent_at", { withTimezone: true }),
    consentSource: text("consent_source"),
    optedOutAt: timestamp("opted_out_at", { withTimezone: true }),
    lastInboundAt: timestamp("last_inbound_at", { withTimezone: true }),
    /** Slug of the campaign whose keyword the number joined with (audience filter, sequences). */
    campaign: text("campaign"),
    conversation: jsonb("conversation").$type<ConversationState | null>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("subscribers_phone_index_uq").on(table.phoneIndex),
    index("subscribers_audience_idx").on(table.status, table.country, table.regionCode, table.locale),
    // Sequence enrollment: a campaign's subscribers by consent time.
    index("subscribers_campaign_consent_idx")
      .on(table.campaign, table.consentAt)
      .where(sql`status = 'active'`),
  ],
);

/**
 * What the conversation is waiting for: the menu last sent to the number. `options` are what the
 * numbers 1…n stand for (locale, ISO country or region codes); `page` is the page of a long
 * region list last shown (0 = first).
 */
export type ConversationState =
  | { step: "choose-language"; options: string[]; campaign?: string }
  | { step: "choose-country"; options: string[]; campaign?: string }
  | { step: "choose-region"; options: string[]; page?: number; campaign?: string }
  /**
   * "Where are you now?": options are ISO countries and `ZZ` (another country). `then`: what the
   * answer leads to, the hotlines (HELP, MOVED) or the subscription's confirmation (JOIN).
   * `resume`: the menu HELP interrupted (a JOIN half done), waiting again after the answer.
   */
  | { step: "choose-place"; options: string[]; then: "help" | "confirm"; campaign?: string; resume?: ConversationState };

/** Numbers whose data was erased (DELETE): kept opted out by keyed hash only. */
export const optOutTombstones = pgTable("opt_out_tombstones", {
  phoneIndex: text("phone_index").primaryKey(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Inbound messages already handled (Twilio retries; MessageSid makes handling idempotent). */
export const inboundMessages = pgTable(
  "inbound_messages",
  {
    messageSid: text("message_sid").primaryKey(),
    channel: text("channel", { enum: ["sms", "whatsapp"] }).notNull(),
    phoneIndex: text("phone_index").notNull(),
    intent: text("intent"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * A STOP or DELETE whose opt-out has committed and whose confirmation is still to be queued
     * (or found needless): a provider's retry of the message finishes it, exactly once (decision 032).
     */
    confirmationOwed: boolean("confirmation_owed").notNull().default(false),
  },
  (table) => [index("inbound_messages_phone_time_idx").on(table.phoneIndex, table.receivedAt)],
);

/** The messages that may go to an opted-out number: the STOP and the DELETE confirmation. */
export const OPT_OUT_EXEMPTIONS = ["stop-confirmation", "erase-confirmation"] as const;
export type OptOutExemption = (typeof OPT_OUT_EXEMPTIONS)[number];

/** Every outgoing message, written before any attempt to send it. */
export const outboxMessages = pgTable(
  "outbox_messages",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    subscriberId: bigint("subscriber_id", { mode: "number" }),
    recipientCiphertext: text("recipient_ciphertext").notNull(),
    recipientIndex: text("recipient_index").notNull(),
    channel: text("channel", { enum: ["sms", "whatsapp"] }).notNull(),
    sender: text("sender"),
    /** Replies' text. Broadcast rows keep none: see `runTextLocale`. */
    body: text("body"),
    /**
     * Broadcast rows: the locale of their run's text (`broadcast_run_texts`), stored once per run.
     * Read the text with OUTBOX_BODY (app/outbox/outbox-row.server.ts), never `body` alone.
     */
    runTextLocale: text("run_text_locale"),
    contentSid: text("content_sid"),
    contentVariables: jsonb("content_variables").$type<Record<string, string> | null>(),
    kind: text("kind", { enum: ["reply", "broadcast"] }).notNull(),
    /**
     * Set only on the STOP and DELETE confirmations: the one message that may go to an opted-out
     * (or erased) number. The claim query and the send-time re-check skip the opt-out test for it
     * and nothing else. An `erase-confirmation` loses its recipient once its send is recorded.
     */
    optOutExempt: text("opt_out_exempt", { enum: OPT_OUT_EXEMPTIONS }),
    /** Lower is sent first: replies (0) before bulk (10). */
    priority: smallint("priority").notNull().default(10),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    leaseExpiresAt: timestamp("lease_expires_at", { withTimezone: true }),
    leasedBy: text("leased_by"),
    providerMessageId: text("provider_message_id"),
    /**
     * For staff: the provider's own code of the last failure ("30003", "http-503") or our reason
     * ("opted-out", "broadcast-cancelled"). Nothing decides on it: decisions read `failure_kind`.
     */
    errorCode: text("error_code"),
    /** The named kind of the last failed attempt (FAILURE_KINDS); null once sent, or never failed. */
    failureKind: text("failure_kind", { enum: FAILURE_KINDS }),
    segments: smallint("segments").notNull().default(1),
    /** The broadcast run (or sequence step) that produced the row; null for replies. */
    broadcastRunId: bigint("broadcast_run_id", { mode: "number" }),
    /**
     * Quiet hours at send time: a broadcast row claimed at or after this instant (the end of the
     * recipient's send window on its due day; a backlog, a pause) is moved to the next window
     * start instead of being sent. `window_seconds` is the window's length.
     */
    windowClosesAt: timestamp("window_closes_at", { withTimezone: true }),
    windowSeconds: integer("window_seconds"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // Partial indexes: a query uses them only when its predicate has the same literal
    // (stateSql, never a bind parameter).
    index("outbox_due_idx")
      .on(table.priority, table.nextAttemptAt)
      .where(sql`status = ${stateSql("queued")}`),
    index("outbox_lease_idx")
      .on(table.leaseExpiresAt)
      .where(sql`status = ${stateSql("sending")}`),
    // Looked up only by equality (a person's messages: STOP, erasure, echo checks). A hash index:
    // a btree over these random keys cost a million-row broadcast expansion about 4 s of its
    // inserts (tests/bench/expansion.ts). Values must stay (nearly) distinct: purged rows get
    // 'purged:<id>', never one shared marker, or a bucket's overflow chain grows without end.
    index("outbox_recipient_hash_idx").using("hash", table.recipientIndex),
    // Partial: rows not yet sent (every row of a broadcast at first) are not in it at all.
    uniqueIndex("outbox_provider_id_uq")
      .on(table.providerMessageId)
      .where(sql`provider_message_id is not null`),
    // Exactly once per recipient and run: expansion replays, crashes and concurrent planners
    // insert with ON CONFLICT DO NOTHING against this key.
    uniqueIndex("outbox_run_subscriber_uq")
      .on(table.broadcastRunId, table.subscriberId)
      .where(sql`broadcast_run_id is not null`),
  ],
);

/**
 * Sending pace per sender, shared by every dispatching process (app/outbox/sender-pacing.server.ts,
 * decision 014): GCRA's "theoretical arrival time", the instant from which the sender is back to
 * its steady rate. Taking tokens moves it forward in one atomic upsert.
 */
export const outboxSenderPacing = pgTable("outbox_sender_pacing", {
  /** A sender as stored on outbox rows (E.164 number, Messaging Service SID), or `unassigned-<channel>`. */
  sender: text("sender").primaryKey(),
  theoreticalArrivalAt: timestamp("theoretical_arrival_at", { withTimezone: true }).notNull(),
  /**
   * Tokens the latest take handed out: the take reads it back in its RETURNING (which shows only
   * the new row; PostgreSQL before 18 cannot return the old one).
   */
  lastGranted: integer("last_granted").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
});

/** The local transport's phone: what a simulated number sent and received (dev phone page). */
export const devPhoneMessages = pgTable(
  "dev_phone_messages",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    phoneCiphertext: text("phone_ciphertext").notNull(),
    phoneIndex: text("phone_index").notNull(),
    direction: text("direction", { enum: ["inbound", "outbound"] }).notNull(),
    channel: text("channel", { enum: ["sms", "whatsapp"] }).notNull(),
    body: text("body").notNull(),
    providerMessageId: text("provider_message_id").notNull(),
    status: text("status").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("dev_phone_messages_phone_idx").on(table.phoneIndex, table.id),
    uniqueIndex("dev_phone_messages_provider_id_uq").on(table.providerMessageId),
  ],
);
