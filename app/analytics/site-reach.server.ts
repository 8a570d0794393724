/**
 * Counting on the site, in the server, before the page cache: a request becomes at most one
 * reach event in memory (reach-event-buffer.server.ts writes them in batches). Bots and prefetches
 * are not counted. Where the visitor is comes from, in this order: a region they picked on the
 * page or that their referral link names (`?region=KG-GB`, checked against the content's
 * regions), a country they picked (`?country=KG`), or the country of their IP address looked up
 * in an offline database and forgotten. Page views carry the daily visitor hash.
 */
import type { Request } from "express";
import type { ContentSource } from "~/content/content-source";
import type { Database } from "~/db/client.server";
import type { Env } from "~/env.server";
import { DEFAULT_LOCALE } from "~/i18n/locales";
import { errorFacts } from "~/lib/log-error.server";
import type { Logger } from "~/lib/logger.server";
import { openIpCountryLookup, type IpCountryLookup } from "./ip-country.server";
import { createReachEventBuffer, type ReachEventBuffer, type ReachEventBufferOptions } from "./reach-event-buffer.server";
import { safeReachEventRecord } from "./reach-event-record";
import type { ReachEvent } from "./reach-events";
import { clientAddress, isBotRequest, isPrefetch } from "./request-facts.server";
import { visitorHash } from "./visitor-hash.server";
import { createVisitorSalts } from "./visitor-salt.server";

/** Where an event is counted: known (a hotline's country and region) or the visitor's. */
export interface Place {
  country: string;
  region: string;
}

export interface SiteEvent {
  event: ReachEvent;
  campaign?: string;
  locale?: string;
  page?: string;
  detail?: string;
  hotlineId?: string;
  /** Default: the visitor's place (see the module comment). */
  place?: Place;
}

/** A visitor as counting sees them: the daily hash, where they are, and when. */
export interface SiteVisitor {
  visitorHash: string;
  at: Date;
  place: Place;
}

export interface SiteReach {
  /** Counts a site event from this request, unless it is a bot or a prefetch. Never throws. */
  count(req: Request, event: SiteEvent): void;
  /**
   * The request's visitor (daily hash and place, as a page view records them), or null for a bot
   * or a prefetch: for attribution that must recognise the same visitor later the same day
   * without a cookie (volunteer referral links, app/volunteers/attribution.server.ts).
   */
  visitor(req: Request): Promise<SiteVisitor | null>;
  /** Resolves when every count started so far is in the buffer (tests, shutdown). */
  settled(): Promise<void>;
  /** Writes what is buffered (tests). */
  flush(): Promise<void>;
  /** Writes what is buffered and stops the timer: call before closing the database. */
  stop(): Promise<void>;
  readonly buffer: ReachEventBuffer;
}

export interface SiteReachOptions {
  db: Database;
  env: Pick<Env, "PUBLIC_BASE_URL" | "GEOIP_DATABASE_PATH">;
  logger: Logger;
  content: ContentSource;
  /** The test's clock; default the system clock. */
  now?: () => Date;
  buffer?: Omit<ReachEventBufferOptions, "db" | "logger">;
  ipCountry?: IpCountryLookup;
}

const REGION_PARAM = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;
const COUNTRY_PARAM = /^[A-Z]{2}$/;

function queryValue(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === "string" ? value.trim().toUpperCase() : undefined;
}

export function createSiteReach(options: SiteReachOptions): SiteReach {
  const { db, logger, content } = options;
  const now = options.now ?? (() => new Date());
  const buffer = createReachEventBuffer({ db, logger, ...options.buffer });
  const salts = createVisitorSalts(db);
  const ipCountry = options.ipCountry ?? openIpCountryLookup(options.env.GEOIP_DATABASE_PATH);
  const site = new URL(options.env.PUBLIC_BASE_URL).host;
  const inFlight = new Set<Promise<void>>();

  async function visitorPlace(req: Request, ip: string): Promise<Place> {
    const region = queryValue(req, "region");
    if (region && REGION_PARAM.test(region)) {
      const known = (await content.regions(DEFAULT_LOCALE)).find((candidate) => candidate.code === region);
      if (known) return { country: known.country, region: known.code };
    }
    // The directory's "I am in" is where the reader is; "I am from" (or a country) says at least that.
    const here = queryValue(req, "in");
    // "ZZ" is "another country": no country said, so the address's country is the better guess.
    if (here && COUNTRY_PARAM.test(here) && here !== "ZZ") return { country: here, region: "" };
    const country = queryValue(req, "from") || queryValue(req, "country");
    if (country && COUNTRY_PARAM.test(country)) return { country, region: "" };
    return { country: ipCountry.countryOf(ip), region: "" };
  }

  async function record(req: Request, event: SiteEvent, at: Date, ip: string, userAgent: string): Promise<void> {
    const place = event.place ?? (await visitorPlace(req, ip));
    const hash = event.event === "page_view" ? visitorHash({ salt: await salts.forInstant(at), ip, userAgent, site }) : null;
    const parsed = safeReachEventRecord({
      occurredAt: at,
      event: event.event,
      channel: "web",
      campaign: event.campaign ?? "",
      locale: event.locale ?? "",
      page: event.page ?? "",
      detail: event.detail ?? "",
      hotlineId: event.hotlineId ?? "",
      country: place.country,
      region: place.region,
      visitorHash: hash,
    });
    if (parsed) buffer.push(parsed);
  }

  return {
    count(req, event) {
      if (isBotRequest(req) || isPrefetch(req)) return;
      // Read now, used once in memory, never kept: the address and the user agent.
      const ip = clientAddress(req);
      const userAgent = req.get("user-agent") ?? "";
      const pending = record(req, event, now(), ip, userAgent)
        .catch((error: unknown) => logger.error({ error: errorFacts(error), event: event.event }, "reach event not counted"))
        .finally(() => inFlight.delete(pending));
      inFlight.add(pending);
    },
    async visitor(req) {
      if (isBotRequest(req) || isPrefetch(req)) return null;
      const at = now();
      const ip = clientAddress(req);
      const visitorHashValue = visitorHash({ salt: await salts.forInstant(at), ip, userAgent: req.get("user-agent") ?? "", site });
      return { visitorHash: visitorHashValue, at, place: await visitorPlace(req, ip) };
    },
    async settled() {
      await Promise.all([...inFlight]);
    },
    async flush() {
      await Promise.all([...inFlight]);
      await buffer.flush();
    },
    async stop() {
      await Promise.all([...inFlight]);
      await buffer.stop();
    },
    buffer,
  };
}
