/**
 * The content hash an approval is bound to: sha256 of a canonical JSON of exactly what the jobs
 * will send for a broadcast or a sequence. It is computed from the run spec the jobs build
 * (run-spec.ts `broadcastRunSpec`, `sequenceStepRunSpec`), so every locale's text as it will be
 * sent (own text or the fallback's, trimmed), the WhatsApp template ids and variables, the
 * channel, the audience, the schedule, the send window and the recipient limit are all in it,
 * and a field the jobs start reading tomorrow is in it too without anyone remembering to add it.
 *
 * Left out on purpose (docs/decisions/024-four-eyes-approval.md):
 * - Studio metadata (`_updatedAt`, `approvedAt`, the title): they change nothing that is sent.
 * - The Studio status (draft, scheduled, paused, cancelled): it is the control the approval
 *   governs, not content; pausing and resuming must not need a new approval.
 * - The regions' time zones (`zones` of the spec): they belong to the region documents, shared by
 *   every broadcast, and move only the local clock, never the text or who gets it.
 * - A recurring broadcast's single occurrence: the approval covers the rule (`schedule`).
 *
 * Key order never matters (keys are sorted); audience lists are sets (sorted); sequence steps are
 * ordered by day, so reordering them in the Studio is no change. Pure: no I/O.
 */
import { createHash } from "node:crypto";
import type { BroadcastDocument, SequenceDocument } from "./broadcast-spec";
import { broadcastRunSpec, RunTextMissingError, sequenceStepRunSpec, type RunSpec } from "./run-spec";

/** What is approved: a broadcast, or a sequence as a whole (all its steps). */
export type ApprovalSubject = "broadcast" | "sequence";

/** A JSON value with every object's keys in code-point order: the same content, the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const field = (value as Record<string, unknown>)[key];
    // undefined is no value: an absent key and an undefined one are the same content.
    if (field !== undefined) sorted[key] = sortKeys(field);
  }
  return sorted;
}

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** The spec without what the hash leaves out (see above), audience lists as sets. */
function sendingContent(spec: RunSpec): Omit<RunSpec, "zones" | "schedule"> {
  const { zones: _zones, schedule: _schedule, ...content } = spec;
  return {
    ...content,
    audience: {
      ...content.audience,
      countries: [...content.audience.countries].sort(),
      regionCodes: [...content.audience.regionCodes].sort(),
      locales: [...content.audience.locales].sort(),
    },
  };
}

/**
 * What is hashed for a broadcast. Throws RunTextMissingError when a locale has no text and no
 * fallback text: such a broadcast cannot be sent, so it cannot be approved either.
 */
export function broadcastHashInput(broadcast: BroadcastDocument): object {
  return {
    subject: "broadcast",
    // The schedule as authored (a time, "when approved", or a recurrence rule), not one occurrence.
    schedule: broadcast.schedule,
    // Whether it may reach real phones at all (decision 015): unmarking a sample is a change.
    isSample: broadcast.isSample,
    spec: sendingContent(broadcastRunSpec(broadcast, { kind: "asap" }, [])),
  };
}

/** What is hashed for a sequence: every step's spec, by day. */
export function sequenceHashInput(sequence: SequenceDocument): object {
  const steps = [...sequence.steps]
    .sort((a, b) => a.dayOffset - b.dayOffset || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((step) => ({ key: step.key, ...stepContent(sequence, step) }));
  return { subject: "sequence", isSample: sequence.isSample, steps };
}

/**
 * A step the enroller cannot send (no text in the fallback locale) is skipped by it, step by step;
 * it is still part of what the approver sees, so its raw texts are hashed instead of a spec.
 */
function stepContent(sequence: SequenceDocument, step: SequenceDocument["steps"][number]): object {
  try {
    return { spec: sendingContent(sequenceStepRunSpec(sequence, step, [])) };
  } catch (error) {
    if (!(error instanceof RunTextMissingError)) throw error;
    return { unsendable: { dayOffset: step.dayOffset, messages: step.messages, whatsappTemplate: step.whatsappTemplate } };
  }
}

export function broadcastContentHash(broadcast: BroadcastDocument): string {
  return sha256(canonicalJson(broadcastHashInput(broadcast)));
}

export function sequenceContentHash(sequence: SequenceDocument): string {
  return sha256(canonicalJson(sequenceHashInput(sequence)));
}

/** The first characters of a hash, enough for people to compare two versions on a page. */
export function shortHash(hash: string): string {
  return hash.slice(0, 10);
}
