import { describe, expect, it } from "vitest";
import { SenderRateLimiter } from "~/outbox/rate-limiter";

function fakeClock(start = 0) {
  let now = start;
  return { clock: () => now, advance: (ms: number) => (now += ms) };
}

describe("per-sender token bucket", () => {
  it("lets one message a second through at rate 1, and says when the next token comes", () => {
    const time = fakeClock();
    const limiter = new SenderRateLimiter({ ratePerSecond: 1, clock: time.clock });
    expect(limiter.tryTake("+996312000001")).toEqual({ ok: true });
    expect(limiter.tryTake("+996312000001")).toEqual({ ok: false, retryInMs: 1000 });
    time.advance(400);
    expect(limiter.tryTake("+996312000001")).toEqual({ ok: false, retryInMs: 600 });
    time.advance(600);
    expect(limiter.tryTake("+996312000001")).toEqual({ ok: true });
  });

  it("keeps a bucket per sender", () => {
    const time = fakeClock();
    const limiter = new SenderRateLimiter({ ratePerSecond: 1, clock: time.clock });
    expect(limiter.tryTake("A").ok).toBe(true);
    expect(limiter.tryTake("B").ok).toBe(true);
    expect(limiter.tryTake("A").ok).toBe(false);
    expect(limiter.tryTake("B").ok).toBe(false);
  });

  it("allows a burst of one second's worth at higher rates, then the steady rate", () => {
    const time = fakeClock();
    const limiter = new SenderRateLimiter({ ratePerSecond: 10, clock: time.clock });
    const burst = Array.from({ length: 12 }, () => limiter.tryTake("S").ok);
    expect(burst.filter(Boolean)).toHaveLength(10);
    time.advance(1000);
    const nextSecond = Array.from({ length: 12 }, () => limiter.tryTake("S").ok);
    expect(nextSecond.filter(Boolean)).toHaveLength(10);
    // Over 5 simulated seconds of constant demand, about rate × time go through.
    let sent = 0;
    for (let ms = 0; ms < 5000; ms += 10) {
      time.advance(10);
      if (limiter.tryTake("S").ok) sent += 1;
    }
    expect(sent).toBeGreaterThanOrEqual(49);
    expect(sent).toBeLessThanOrEqual(51);
  });

  it("never refills past the bucket size after a long idle period", () => {
    const time = fakeClock();
    const limiter = new SenderRateLimiter({ ratePerSecond: 2, clock: time.clock });
    time.advance(60_000);
    expect([limiter.tryTake("S").ok, limiter.tryTake("S").ok, limiter.tryTake("S").ok]).toEqual([true, true, false]);
  });

  it("spaces waiting messages one token apart", () => {
    const time = fakeClock();
    const limiter = new SenderRateLimiter({ ratePerSecond: 1, clock: time.clock });
    limiter.tryTake("S");
    expect([0, 1, 2].map((position) => limiter.delayFor("S", position))).toEqual([1000, 2000, 3000]);
  });

  it("is off at rate 0", () => {
    const limiter = new SenderRateLimiter({ ratePerSecond: 0 });
    expect(limiter.unlimited).toBe(true);
    for (let i = 0; i < 1000; i += 1) expect(limiter.tryTake("S").ok).toBe(true);
    expect(limiter.delayFor("S", 500)).toBe(0);
  });

  it("rejects a negative rate", () => {
    expect(() => new SenderRateLimiter({ ratePerSecond: -1 })).toThrow(RangeError);
  });
});
