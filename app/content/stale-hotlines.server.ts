/**
 * Hotlines whose number nobody has confirmed for HOTLINE_STALE_DAYS: they may reach no one.
 * Computed from the (cached) content source on demand, so the job (jobs/flag-stale-hotlines.ts)
 * and `/healthz` agree in every process, whether or not it runs jobs.
 */
import type { ContentSource } from "~/content/content-source";

export interface StaleHotline {
  id: string;
  organization: string;
  country: string;
  lastVerifiedAt: string;
  /** Sample entries (development datasets) are listed too, marked, so a demo shows the check working. */
  isSample: boolean;
}

export interface StaleHotlineReport {
  checkedAt: string;
  staleAfterDays: number;
  checked: number;
  stale: StaleHotline[];
}

const DAY_MS = 86_400_000;

export async function findStaleHotlines(
  content: Pick<ContentSource, "hotlines">,
  staleAfterDays: number,
  now: Date = new Date(),
): Promise<StaleHotlineReport> {
  // Verification dates are the same in every locale: English is enough.
  const hotlines = await content.hotlines("en");
  const cutoff = now.getTime() - staleAfterDays * DAY_MS;
  const stale = hotlines
    .filter((hotline) => Date.parse(hotline.lastVerifiedAt) < cutoff)
    .map((hotline) => ({
      id: hotline._id,
      organization: hotline.organization,
      country: hotline.country,
      lastVerifiedAt: hotline.lastVerifiedAt,
      isSample: hotline.isSample,
    }));
  return { checkedAt: now.toISOString(), staleAfterDays, checked: hotlines.length, stale };
}
