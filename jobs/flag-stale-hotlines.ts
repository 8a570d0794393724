/**
 * Job `flag-stale-hotlines`: lists hotlines whose `lastVerifiedAt` is older than
 * HOTLINE_STALE_DAYS (default 180), so staff re-check them before a number that reaches nobody is
 * sent to people in danger. Keeps the result for /healthz (app/jobs/stale-hotlines.server.ts).
 * Runs in every process with jobs (not a singleton): each keeps its own report in memory.
 */
import type { ContentSource } from "~/content/content-source";
import type { Env } from "~/env.server";
import { recordStaleHotlineReport, type StaleHotline } from "~/jobs/stale-hotlines.server";

export interface FlagStaleHotlinesDeps {
  content: Pick<ContentSource, "hotlines">;
  env: Pick<Env, "HOTLINE_STALE_DAYS">;
  now?: Date;
}

export interface FlagStaleHotlinesSummary {
  checked: number;
  stale: number;
  /** Document ids, for staff to open in the Studio. */
  staleIds: string[];
}

const DAY_MS = 86_400_000;

export async function flagStaleHotlines(deps: FlagStaleHotlinesDeps): Promise<FlagStaleHotlinesSummary> {
  const now = deps.now ?? new Date();
  // Verification dates are the same in every locale: English is enough.
  const hotlines = await deps.content.hotlines("en");
  const cutoff = now.getTime() - deps.env.HOTLINE_STALE_DAYS * DAY_MS;
  const stale: StaleHotline[] = hotlines
    .filter((hotline) => Date.parse(hotline.lastVerifiedAt) < cutoff)
    .map((hotline) => ({
      id: hotline._id,
      organization: hotline.organization,
      country: hotline.country,
      lastVerifiedAt: hotline.lastVerifiedAt,
      isSample: hotline.isSample,
    }));
  recordStaleHotlineReport({ checkedAt: now.toISOString(), staleAfterDays: deps.env.HOTLINE_STALE_DAYS, stale });
  return { checked: hotlines.length, stale: stale.length, staleIds: stale.map((hotline) => hotline.id) };
}
