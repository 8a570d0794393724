/**
 * Everything a job may need, built once per process that runs jobs (web process with JOBS on,
 * `npm run jobs`, `npm run job`): the application context the bootstrap built
 * (app/bootstrap.server.ts) plus what only jobs have. State that must outlive a single run lives
 * here: the dispatcher's worker id (its leases) and what the broadcast jobs have already said about
 * sample content they leave out. Send pacing is in the database, shared by every process.
 */
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import { SampleSkipLog } from "~/broadcasts/sample-skip-log";
import type { AppServices } from "~/context.server";
import { newWorkerId } from "~/outbox/dispatcher.server";

export interface JobContext extends AppServices {
  dbKind: "pglite" | "postgres";
  /** This process's dispatcher identity: leases are checked against it. */
  workerId: string;
  /** What the planner and enroller last said about sample content they leave out (said once, not per tick). */
  sampleSkipLog: SampleSkipLog;
  /** Aborted when the scheduler stops: long runs end between batches instead of being cut off. */
  signal: AbortSignal;
  /** A fixed clock for tests; absent in production (the database's `now()` is used). */
  now?: () => Date;
}

/** What a process entry hands over; the rest is derived. */
export type JobContextInput = Omit<JobContext, "keyring" | "workerId" | "sampleSkipLog" | "signal"> &
  Partial<Pick<JobContext, "keyring" | "workerId" | "sampleSkipLog" | "signal">>;

export function createJobContext(input: JobContextInput): JobContext {
  return {
    ...input,
    keyring: input.keyring ?? phoneKeyringFromEnv(input.env),
    workerId: input.workerId ?? newWorkerId(),
    sampleSkipLog: input.sampleSkipLog ?? new SampleSkipLog(),
    signal: input.signal ?? new AbortController().signal,
  };
}
