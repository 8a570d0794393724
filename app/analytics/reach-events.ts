/**
 * The reach events the system counts, and the dimensions every count is kept by. Shared by event
 * capture (site and messaging), the rollups, the reach dashboard and the PostHog sink, so a name
 * is spelled once. Nothing here identifies a person: no number, no address, no user agent.
 */

/** Every event name, frozen: rollups and the dashboard iterate over it. */
export const REACH_EVENTS = Object.freeze([
  // Site (microsites), counted on the server, without cookies or JavaScript.
  "page_view",
  "hotline_tap",
  "share_click",
  "quick_exit",
  "language_change",
  "referral_visit",
  // SMS and WhatsApp, written in the same transaction as the state change they record.
  "subscribed",
  "opted_out",
  "deleted",
  "help_requested",
  "message_sent",
  "message_delivered",
  "message_failed",
] as const);

export type ReachEvent = (typeof REACH_EVENTS)[number];

/** Where the event happened: a web page, or a messaging channel. */
export const REACH_CHANNELS = Object.freeze(["web", "sms", "whatsapp"] as const);
export type ReachChannel = (typeof REACH_CHANNELS)[number];

/**
 * The dimensions of every rollup row. Unknown values are stored as "" (not NULL), so that the
 * rollups' primary keys work and "unknown" is a value the dashboard can show and filter on.
 * - campaign: campaign slug ("" for site-wide pages and messages not tied to a campaign)
 * - country: ISO 3166-1 alpha-2 of where the reader or subscriber is (programme countries and
 *   destinations abroad alike), "" when unknown
 * - region: region code from the content (e.g. "KG-GB"), "" when unknown
 * - locale: one of the 11 locales, "" when unknown
 * - channel: REACH_CHANNELS
 * - event: REACH_EVENTS
 * - detail: what kind, where the event has kinds: tap kind (tel | sms | whatsapp | telegram),
 *   share network, failure kind (FAILURE_KINDS in app/outbox/send-outcome.ts); "" otherwise
 */
export const REACH_DIMENSIONS = Object.freeze(["campaign", "country", "region", "locale", "channel", "event", "detail"] as const);
export type ReachDimension = (typeof REACH_DIMENSIONS)[number];
