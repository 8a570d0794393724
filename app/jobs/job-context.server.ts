/**
 * Everything a job may need, built once per process that runs jobs (web process with JOBS on,
 * `npm run jobs`, `npm run job`). State that must outlive a single run lives here: the
 * dispatcher's worker id (its leases) and its per-sender token buckets.
 */
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import type { PhoneKeyring } from "~/audience/phone-crypto.server";
import type { ContentSource } from "~/content/content-source";
import type { Database } from "~/db/client.server";
import type { Env } from "~/env.server";
import type { Logger } from "~/lib/logger.server";
import type { Transport } from "~/messaging/transport";
import { newWorkerId } from "~/outbox/dispatcher.server";
import { SenderRateLimiter } from "~/outbox/rate-limiter";

export interface JobContext {
  db: Database;
  dbKind: "pglite" | "postgres";
  content: ContentSource;
  env: Env;
  logger: Logger;
  transport: Transport;
  keyring: PhoneKeyring;
  /** This process's dispatcher identity: leases are checked against it. */
  workerId: string;
  /** Token buckets per sender, shared by every dispatch run of this process. */
  rateLimiter: SenderRateLimiter;
  /** Aborted when the scheduler stops: long runs end between batches instead of being cut off. */
  signal: AbortSignal;
  /** A fixed clock for tests; absent in production (the database's `now()` is used). */
  now?: () => Date;
}

/** What a process entry hands over; the rest is derived. */
export type JobContextInput = Omit<JobContext, "keyring" | "workerId" | "rateLimiter" | "signal"> &
  Partial<Pick<JobContext, "keyring" | "workerId" | "rateLimiter" | "signal">>;

export function createJobContext(input: JobContextInput): JobContext {
  return {
    ...input,
    keyring: input.keyring ?? phoneKeyringFromEnv(input.env),
    workerId: input.workerId ?? newWorkerId(),
    rateLimiter: input.rateLimiter ?? new SenderRateLimiter({ ratePerSecond: input.env.OUTBOX_RATE_PER_SENDER }),
    signal: input.signal ?? new AbortController().signal,
  };
}
