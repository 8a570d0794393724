/**
 * The text area of one locale of a `localeSmsText`, with a live counter under it:
 * "N characters · GSM-7|UCS-2 · S segments", and a warning when a few characters force UCS-2.
 * Staff see what a message will cost while they write it, in every locale. Right-to-left
 * locales (known from the field's name, e.g. `fa_AF`) are shown right to left, as
 * RightToLeftInput does for other localized fields; the counter stays in the Studio's direction.
 */
import { Card, Stack, Text } from "@sanity/ui";
import type { TextInputProps } from "sanity";
import { LOCALES } from "../schemaTypes/locales";
import { summarizeSmsSegments } from "./smsSegmentSummary";

function isRightToLeftField(path: TextInputProps["path"]): boolean {
  const fieldKey = path[path.length - 1];
  return LOCALES.some((locale) => locale.fieldKey === fieldKey && locale.direction === "rtl");
}

export function SmsSegmentInput(props: TextInputProps) {
  const summary = summarizeSmsSegments(props.value);
  const input = props.renderDefault(props);
  return (
    <Stack space={2}>
      {isRightToLeftField(props.path) ? <div dir="rtl">{input}</div> : input}
      {summary && (
        <Text size={1} muted>
          {summary.line}
        </Text>
      )}
      {summary?.warning && (
        <Card tone="caution" padding={2} radius={2} border>
          <Text size={1}>{summary.warning}</Text>
        </Card>
      )}
    </Stack>
  );
}
