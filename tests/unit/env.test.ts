import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "~/env.server";

const PRODUCTION_OK = {
  NODE_ENV: "production",
  PUBLIC_BASE_URL: "https://campaigns.example.org",
  SESSION_SECRET: "x".repeat(40),
};

function problemsOf(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return [...error.problems];
    throw error;
  }
  return [];
}

describe("parseEnv", () => {
  it("runs on embedded defaults with nothing set", () => {
    const env = parseEnv({});
    expect(env.NODE_ENV).toBe("development");
    expect(env.PORT).toBe(3000);
    expect(env.PUBLIC_BASE_URL).toBe("http://localhost:3000");
    expect(env.PGLITE_DATA_DIR).toBe("./data");
    expect(env.contentBackend).toBe("local");
    expect(env.databaseKind).toBe("pglite");
    expect(env.CONTENT_DATASET_DIR).toBe("./campaigns");
  });

  it("switches to PostgreSQL and Sanity when their variables are set", () => {
    const env = parseEnv({ DATABASE_URL: "postgres://u@db:5432/app", SANITY_PROJECT_ID: "abc123" });
    expect(env.databaseKind).toBe("postgres");
    expect(env.contentBackend).toBe("sanity");
    expect(env.SANITY_DATASET).toBe("production");
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", SANITY_PROJECT_ID: "" }).databaseKind).toBe("pglite");
  });

  it("session secret: a development value outside production, at least 32 characters when set, required in production", () => {
    expect(parseEnv({}).SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(problemsOf({ SESSION_SECRET: "too-short" }).join("\n")).toContain("SESSION_SECRET");
    expect(problemsOf({ ...PRODUCTION_OK, SESSION_SECRET: "" }).join("\n")).toContain("SESSION_SECRET");
    expect(parseEnv({ STAFF_REQUIRE_2FA: "true" }).STAFF_REQUIRE_2FA).toBe(true);
    expect(parseEnv({}).STAFF_REQUIRE_2FA).toBe(false);
  });

  it("strips a trailing slash from the public URL", () => {
    expect(parseEnv({ PUBLIC_BASE_URL: "https://x.example/" }).PUBLIC_BASE_URL).toBe("https://x.example");
  });

  it.each([
    [{ PORT: "not-a-port" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ DATABASE_URL: "mysql://localhost/x" }, "DATABASE_URL"],
    [{ NODE_ENV: "staging" }, "NODE_ENV"],
    [{ SANITY_PROJECT_ID: "Has Spaces" }, "SANITY_PROJECT_ID"],
    [{ SANITY_API_VERSION: "v1" }, "SANITY_API_VERSION"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ SANITY_USE_CDN: "maybe" }, "SANITY_USE_CDN"],
    [{ CONTENT_CACHE_TTL_SECONDS: "-1" }, "CONTENT_CACHE_TTL_SECONDS"],
  ])("names the bad variable in %j", (source, name) => {
    const problems = problemsOf(source);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name}: `));
  });

  it("lists every bad variable at once, one per line", () => {
    try {
      parseEnv({ PORT: "x", DATABASE_URL: "nope" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      const message = (error as Error).message;
      expect(message).toMatch(/^\s+- PORT: /m);
      expect(message).toMatch(/^\s+- DATABASE_URL: /m);
    }
  });

  describe("in production", () => {
    it("accepts a complete configuration", () => {
      const env = parseEnv(PRODUCTION_OK);
      expect(env.isProduction).toBe(true);
    });

    it("requires the public URL and the session secret", () => {
      const problems = problemsOf({ NODE_ENV: "production" });
      expect(problems.some((p) => p.startsWith("PUBLIC_BASE_URL:"))).toBe(true);
      expect(problems.some((p) => p.startsWith("SESSION_SECRET:"))).toBe(true);
    });

    it("refuses a plain-http public URL and a weak or default session secret", () => {
      expect(problemsOf({ ...PRODUCTION_OK, PUBLIC_BASE_URL: "http://x.example" })[0]).toMatch(/^PUBLIC_BASE_URL: .*https/);
      expect(problemsOf({ ...PRODUCTION_OK, SESSION_SECRET: "short" })[0]).toMatch(/^SESSION_SECRET: /);
      expect(problemsOf({ ...PRODUCTION_OK, SESSION_SECRET: "dev-only-session-secret-not-for-production-use" })[0]).toMatch(
        /^SESSION_SECRET: /,
      );
    });

    it("requires the Sanity webhook secret when Sanity is on", () => {
      expect(problemsOf({ ...PRODUCTION_OK, SANITY_PROJECT_ID: "abc123" })[0]).toMatch(/^SANITY_WEBHOOK_SECRET: /);
      expect(problemsOf({ ...PRODUCTION_OK, SANITY_PROJECT_ID: "abc123", SANITY_WEBHOOK_SECRET: "s".repeat(32) })).toEqual([]);
    });
  });
});

describe("messaging configuration", () => {
  const TWILIO = {
    TWILIO_ACCOUNT_SID: `AC${"a".repeat(32)}`,
    TWILIO_AUTH_TOKEN: "token",
    TWILIO_SENDERS: "KG=+996312000000,default=+447700900000",
  };

  it("uses the local transport with development keys by default", () => {
    const env = parseEnv({});
    expect(env.messagingTransport).toBe("local");
    expect(env.messagingEnabled).toBe(true);
    expect(env.PHONE_ENCRYPTION_KEYS).toMatch(/^dev:/);
    expect(env.OUTBOX_RATE_PER_SENDER).toBe(1);
    expect(env.OUTBOX_SEND_CONCURRENCY).toBe(8);
    expect(problemsOf({ OUTBOX_SEND_CONCURRENCY: "0" }).map((p) => p.split(":")[0])).toEqual(["OUTBOX_SEND_CONCURRENCY"]);
  });

  it("switches to Twilio when the account is configured", () => {
    expect(parseEnv(TWILIO).messagingTransport).toBe("twilio");
  });

  it("turns messaging off in production without Twilio (no local transport in production)", () => {
    expect(parseEnv(PRODUCTION_OK).messagingEnabled).toBe(false);
  });

  it.each([
    [{ ...TWILIO, TWILIO_ACCOUNT_SID: "AC123" }, "TWILIO_ACCOUNT_SID"],
    [{ ...TWILIO, TWILIO_AUTH_TOKEN: "" }, "TWILIO_AUTH_TOKEN"],
    [{ ...TWILIO, TWILIO_SENDERS: "" }, "TWILIO_SENDERS"],
    [{ ...TWILIO, TWILIO_SENDERS: "KG=996312000000" }, "TWILIO_SENDERS"],
    [{ ...TWILIO, TWILIO_MESSAGING_SERVICE_SID: "MGxyz" }, "TWILIO_MESSAGING_SERVICE_SID"],
  ])("names the bad Twilio variable in %j", (source, name) => {
    const problems = problemsOf(source);
    expect(problems.map((p) => p.split(":")[0])).toEqual([name]);
  });

  it("TWILIO_API_BASE_URL points Twilio calls at a fake outside production, and production refuses it", () => {
    expect(parseEnv({ ...TWILIO, TWILIO_API_BASE_URL: "http://127.0.0.1:4010" }).TWILIO_API_BASE_URL).toBe("http://127.0.0.1:4010");
    expect(problemsOf({ ...TWILIO, TWILIO_API_BASE_URL: "ftp://127.0.0.1" }).map((p) => p.split(":")[0])).toEqual(["TWILIO_API_BASE_URL"]);
    const production = {
      ...PRODUCTION_OK,
      ...TWILIO,
      PHONE_ENCRYPTION_KEYS: "prod:cHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHA=",
      PHONE_INDEX_KEY: "cXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXE=",
    };
    expect(problemsOf(production)).toEqual([]);
    expect(problemsOf({ ...production, TWILIO_API_BASE_URL: "https://twilio-proxy.example.org" })).toEqual([
      "TWILIO_API_BASE_URL: must not be set when NODE_ENV=production (tests only)",
    ]);
  });

  it("requires real phone keys in production when Twilio is on", () => {
    const problems = problemsOf({ ...PRODUCTION_OK, ...TWILIO });
    expect(problems.map((p) => p.split(":")[0]).sort()).toEqual(["PHONE_ENCRYPTION_KEYS", "PHONE_INDEX_KEY"]);
    const devKeys = parseEnv({});
    const withDevKeys = problemsOf({
      ...PRODUCTION_OK,
      ...TWILIO,
      PHONE_ENCRYPTION_KEYS: devKeys.PHONE_ENCRYPTION_KEYS,
      PHONE_INDEX_KEY: devKeys.PHONE_INDEX_KEY,
    });
    expect(withDevKeys.every((p) => /development key/.test(p))).toBe(true);
    expect(withDevKeys).toHaveLength(2);
  });
});

describe("phone keys", () => {
  it.each([
    [{ PHONE_ENCRYPTION_KEYS: "k1:c2hvcnQ=" }, "PHONE_ENCRYPTION_KEYS"],
    [{ PHONE_ENCRYPTION_KEYS: "no-id-here" }, "PHONE_ENCRYPTION_KEYS"],
    [{ PHONE_INDEX_KEY: "c2hvcnQ=" }, "PHONE_INDEX_KEY"],
  ])("names a malformed key in %j", (source, name) => {
    expect(problemsOf(source).map((p) => p.split(":")[0])).toEqual([name]);
  });
});
