/**
 * Fills `{name}` placeholders of a UI string with React nodes (a keyword in bold, a number kept
 * left-to-right inside right-to-left text), which `format()` cannot do with plain strings.
 */
import { Fragment, type ReactNode } from "react";

export function formatNodes(template: string, values: Record<string, ReactNode>): ReactNode {
  const parts = template.split(/(\{\w+\})/g);
  return parts.map((part, index) => {
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    return <Fragment key={index}>{name !== undefined && name in values ? values[name] : part}</Fragment>;
  });
}
