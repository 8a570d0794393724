/** The pace a rate gives (app/outbox/sender-pacing.server.ts): interval, burst, tolerance, turns. */
import { describe, expect, it } from "vitest";
import { senderPace, waitTimes } from "~/outbox/sender-pacing.server";

describe("sender pace", () => {
  it.each([
    [1, { intervalSeconds: 1, burst: 1, toleranceSeconds: 0.5 }],
    [5, { intervalSeconds: 0.2, burst: 5, toleranceSeconds: 0.9 }],
    [0.2, { intervalSeconds: 5, burst: 1, toleranceSeconds: 0.5 }],
  ])("%s message(s)/s → %j", (rate, pace) => {
    const actual = senderPace(rate)!;
    expect(actual.burst).toBe(pace.burst);
    expect(actual.intervalSeconds).toBeCloseTo(pace.intervalSeconds, 9);
    expect(actual.toleranceSeconds).toBeCloseTo(pace.toleranceSeconds, 9);
  });

  it("a rate of 0 is no limit; a negative one is a programming error", () => {
    expect(senderPace(0)).toBeNull();
    expect(() => senderPace(-1)).toThrow(RangeError);
  });

  it("the waiting messages' turns are an interval apart, from the sender's next instant less the tolerance", () => {
    expect(waitTimes(2_000, 1_000, senderPace(1)!, 3)).toEqual([500, 1_500, 2_500]);
    expect(waitTimes(1_000, 2_000, senderPace(1)!, 2)).toEqual([0, 0]);
    expect(waitTimes(1_000, 0, senderPace(0.2)!, 0)).toEqual([]);
  });
});
