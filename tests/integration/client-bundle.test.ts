/**
 * The browser bundle carries no phone-numbering metadata: libphonenumber-js with its `max` set is
 * ~200 kB minified, and every number a page shows is formatted by its loader on the server
 * (app/http/phone-display.server.ts). Reads the Remix build that the test run made (public/build).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const CLIENT_BUILD = fileURLToPath(new URL("../../public/build/", import.meta.url));
const SERVER_BUILD = fileURLToPath(new URL("../../build/server/index.js", import.meta.url));
/** A key of libphonenumber-js's metadata and of the code that reads it; minifiers keep property names. */
const METADATA_MARK = "country_calling_codes";

function clientScripts(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? clientScripts(join(dir, entry.name)) : entry.name.endsWith(".js") ? [join(dir, entry.name)] : [],
  );
}

describe("client bundle", () => {
  it("the mark is in libphonenumber-js's max metadata, which the server build imports", () => {
    const metadata = createRequire(import.meta.url).resolve("libphonenumber-js/max/metadata");
    expect(readFileSync(metadata, "utf8")).toContain(METADATA_MARK);
    expect(readFileSync(SERVER_BUILD, "utf8")).toContain("libphonenumber-js/max");
  });

  it("no script in public/build holds phone-numbering metadata", () => {
    expect(existsSync(CLIENT_BUILD), "run `npm run build` first").toBe(true);
    const scripts = clientScripts(CLIENT_BUILD);
    expect(scripts.length).toBeGreaterThan(0);
    const carrying = scripts.filter((file) => readFileSync(file, "utf8").includes(METADATA_MARK));
    expect(carrying.map((file) => file.slice(CLIENT_BUILD.length))).toEqual([]);
  });

  it("no script in public/build holds the reach map's shapes or d3-geo (they are projected on the server)", () => {
    const reachScripts = clientScripts(CLIENT_BUILD).filter((file) => file.includes("staff.reach"));
    expect(reachScripts.length).toBeGreaterThan(0);
    for (const file of clientScripts(CLIENT_BUILD)) {
      expect(readFileSync(file, "utf8"), file).not.toMatch(/Ysyk-K|amcharts5-geodata|geoConicEqualArea|conicEqualArea/);
    }
  });
});
