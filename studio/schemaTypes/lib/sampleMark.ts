/**
 * The sample mark of broadcasts and sequences, like the sample hotlines' `isSample`. The sample
 * dataset (campaigns/*.ndjson) ships machine-drafted messages for demos and the dev phone; the
 * README has people import it into real Sanity projects. Marked documents are sent only by a
 * development site with the local transport (the dev phone), never through Twilio and never in
 * production (app/broadcasts/sample-policy.ts), so an import cannot text real subscribers.
 * Pure, so previews and rules are tested without the Studio.
 */

export type SampleKind = "broadcast" | "sequence";

const KIND_TITLE: Record<SampleKind, string> = { broadcast: "Sample broadcast", sequence: "Sample sequence" };

/** Field title: what the box means, in the words staff see in lists. */
export function sampleFieldTitle(kind: SampleKind): string {
  return `${KIND_TITLE[kind]} (never sent to real phones)`;
}

/** Field description: why it exists and what unticking it means. */
export function sampleFieldDescription(kind: SampleKind): string {
  return (
    `Sample content shipped with the project (translations machine-drafted). A sample ${kind} is sent only ` +
    "by a development site with the local transport (the dev phone), never through Twilio and never in " +
    "production. Untick it only once a fluent speaker has reviewed every locale and it is meant for real " +
    "subscribers."
  );
}

/** The warning on a marked document (field validation and the banner above the form). */
export function sampleWarning(kind: SampleKind): string {
  return `${KIND_TITLE[kind]}: sent only to the dev phone of a development site, never through Twilio or in production.`;
}

/** The list preview's marker, first in the subtitle so it survives truncation. */
export const SAMPLE_PREVIEW_MARKER = "⚠ Sample: never sent to real phones";

/** True only for an explicit mark: a missing field is a real document, as the app reads it. */
export function isMarkedSample(value: unknown): boolean {
  return value === true;
}
