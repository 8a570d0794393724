/**
 * One reach event as it is written to `reach_events`, validated at the boundary: dimension values
 * are short codes from a closed set or a pattern, never free text, so nothing a visitor types
 * (and no number, address or user agent) can end up in the table or in PostHog.
 */
import { z } from "zod";
import { REACH_CHANNELS, REACH_EVENTS } from "./reach-events";

const code = (pattern: RegExp) => z.string().regex(pattern).or(z.literal(""));

export const ReachEventRecordSchema = z.object({
  occurredAt: z.date(),
  event: z.enum(REACH_EVENTS),
  channel: z.enum(REACH_CHANNELS),
  /** Campaign slug. */
  campaign: code(/^[a-z0-9][a-z0-9-]{0,95}$/).default(""),
  /** ISO 3166-1 alpha-2. */
  country: code(/^[A-Z]{2}$/).default(""),
  /** ISO 3166-2 style region code from the content (e.g. KG-GB). */
  region: code(/^[A-Z]{2}-[A-Z0-9]{1,3}$/).default(""),
  locale: code(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/).default(""),
  /** Tap kind, share network, failure kind, language chosen: a short lower-case code. */
  detail: code(/^[a-z0-9][a-z0-9_-]{0,39}$/).default(""),
  /** Page views: which page (not a rollup dimension). */
  page: code(/^[a-z0-9][a-z0-9-]{0,95}$/).default(""),
  /** Hotline taps: the hotline's content id. */
  hotlineId: code(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/).default(""),
  /** Page views: the daily-salted visitor hash (hex). */
  visitorHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable()
    .default(null),
});

export type ReachEventInput = z.input<typeof ReachEventRecordSchema>;
export type ReachEventRecord = z.output<typeof ReachEventRecordSchema>;

/** Parses an event; throws a ZodError on a value outside its set (a programmer error). */
export function reachEventRecord(input: ReachEventInput): ReachEventRecord {
  return ReachEventRecordSchema.parse(input);
}

/** Parses an event, or answers null (for values that come from a request). */
export function safeReachEventRecord(input: ReachEventInput): ReachEventRecord | null {
  const result = ReachEventRecordSchema.safeParse(input);
  return result.success ? result.data : null;
}
