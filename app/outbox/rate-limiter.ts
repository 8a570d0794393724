/**
 * Per-sender token buckets: each sender (a long code, a WhatsApp number, a Messaging Service)
 * may send `ratePerSecond` messages a second on average, with bursts up to `burst`. International
 * long codes are limited by carriers to about one message a second; going faster gets messages
 * filtered, so the default is 1 (OUTBOX_RATE_PER_SENDER). 0 turns the limit off.
 *
 * Non-blocking on purpose: a dispatcher that waited for tokens would hold a whole batch (and
 * its leases) while new replies queue behind a broadcast. Instead a message without a token is
 * put back with `retryInMs`, and the next claim takes replies first again.
 * Buckets are per process: N dispatcher processes send up to N × the rate per sender.
 */

export type TakeResult = { ok: true } | { ok: false; retryInMs: number };

export interface RateLimiterOptions {
  /** Messages per second per sender; 0 = unlimited. */
  ratePerSecond: number;
  /** Bucket size (default: one second's worth, at least 1). */
  burst?: number;
  /** Milliseconds clock (tests pass a fake one). */
  clock?: () => number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Buckets are dropped once full (indistinguishable from new) past this many senders. */
const MAX_IDLE_BUCKETS = 1_000;

export class SenderRateLimiter {
  readonly ratePerSecond: number;
  readonly burst: number;
  private readonly clock: () => number;
  private readonly buckets = new Map<string, Bucket>();

  constructor(options: RateLimiterOptions) {
    if (!(options.ratePerSecond >= 0)) throw new RangeError("ratePerSecond must be 0 or more");
    this.ratePerSecond = options.ratePerSecond;
    this.burst = Math.max(1, options.burst ?? Math.ceil(options.ratePerSecond));
    this.clock = options.clock ?? (() => performance.now());
  }

  get unlimited(): boolean {
    return this.ratePerSecond === 0;
  }

  /** Takes one token for `sender` if there is one; otherwise says when the next one comes. */
  tryTake(sender: string): TakeResult {
    if (this.unlimited) return { ok: true };
    const bucket = this.refilled(sender);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryInMs: Math.ceil(((1 - bucket.tokens) / this.ratePerSecond) * 1000) };
  }

  /** When the `position`-th waiting message (0 = next) for `sender` could go, in ms from now. */
  delayFor(sender: string, position: number): number {
    if (this.unlimited) return 0;
    const bucket = this.refilled(sender);
    const missing = position + 1 - bucket.tokens;
    return missing <= 0 ? 0 : Math.ceil((missing / this.ratePerSecond) * 1000);
  }

  private refilled(sender: string): Bucket {
    const now = this.clock();
    let bucket = this.buckets.get(sender);
    if (!bucket) {
      if (this.buckets.size >= MAX_IDLE_BUCKETS) this.dropFullBuckets(now);
      bucket = { tokens: this.burst, updatedAt: now };
      this.buckets.set(sender, bucket);
      return bucket;
    }
    const elapsedSeconds = Math.max(0, now - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(this.burst, bucket.tokens + elapsedSeconds * this.ratePerSecond);
    bucket.updatedAt = now;
    return bucket;
  }

  private dropFullBuckets(now: number): void {
    for (const [sender, bucket] of this.buckets) {
      const tokens = bucket.tokens + (Math.max(0, now - bucket.updatedAt) / 1000) * this.ratePerSecond;
      if (tokens >= this.burst) this.buckets.delete(sender);
    }
  }
}
