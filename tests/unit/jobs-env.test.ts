/** The configuration the jobs read (app/env.server.ts): defaults, switches and bounds. */
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "~/env.server";

const base = { NODE_ENV: "test" };

describe("jobs configuration", () => {
  it("defaults: jobs on, 30-day retention, hotlines stale after 180 days, example prices", () => {
    const env = parseEnv(base);
    expect(env).toMatchObject({
      JOBS: true,
      RETENTION_DAYS_INBOUND: 30,
      RETENTION_DAYS_OUTBOX: 30,
      HOTLINE_STALE_DAYS: 180,
      BROADCAST_EXPANSION_BATCH_SIZE: 50_000,
    });
    expect(env.PRICE_TABLE_FILE).toBeUndefined();
  });

  it.each([
    ["off", false],
    ["on", true],
    ["false", false],
    ["1", true],
    ["", true],
  ])("JOBS=%s → %s", (value, expected) => {
    expect(parseEnv({ ...base, JOBS: value }).JOBS).toBe(expected);
  });

  it("reads the retention and staleness settings", () => {
    const env = parseEnv({
      ...base,
      RETENTION_DAYS_INBOUND: "7",
      RETENTION_DAYS_OUTBOX: "365",
      HOTLINE_STALE_DAYS: "90",
      PRICE_TABLE_FILE: "/etc/prices.json",
      BROADCAST_EXPANSION_BATCH_SIZE: "5000",
    });
    expect(env).toMatchObject({
      RETENTION_DAYS_INBOUND: 7,
      RETENTION_DAYS_OUTBOX: 365,
      HOTLINE_STALE_DAYS: 90,
      PRICE_TABLE_FILE: "/etc/prices.json",
      BROADCAST_EXPANSION_BATCH_SIZE: 5_000,
    });
  });

  it.each([
    ["JOBS", "sometimes"],
    ["RETENTION_DAYS_INBOUND", "0"],
    ["RETENTION_DAYS_OUTBOX", "ninety"],
    ["HOTLINE_STALE_DAYS", "-1"],
    ["BROADCAST_EXPANSION_BATCH_SIZE", "10"],
  ])("rejects %s=%s naming it", (name, value) => {
    expect(() => parseEnv({ ...base, [name]: value })).toThrow(EnvError);
    expect(() => parseEnv({ ...base, [name]: value })).toThrow(name);
  });
});
