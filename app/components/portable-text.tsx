/**
 * A small Portable Text renderer for what the Studio allows: paragraphs, h2/h3, bullet and numbered
 * lists (nested by `level`), strong/em and links. Everything is rendered as React elements, never
 * as raw HTML, and a link whose scheme is not on the list below is rendered as plain text.
 * Spec: https://github.com/portabletext/portabletext
 */
import type { ReactNode } from "react";
import type { PortableBlock } from "~/content/schemas";

const SAFE_HREF = /^(https?:|mailto:|tel:|sms:|\/(?!\/))/i;

export function safeHref(href: string | undefined): string | undefined {
  const trimmed = href?.trim();
  return trimmed && SAFE_HREF.test(trimmed) ? trimmed : undefined;
}

function renderSpans(block: PortableBlock): ReactNode[] {
  const links = new Map(block.markDefs.filter((def) => def._type === "link").map((def) => [def._key, def.href]));
  return block.children.map((span, index) => {
    let node: ReactNode = span.text;
    for (const mark of span.marks) {
      if (mark === "strong") node = <strong>{node}</strong>;
      else if (mark === "em") node = <em>{node}</em>;
      else if (links.has(mark)) {
        const href = safeHref(links.get(mark));
        if (href) {
          node = (
            <a href={href} rel="noopener noreferrer">
              {node}
            </a>
          );
        }
      }
      // Other decorators (underline, code…) are shown as plain text.
    }
    return <span key={span._key ?? index}>{node}</span>;
  });
}

interface ListItemNode {
  block: PortableBlock;
  nested: ListNode[];
}
interface ListNode {
  kind: "bullet" | "number";
  items: ListItemNode[];
}

/** Consecutive list blocks as a tree: a deeper `level` nests under the item before it. */
function toListTree(run: readonly PortableBlock[]): ListNode[] {
  const roots: ListNode[] = [];
  const stack: ListNode[] = [];
  for (const block of run) {
    const kind = block.listItem ?? "bullet";
    const depth = Math.max(1, Math.min(block.level ?? 1, stack.length + 1));
    stack.length = Math.min(stack.length, depth);
    let list = stack[depth - 1];
    if (!list || list.kind !== kind) {
      list = { kind, items: [] };
      if (depth === 1) roots.push(list);
      else stack[depth - 2]!.items.at(-1)!.nested.push(list);
      stack[depth - 1] = list;
    }
    list.items.push({ block, nested: [] });
  }
  return roots;
}

function renderList(list: ListNode, key: string): ReactNode {
  const items = list.items.map((item, index) => (
    <li key={item.block._key}>
      {renderSpans(item.block)}
      {item.nested.map((nested, nestedIndex) => renderList(nested, `${key}-${index}-${nestedIndex}`))}
    </li>
  ));
  return list.kind === "number" ? <ol key={key}>{items}</ol> : <ul key={key}>{items}</ul>;
}

/**
 * `headingOffset` shifts block headings down when the section already has its own heading, so the
 * outline stays h1 → h2 → h3.
 */
export function PortableText({ blocks, headingOffset = 0 }: { blocks: readonly PortableBlock[]; headingOffset?: 0 | 1 }) {
  const output: ReactNode[] = [];
  let index = 0;
  while (index < blocks.length) {
    const block = blocks[index]!;
    if (block.listItem) {
      const run: PortableBlock[] = [];
      while (index < blocks.length && blocks[index]!.listItem) run.push(blocks[index++]!);
      toListTree(run).forEach((list, listIndex) => output.push(renderList(list, `${block._key}-${listIndex}`)));
      continue;
    }
    index++;
    const children = renderSpans(block);
    if (block.style === "h2" || block.style === "h3") {
      const level = Math.min(4, Number(block.style[1]) + headingOffset);
      const Heading = `h${level}` as "h2" | "h3" | "h4";
      output.push(<Heading key={block._key}>{children}</Heading>);
    } else if (block.style === "blockquote") {
      output.push(<blockquote key={block._key}>{children}</blockquote>);
    } else {
      output.push(<p key={block._key}>{children}</p>);
    }
  }
  return <>{output}</>;
}
