import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { OUTBOX_STATES, OUTBOX_STATUSES, canTransition, statesThatMayMoveTo, type OutboxStatus } from "~/outbox/outbox-states";
import { stateSql, statesSql } from "~/outbox/outbox-states-sql";
import { afterFailure, mustLookUpFirst, outboxStatusFor, retryDelayMs } from "~/outbox/retry-policy";
import { FAILURE_KINDS, failureKindOf, type ProviderFailure } from "~/outbox/send-outcome";

const code = { diagnosticCode: "x" };

describe("retry policy by named outcome", () => {
  it.each<{ failure: ProviderFailure; retries: number }>([
    { failure: { outcome: "invalid-number", ...code }, retries: 0 },
    { failure: { outcome: "contact-stopped", ...code }, retries: 0 },
    { failure: { outcome: "whatsapp-window-closed", ...code }, retries: 0 },
    { failure: { outcome: "permanent-failure", kind: "cannot-receive", ...code }, retries: 0 },
    { failure: { outcome: "permanent-failure", kind: "configuration", ...code }, retries: 0 },
    { failure: { outcome: "permanent-failure", kind: "rejected", ...code }, retries: 0 },
    { failure: { outcome: "retryable", reason: "unreachable", retryAfterMs: null, ...code }, retries: 1 },
    { failure: { outcome: "retryable", reason: "throttled", retryAfterMs: null, ...code }, retries: 7 },
    { failure: { outcome: "retryable", reason: "carrier-error", retryAfterMs: null, ...code }, retries: 5 },
    { failure: { outcome: "may-have-been-sent", ...code }, retries: 5 },
  ])("$failure.outcome $failure.reason$failure.kind is retried $retries times", ({ failure, retries }) => {
    let attempts = 1;
    while (afterFailure(failure, attempts, () => 0.5).action === "retry") attempts += 1;
    expect(attempts - 1).toBe(retries);
  });

  it("waits at least as long as the provider asked", () => {
    const failure: ProviderFailure = { outcome: "retryable", reason: "throttled", retryAfterMs: 60_000, ...code };
    expect(afterFailure(failure, 1, () => 0)).toEqual({ action: "retry", delayMs: 60_000 });
    expect(afterFailure({ ...failure, retryAfterMs: 1 }, 1, () => 0)).toEqual({ action: "retry", delayMs: 2_500 });
  });

  it("looks the provider up before a resend only after a may-have-been-sent", () => {
    expect(FAILURE_KINDS.filter(mustLookUpFirst)).toEqual(["may-have-been-sent"]);
    expect(mustLookUpFirst(null)).toBe(false);
  });

  it("names every failure with a kind from the one list", () => {
    expect(failureKindOf({ outcome: "retryable", reason: "unreachable", retryAfterMs: null, ...code })).toBe("unreachable");
    expect(failureKindOf({ outcome: "permanent-failure", kind: "configuration", ...code })).toBe("configuration");
    expect(failureKindOf({ outcome: "contact-stopped", ...code })).toBe("contact-stopped");
    expect(new Set(FAILURE_KINDS).size).toBe(FAILURE_KINDS.length);
  });

  it("backs off exponentially with jitter, capped", () => {
    const low = () => 0;
    const high = () => 1;
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, { random: low }))).toEqual([2_500, 5_000, 10_000, 20_000]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, { random: high }))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(retryDelayMs(30, { random: high })).toBe(30 * 60_000);
    const delay = afterFailure({ outcome: "may-have-been-sent", ...code }, 3, () => 0.25);
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

  it("puts states into SQL as literals, never bind parameters (partial indexes match literals only)", () => {
    const dialect = new PgDialect();
    expect(dialect.sqlToQuery(sql`o.status = ${stateSql("queued")}`)).toEqual({ sql: "o.status = 'queued'", params: [] });
    expect(dialect.sqlToQuery(sql`status in ${statesSql(["queued", "held"])}`)).toEqual({
      sql: "status in ('queued', 'held')",
      params: [],
    });
    for (const status of OUTBOX_STATUSES) expect(dialect.sqlToQuery(stateSql(status)).sql).toBe(`'${status}'`);
    expect(() => stateSql("queued'; drop table outbox_messages; --" as OutboxStatus)).toThrow(TypeError);
    expect(() => statesSql([])).toThrow(TypeError);
  });
});
