/**
 * Shows a locale's input right to left (Dari, Pashto, Urdu, Arabic, Sorani) so that editors see
 * text as readers will, with punctuation and mixed Latin numbers in the right place. Only the
 * input is wrapped: the field title and validation stay in the Studio's own direction.
 */
import type { InputProps } from "sanity";

export function RightToLeftInput(props: InputProps) {
  return <div dir="rtl">{props.renderDefault(props)}</div>;
}
