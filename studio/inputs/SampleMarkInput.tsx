/**
 * The sample mark's checkbox with a caution banner under it while it is ticked, so the warning
 * is in the form itself, not only behind the validation icon. Used by broadcasts and sequences
 * (studio/schemaTypes/lib/sampleMark.ts), whose field sits first in every group.
 */
import { Card, Stack, Text } from "@sanity/ui";
import type { BooleanInputProps } from "sanity";
import { isMarkedSample, sampleWarning, type SampleKind } from "../schemaTypes/lib/sampleMark";

export function sampleMarkInput(kind: SampleKind) {
  function SampleMarkInput(props: BooleanInputProps) {
    return (
      <Stack space={3}>
        {props.renderDefault(props)}
        {isMarkedSample(props.value) && (
          <Card tone="caution" padding={3} radius={2} border role="alert">
            <Text size={1} weight="semibold">
              {sampleWarning(kind)}
            </Text>
          </Card>
        )}
      </Stack>
    );
  }
  SampleMarkInput.displayName = `SampleMarkInput(${kind})`;
  return SampleMarkInput;
}
