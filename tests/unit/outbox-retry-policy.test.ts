import { describe, expect, it } from "vitest";
import { OUTBOX_STATES, canTransition, statesThatMayMoveTo } from "~/outbox/outbox-states";
import { afterSendError, outboxStatusFor } from "~/outbox/retry-policy";
import { classifySendError, retryDelayMs } from "~/outbox/send-errors";

describe("retry policy by error class", () => {
  it.each([
    { failure: { httpStatus: 400, providerCode: 21211 }, retries: 0 },
    { failure: { httpStatus: 400, providerCode: 21614 }, retries: 0 },
    { failure: { httpStatus: 400, providerCode: 30005 }, retries: 0 },
    { failure: { httpStatus: 400, providerCode: 30006 }, retries: 0 },
    { failure: { httpStatus: 400, providerCode: 21610 }, retries: 0 },
    { failure: { httpStatus: 400, providerCode: 30003 }, retries: 1 },
    { failure: { httpStatus: 429, providerCode: 20429 }, retries: 7 },
    { failure: { httpStatus: 503 }, retries: 5 },
    { failure: { network: true }, retries: 5 },
  ])("$failure is retried $retries times", ({ failure, retries }) => {
    const error = classifySendError(failure);
    let attempts = 1;
    while (afterSendError(error, attempts, () => 0.5).action === "retry") attempts += 1;
    expect(attempts - 1).toBe(retries);
  });

  it("backs off exponentially with jitter, capped", () => {
    const low = () => 0;
    const high = () => 1;
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, { random: low }))).toEqual([2_500, 5_000, 10_000, 20_000]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, { random: high }))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(retryDelayMs(30, { random: high })).toBe(30 * 60_000);
    const delay = afterSendError(classifySendError({ httpStatus: 503 }), 3, () => 0.25);
    expect(delay).toEqual({ action: "retry", delayMs: 12_500 });
  });

  it("maps what the provider says to a row state of at least sent", () => {
    expect(outboxStatusFor("accepted")).toBe("sent");
    expect(outboxStatusFor("queued")).toBe("sent");
    expect(outboxStatusFor("delivered")).toBe("delivered");
    expect(outboxStatusFor("read")).toBe("read");
    expect(outboxStatusFor("undelivered")).toBe("undelivered");
  });
});

describe("outbox state machine", () => {
  it("is frozen", () => {
    expect(Object.isFrozen(OUTBOX_STATES)).toBe(true);
    expect(OUTBOX_STATES.queued).toBe("queued");
  });

  it("moves statuses forward only", () => {
    expect(canTransition("sent", "delivered")).toBe(true);
    expect(canTransition("delivered", "read")).toBe(true);
    expect(canTransition("delivered", "sent")).toBe(false);
    expect(canTransition("delivered", "undelivered")).toBe(false);
    expect(canTransition("failed", "delivered")).toBe(false);
    expect(canTransition("cancelled", "sending")).toBe(false);
    expect(statesThatMayMoveTo("sent")).toEqual(["queued", "sending"]);
    expect(statesThatMayMoveTo("read")).toEqual(["queued", "sending", "sent", "delivered"]);
  });
});
