/**
 * Job `flag-stale-hotlines`: lists hotlines whose `lastVerifiedAt` is older than
 * HOTLINE_STALE_DAYS (default 180), so staff re-check them before a number that reaches nobody is
 * sent to people in danger. Its one log line per run names them; /healthz computes the same list.
 */
import type { ContentSource } from "~/content/content-source";
import type { Env } from "~/env.server";
import { findStaleHotlines } from "~/content/stale-hotlines.server";

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

export async function flagStaleHotlines(deps: FlagStaleHotlinesDeps): Promise<FlagStaleHotlinesSummary> {
  const report = await findStaleHotlines(deps.content, deps.env.HOTLINE_STALE_DAYS, deps.now);
  return { checked: report.checked, stale: report.stale.length, staleIds: report.stale.map((hotline) => hotline.id) };
}
