/**
 * The latest result of the stale-hotline check (jobs/flag-stale-hotlines.ts), kept in this
 * process's memory for `/healthz` and the staff views. Each process that runs jobs checks on start
 * and every hour, so the report is never older than an hour there; a web process with JOBS off
 * has no report (`checkedAt: null`).
 */

/** A hotline whose number nobody has confirmed for HOTLINE_STALE_DAYS: it may reach no one. */
export interface StaleHotline {
  id: string;
  organization: string;
  country: string;
  lastVerifiedAt: string;
  /** Sample entries (development datasets) are listed too, marked, so a demo shows the check working. */
  isSample: boolean;
}

export interface StaleHotlineReport {
  /** ISO instant of the last check; null before the first one. */
  checkedAt: string | null;
  staleAfterDays: number | null;
  stale: StaleHotline[];
}

let latest: StaleHotlineReport = { checkedAt: null, staleAfterDays: null, stale: [] };

/** Called by the job after each check. */
export function recordStaleHotlineReport(report: StaleHotlineReport): void {
  latest = { ...report, stale: report.stale.map((hotline) => ({ ...hotline })) };
}

/** The last check's result (a copy: callers cannot change what the next caller sees). */
export function getStaleHotlineReport(): StaleHotlineReport {
  return { ...latest, stale: latest.stale.map((hotline) => ({ ...hotline })) };
}
