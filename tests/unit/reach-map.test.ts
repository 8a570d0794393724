/**
 * The reach map's shapes: every region code of the sample dataset (campaigns/*.ndjson region
 * documents) has a shape, so no region goes unshaded; every shape projects inside the map; the
 * projected paths are computed once and kept.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { countryFeatures, MAP_HEIGHT, MAP_SHAPE_FILES, MAP_WIDTH, reachMapShapes, type MapCountry } from "~/analytics/reach-map.server";
import { PROGRAMME_COUNTRIES } from "~/analytics/reach-dashboard";

const DATASET = join(import.meta.dirname, "../../campaigns");

function datasetRegions(): Array<{ code: string; country: string }> {
  return readdirSync(DATASET)
    .filter((name) => name.endsWith(".ndjson"))
    .flatMap((name) =>
      readFileSync(join(DATASET, name), "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as { _type: string; code?: string; country?: string }),
    )
    .filter((doc) => doc._type === "region")
    .map((doc) => ({ code: doc.code!, country: doc.country! }));
}

describe("reach map shapes", () => {
  it("has a shape for every region code in the dataset, in the right country", () => {
    const regions = datasetRegions();
    expect(regions.length).toBeGreaterThan(100);
    const shapes = new Map(reachMapShapes().regions.map((shape) => [shape.code, shape.country]));
    const missing = regions.filter((region) => shapes.get(region.code) !== region.country).map((region) => region.code);
    expect(missing).toEqual([]);
  });

  it("covers the seven programme countries with their own regions only", () => {
    expect(Object.keys(MAP_SHAPE_FILES).sort()).toEqual([...PROGRAMME_COUNTRIES].sort());
    for (const country of Object.keys(MAP_SHAPE_FILES) as MapCountry[]) {
      const features = countryFeatures(country);
      expect(features.length, country).toBeGreaterThan(3);
      expect(features.every((feature) => feature.id.startsWith(`${country}-`))).toBe(true);
    }
    // Kyrgyzstan's file also draws Uzbek and Tajik enclaves; they are not Kyrgyz regions.
    expect(countryFeatures("KG").map((feature) => feature.id)).not.toContain("UZ-FA-SO");
  });

  it("projects every shape to a non-empty path inside the map, once", () => {
    const shapes = reachMapShapes();
    for (const region of shapes.regions) {
      expect(region.d, region.code).toMatch(/^M/);
      const numbers = region.d.match(/-?\d+(\.\d+)?/g)!.map(Number);
      const xs = numbers.filter((_, index) => index % 2 === 0);
      const ys = numbers.filter((_, index) => index % 2 === 1);
      expect(Math.min(...xs), region.code).toBeGreaterThanOrEqual(-1);
      expect(Math.max(...xs), region.code).toBeLessThanOrEqual(MAP_WIDTH + 1);
      expect(Math.min(...ys), region.code).toBeGreaterThanOrEqual(-1);
      expect(Math.max(...ys), region.code).toBeLessThanOrEqual(MAP_HEIGHT + 1);
    }
    // Small enough for a phone: the whole map's path data under 80 kB.
    expect(shapes.regions.reduce((sum, region) => sum + region.d.length, 0)).toBeLessThan(80_000);
    expect(reachMapShapes()).toBe(shapes);
  });
});
