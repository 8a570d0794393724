/**
 * The reach map: the seven programme countries' regions shaded by page views, with a legend, the
 * geodata credit (amCharts' licence asks for the link) and, beside it, a table of the same
 * figures for anyone who cannot see the shades. Server-rendered SVG from paths projected once on
 * the server (app/analytics/reach-map.server.ts); no script.
 */
import type { PublishedTable } from "~/analytics/reach-dashboard";
import type { MapShapes } from "~/analytics/reach-map.server";
import type { PublishedCount } from "~/analytics/small-numbers";
import { format } from "~/i18n/ui-strings";
import type { ReachStrings } from "~/staff/reach-strings";
import { countText } from "./reach-figures";

/** Light to dark; class 0 is "fewer than 5 or hidden". */
const SHADES = ["#e8e8e8", "#c6dbef", "#6baed6", "#2171b5", "#08306b"] as const;

interface Bin {
  low: number;
  high: number;
}

/** Up to four bins of the shown values, by quartile, without empty or repeated bins. */
export function shadeBins(values: readonly number[]): Bin[] {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const bins: Bin[] = [];
  for (let quarter = 0; quarter < 4; quarter++) {
    const slice = sorted.slice(Math.floor((quarter * sorted.length) / 4), Math.floor(((quarter + 1) * sorted.length) / 4));
    if (slice.length === 0) continue;
    const low = slice[0]!;
    const high = slice[slice.length - 1]!;
    const last = bins[bins.length - 1];
    if (last && low <= last.high) last.high = Math.max(last.high, high);
    else bins.push({ low, high });
  }
  return bins;
}

function shadeOf(count: PublishedCount | undefined, bins: readonly Bin[]): number {
  if (count?.kind !== "shown") return 0;
  const index = bins.findIndex((bin) => count.value <= bin.high);
  return (index === -1 ? bins.length - 1 : index) + 1;
}

/** A legend key as SVG: the site's CSP refuses inline style attributes, not SVG fills. */
function Swatch({ shade }: { shade: number }) {
  return (
    <svg className="reach-swatch" viewBox="0 0 20 16" aria-hidden="true" focusable="false">
      <rect x="0.5" y="0.5" width="19" height="15" fill={SHADES[shade]} stroke="#1b1b1b" />
    </svg>
  );
}

interface ReachMapProps {
  map: MapShapes;
  regions: readonly PublishedTable[];
  regionNames: Readonly<Record<string, string>>;
  countryNames: Readonly<Record<string, string>>;
  attribution: { text: string; href: string };
  strings: ReachStrings;
}

export function ReachMap({ map, regions, regionNames, countryNames, attribution, strings }: ReachMapProps) {
  // Page views per region, as published (the first column of each region table is page views).
  const pageViews = new Map<string, PublishedCount>();
  const rows: Array<{ country: string; region: string; count: PublishedCount }> = [];
  for (const table of regions) {
    const column = table.columns.indexOf("page_view");
    const country = table.id.slice("regions-".length);
    for (const row of table.rows) {
      if (!row.id) continue;
      pageViews.set(row.id, row.cells[column]!);
      rows.push({ country, region: row.id, count: row.cells[column]! });
    }
  }
  const bins = shadeBins([...pageViews.values()].flatMap((count) => (count.kind === "shown" ? [count.value] : [])));
  return (
    <div className="reach-map-layout">
      <figure className="reach-figure reach-map">
        <svg viewBox={`0 0 ${map.width} ${map.height}`} role="img" aria-labelledby="reach-map-title reach-map-desc">
          <title id="reach-map-title">{strings.map}</title>
          <desc id="reach-map-desc">{strings.mapDescription}</desc>
          {map.regions.map((shape) => (
            <path
              key={shape.code}
              d={shape.d}
              fill={SHADES[shadeOf(pageViews.get(shape.code), bins)]}
              className="reach-region"
              data-region={shape.code}
            >
              <title>{`${regionNames[shape.code] ?? shape.name}: ${countText(pageViews.get(shape.code) ?? { kind: "small" }, strings)}`}</title>
            </path>
          ))}
        </svg>
        <figcaption>
          <p className="reach-legend-title">{strings.legend}</p>
          <ul className="reach-legend">
            <li>
              <Swatch shade={0} />
              {strings.legendNone}
            </li>
            {bins.map((bin, index) => (
              <li key={bin.low}>
                <Swatch shade={index + 1} />
                {format(strings.legendRange, { low: bin.low, high: bin.high })}
              </li>
            ))}
          </ul>
          <p className="staff-meta">
            <a href={attribution.href}>{strings.attribution}</a> (amCharts)
          </p>
        </figcaption>
      </figure>
      <div className="staff-scroll reach-map-table" role="region" aria-label={strings.mapTable} tabIndex={0}>
        <table className="staff-table">
          <caption>{strings.mapTable}</caption>
          <thead>
            <tr>
              <th scope="col">{strings.region}</th>
              <th scope="col">{strings.country}</th>
              <th scope="col">{strings.metrics.page_view}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.region}>
                <th scope="row">{regionNames[row.region] ?? row.region}</th>
                <td>{countryNames[row.country] ?? row.country}</td>
                <td>{countText(row.count, strings)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="staff-meta">{strings.mapOthers}</p>
      </div>
    </div>
  );
}
