/**
 * The steps of a drip sequence, each sent a number of days after the subscriber joined. Pure, so
 * validation and previews are tested without the Studio.
 */

export interface SequenceStepValue {
  _key?: unknown;
  dayOffset?: unknown;
}

function offsetOf(step: unknown): number | undefined {
  const offset = (step as SequenceStepValue | undefined)?.dayOffset;
  return typeof offset === "number" && Number.isFinite(offset) ? offset : undefined;
}

function stepsOf(steps: unknown): unknown[] {
  return Array.isArray(steps) ? steps : [];
}

/** The day offsets used by more than one step, ascending. */
export function repeatedDayOffsets(steps: unknown): number[] {
  const offsets = stepsOf(steps)
    .map(offsetOf)
    .filter((offset): offset is number => offset !== undefined);
  return [...new Set(offsets.filter((offset, index) => offsets.indexOf(offset) !== index))].sort((a, b) => a - b);
}

/** True when the steps with an offset are listed in ascending day order. */
export function isSortedByDay(steps: unknown): boolean {
  const offsets = stepsOf(steps)
    .map(offsetOf)
    .filter((offset): offset is number => offset !== undefined);
  return offsets.every((offset, index) => index === 0 || offset >= (offsets[index - 1] ?? offset));
}

/** "day 0, 3, 7", for previews. */
export function formatStepDays(steps: unknown): string {
  const offsets = stepsOf(steps)
    .map(offsetOf)
    .filter((offset): offset is number => offset !== undefined);
  if (offsets.length === 0) return "no steps";
  return `${offsets.length === 1 ? "day" : "days"} ${offsets.join(", ")}`;
}
