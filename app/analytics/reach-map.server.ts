/**
 * The reach map's shapes: the admin-1 regions of the seven programme countries from amCharts'
 * geodata (`@amcharts/amcharts5-geodata`, linkware licence: the map must show its credit link),
 * read from disk on the server and projected once with d3-geo into SVG path strings, then kept in
 * memory (they never change while the process runs). Nothing here reaches a client bundle: the
 * page renders the paths into its HTML and ships no JavaScript.
 *
 * Shapes are simplified as they are projected: a point closer than MIN_STEP_PX to the last one
 * kept is dropped, which takes the seven countries from ~440 kB of path data to ~65 kB with no
 * visible change at the map's size.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { geoArea, geoConicEqualArea, geoPath, type GeoStream } from "d3-geo";
import type { Feature, FeatureCollection, Geometry } from "geojson";
import { z } from "zod";

/** The geodata file of each programme country. Kazakhstan's is the 2023 one (its 20 regions). */
export const MAP_SHAPE_FILES = Object.freeze({
  KG: "kyrgyzstanLow",
  KZ: "kazakhstan2023Low",
  UZ: "uzbekistanLow",
  TJ: "tajikistanLow",
  AF: "afghanistanLow",
  PK: "pakistanLow",
  IQ: "iraqLow",
} as const);
export type MapCountry = keyof typeof MAP_SHAPE_FILES;

export const MAP_WIDTH = 800;
export const MAP_HEIGHT = 560;
const MIN_STEP_PX = 1.5;

/** Where the shapes come from, shown under the map (the licence asks for the link). */
export const MAP_ATTRIBUTION = { text: "Map shapes: amCharts geodata", href: "https://www.amcharts.com/" } as const;

export interface MapRegionShape {
  /** ISO 3166-2 code, as the content's region documents spell it. */
  code: string;
  country: MapCountry;
  /** The shape's own name (from the geodata; the page prefers the content's localized name). */
  name: string;
  /** SVG path data in the map's viewBox. */
  d: string;
}

export interface MapShapes {
  width: number;
  height: number;
  regions: MapRegionShape[];
}

const featureSchema = z.object({
  type: z.literal("Feature"),
  id: z.string(),
  properties: z.object({ name: z.string() }).loose(),
  geometry: z.object({ type: z.enum(["Polygon", "MultiPolygon"]), coordinates: z.array(z.unknown()) }),
});
const collectionSchema = z.object({ type: z.literal("FeatureCollection"), features: z.array(z.unknown()) });

const require = createRequire(import.meta.url);

/** The admin-1 features of one country (its file also holds neighbours' enclaves, left out). */
export function countryFeatures(country: MapCountry): Array<Feature<Geometry, { name: string }> & { id: string }> {
  const file = require.resolve(`@amcharts/amcharts5-geodata/json/${MAP_SHAPE_FILES[country]}.json`);
  const collection = collectionSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  const own = new RegExp(`^${country}-[A-Z0-9]{1,3}$`);
  return collection.features
    .map((feature) => featureSchema.parse(feature))
    .filter((feature) => own.test(feature.id))
    .map((feature) => rewound(feature as unknown as Feature<Geometry, { name: string }> & { id: string }));
}

/** d3-geo reads a ring's winding as its inside: one covering more than half the globe is reversed. */
function rewound<T extends Feature<Geometry>>(feature: T): T {
  if (geoArea(feature) <= 2 * Math.PI) return feature;
  const geometry = feature.geometry;
  if (geometry.type === "Polygon")
    return { ...feature, geometry: { ...geometry, coordinates: geometry.coordinates.map((ring) => [...ring].reverse()) } };
  if (geometry.type === "MultiPolygon") {
    return {
      ...feature,
      geometry: { ...geometry, coordinates: geometry.coordinates.map((polygon) => polygon.map((ring) => [...ring].reverse())) },
    };
  }
  return feature;
}

/** Drops points closer than `min` pixels to the last one kept; rings left with fewer than 3 go. */
function thinning(out: GeoStream, min: number): GeoStream {
  let inLine = false;
  let inPolygon = false;
  let line: Array<[number, number]> = [];
  return {
    point(x, y) {
      if (inLine) line.push([x, y]);
      else out.point(x, y);
    },
    lineStart() {
      inLine = true;
      line = [];
    },
    lineEnd() {
      inLine = false;
      const kept: Array<[number, number]> = [];
      for (const point of line) {
        const last = kept[kept.length - 1];
        if (!last || Math.hypot(point[0] - last[0], point[1] - last[1]) >= min) kept.push(point);
      }
      if (kept.length < (inPolygon ? 3 : 2)) return;
      out.lineStart();
      for (const [x, y] of kept) out.point(x, y);
      out.lineEnd();
    },
    polygonStart() {
      inPolygon = true;
      out.polygonStart();
    },
    polygonEnd() {
      inPolygon = false;
      out.polygonEnd();
    },
    sphere() {
      out.sphere?.();
    },
  };
}

let cached: MapShapes | undefined;

/** The projected shapes of the seven countries, computed on first use and kept. */
export function reachMapShapes(): MapShapes {
  if (cached) return cached;
  const features = (Object.keys(MAP_SHAPE_FILES) as MapCountry[]).flatMap((country) =>
    countryFeatures(country).map((feature) => ({ country, feature })),
  );
  const collection: FeatureCollection = { type: "FeatureCollection", features: features.map(({ feature }) => feature) };
  // Equal-area, so a region's shade is not exaggerated by its latitude; centred on the programme.
  const projection = geoConicEqualArea().parallels([30, 50]).rotate([-62, 0]).fitSize([MAP_WIDTH, MAP_HEIGHT], collection);
  const path = geoPath({ stream: (sink: GeoStream) => projection.stream(thinning(sink, MIN_STEP_PX)) }).digits(0);
  cached = {
    width: MAP_WIDTH,
    height: MAP_HEIGHT,
    regions: features.map(({ country, feature }) => ({ code: feature.id, country, name: feature.properties.name, d: path(feature) ?? "" })),
  };
  return cached;
}
