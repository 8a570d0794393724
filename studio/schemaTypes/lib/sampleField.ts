/**
 * The `isSample` field of broadcasts and sequences (see ./sampleMark.ts for what the mark does).
 * First in the form and in every group, so a sample shows its banner whichever tab is open.
 */
import { defineField } from "sanity";
import { sampleMarkInput } from "../../inputs/SampleMarkInput";
import { isMarkedSample, sampleFieldDescription, sampleFieldTitle, sampleWarning, type SampleKind } from "./sampleMark";

export function sampleField(kind: SampleKind, groups?: string[]) {
  return defineField({
    name: "isSample",
    title: sampleFieldTitle(kind),
    description: sampleFieldDescription(kind),
    type: "boolean",
    initialValue: false,
    ...(groups ? { group: groups } : {}),
    components: { input: sampleMarkInput(kind) },
    validation: (rule) => rule.custom((isSample) => (isMarkedSample(isSample) ? sampleWarning(kind) : true)).warning(),
  });
}
