/**
 * Where sample broadcasts and sequences may be sent, from the configuration as app/env.server.ts
 * parses it: only with the local transport outside production.
 */
import { describe, expect, it } from "vitest";
import { describeSamplePolicy, samplePolicy } from "~/broadcasts/sample-policy";
import { parseEnv } from "~/env.server";
import { FAKE_ACCOUNT_SID, FAKE_AUTH_TOKEN } from "../fixtures/fake-twilio-server";

const TWILIO = { TWILIO_ACCOUNT_SID: FAKE_ACCOUNT_SID, TWILIO_AUTH_TOKEN: FAKE_AUTH_TOKEN, TWILIO_SENDERS: "default=+447700900001" };
const PRODUCTION = {
  NODE_ENV: "production",
  PUBLIC_BASE_URL: "https://campaigns.example.org",
  SESSION_SECRET: "a-production-session-secret-of-40-chars!",
  PHONE_ENCRYPTION_KEYS: `prod:${Buffer.alloc(32, 7).toString("base64")}`,
  PHONE_INDEX_KEY: Buffer.alloc(32, 9).toString("base64"),
};

describe("samplePolicy", () => {
  it.each([
    ["development, local transport (dev phone)", { NODE_ENV: "development" }, { send: true }],
    ["tests, local transport", { NODE_ENV: "test" }, { send: true }],
    ["development with Twilio (a staging site)", { NODE_ENV: "development", ...TWILIO }, { send: false, because: "twilio" }],
    ["production with Twilio", { ...PRODUCTION, ...TWILIO }, { send: false, because: "twilio" }],
    ["production without Twilio (messaging off, jobs run by hand)", PRODUCTION, { send: false, because: "production" }],
  ])("%s", (_name, variables, expected) => {
    expect(samplePolicy(parseEnv(variables))).toEqual(expected);
  });

  it("explains itself in a line for people", () => {
    expect(describeSamplePolicy({ send: true })).toContain("local transport");
    expect(describeSamplePolicy({ send: false, because: "twilio" })).toContain("Twilio is configured");
    expect(describeSamplePolicy({ send: false, because: "production" })).toContain("NODE_ENV=production");
  });
});
