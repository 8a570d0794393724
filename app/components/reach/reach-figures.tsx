/**
 * The reach dashboard's tables, bar charts and funnels, rendered on the server from the protected
 * model (app/analytics/reach-dashboard.ts). Every figure cell carries `data-cell="table|row|column"`,
 * the same three codes as its CSV line, so tests can hold the page and the CSV side by side. Bar
 * charts are plain SVG (no script): hidden and small figures draw no bar and say "<5" or "hidden".
 */
import type { FunnelStep, PublishedTable } from "~/analytics/reach-dashboard";
import { publishedText, type PublishedCount } from "~/analytics/small-numbers";
import { format } from "~/i18n/ui-strings";
import type { ReachStrings } from "~/staff/reach-strings";

export function countText(count: PublishedCount | undefined, strings: ReachStrings): string {
  return count ? publishedText(count, strings.hidden) : "";
}

interface FigureTableProps {
  table: PublishedTable;
  caption: string;
  strings: ReachStrings;
  rowHeader: string;
  rowLabel: (id: string) => string;
  columnLabel: (id: string) => string;
}

/** One protected table, scrolling sideways inside its own focusable region on a narrow screen. */
export function FigureTable({ table, caption, strings, rowHeader, rowLabel, columnLabel }: FigureTableProps) {
  const hasRowTotals = table.rows.some((row) => row.total);
  return (
    <div className="staff-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className="staff-table reach-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{rowHeader}</th>
            {table.columns.map((column) => (
              <th scope="col" key={column}>
                {columnLabel(column)}
              </th>
            ))}
            {hasRowTotals ? <th scope="col">{strings.total}</th> : null}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr key={row.id}>
              <th scope="row">{rowLabel(row.id)}</th>
              {row.cells.map((count, index) => (
                <td key={table.columns[index]} data-cell={`${table.id}|${row.id}|${table.columns[index]}`}>
                  {countText(count, strings)}
                </td>
              ))}
              {row.total ? <td data-cell={`${table.id}|${row.id}|total`}>{countText(row.total, strings)}</td> : null}
            </tr>
          ))}
        </tbody>
        {table.columnTotals ? (
          <tfoot>
            <tr>
              <th scope="row">{strings.total}</th>
              {table.columnTotals.map((count, index) => (
                <td key={table.columns[index]} data-cell={`${table.id}|total|${table.columns[index]}`}>
                  {countText(count, strings)}
                </td>
              ))}
              {table.grandTotal ? <td data-cell={`${table.id}|total|total`}>{countText(table.grandTotal, strings)}</td> : null}
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}

const BAR = { labelWidth: 230, barStart: 240, barEnd: 520, width: 600, rowHeight: 26 } as const;

/** A horizontal bar chart of published counts; a text alternative is in the table it sits beside. */
export function BarChart({
  bars,
  label,
  strings,
}: {
  bars: Array<{ id: string; label: string; count: PublishedCount }>;
  label: string;
  strings: ReachStrings;
}) {
  const max = Math.max(1, ...bars.map((bar) => (bar.count.kind === "shown" ? bar.count.value : 0)));
  const height = bars.length * BAR.rowHeight + 8;
  return (
    <figure className="reach-figure">
      <svg viewBox={`0 0 ${BAR.width} ${height}`} role="img" aria-label={label} className="reach-bars">
        {bars.map((bar, index) => {
          const y = index * BAR.rowHeight + 4;
          const length = bar.count.kind === "shown" ? Math.max(1, (bar.count.value / max) * (BAR.barEnd - BAR.barStart)) : 0;
          return (
            <g key={bar.id}>
              <text x={BAR.labelWidth} y={y + 16} textAnchor="end" className="reach-bar-label">
                {bar.label}
              </text>
              {length > 0 ? <rect x={BAR.barStart} y={y + 3} width={length} height={BAR.rowHeight - 8} className="reach-bar" /> : null}
              <text x={BAR.barStart + length + 6} y={y + 16} className="reach-bar-value">
                {countText(bar.count, strings)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>{label}</figcaption>
    </figure>
  );
}

/** A funnel as a list: each step's count and its share of the step before, when both are shown. */
export function Funnel({ title, steps, strings }: { title: string; steps: FunnelStep[]; strings: ReachStrings }) {
  return (
    <section className="reach-funnel" aria-label={title}>
      <h3>{title}</h3>
      <ol>
        {steps.map((step, index) => {
          const base = index > 0 ? steps[0]! : null;
          return (
            <li key={step.metric}>
              <strong>{strings.metrics[step.metric]}</strong>: <span>{countText(step.count, strings)}</span>
              {base ? (
                <span className="staff-meta">
                  {step.rate === null
                    ? strings.rateUnknown
                    : format(strings.rateOf, { rate: (step.rate * 100).toFixed(1), base: strings.metrics[base.metric] })}
                </span>
              ) : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
