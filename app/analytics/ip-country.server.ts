/**
 * Country of an IP address from an offline database (no network): by default the
 * geo-whois-asn-country database of @ip-location-db (data: NRO's delegated-extended statistics
 * via the regional internet registries, CC BY 4.0; see README "Credits"), read into memory once
 * per process. GEOIP_DATABASE_PATH points at a newer .mmdb of the same layout (`country_code`)
 * when an operator refreshes it. The address is looked up and forgotten: only the country code
 * leaves this module.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Reader } from "maxmind";
import { z } from "zod";

const require = createRequire(import.meta.url);

/** The .mmdb the npm package ships (frozen at the package's version). */
export function bundledGeoipDatabasePath(): string {
  const packageJson = require.resolve("@ip-location-db/geo-whois-asn-country-mmdb/package.json");
  return path.join(path.dirname(packageJson), "geo-whois-asn-country.mmdb");
}

const RecordSchema = z.object({ country_code: z.string().regex(/^[A-Z]{2}$/) });

export interface IpCountryLookup {
  /** ISO 3166-1 alpha-2, or "" when the address is private, unknown or malformed. */
  countryOf(ip: string): string;
}

const readers = new Map<string, Reader<Record<string, unknown>>>();

/** Opens (once per file per process) the database; throws if the file cannot be read. */
export function openIpCountryLookup(file: string = bundledGeoipDatabasePath()): IpCountryLookup {
  let reader = readers.get(file);
  if (!reader) {
    reader = new Reader<Record<string, unknown>>(readFileSync(file));
    readers.set(file, reader);
  }
  const opened = reader;
  return {
    countryOf(ip) {
      try {
        const parsed = RecordSchema.safeParse(opened.get(ip));
        return parsed.success ? parsed.data.country_code : "";
      } catch {
        // Not an IP address (mmdb-lib throws): unknown.
        return "";
      }
    },
  };
}
