/**
 * Configuration: the only reader of `process.env`. Parsed once at every process entry (web, jobs,
 * scripts, tests); a bad or missing variable stops start-up with a message naming it.
 */
import { z } from "zod";
import { parsePhoneKeyring } from "~/audience/phone-crypto.server";

const DEV_SESSION_SECRET = "dev-only-session-secret-not-for-production-use";
const DEV_SANITY_WEBHOOK_SECRET = "dev-only-sanity-webhook-secret";
// Fixed development keys, so a local ./data stays readable across restarts. Refused in production.
const DEV_PHONE_ENCRYPTION_KEYS = "dev:ZGV2LW9ubHktcGhvbmUtZW5jcnlwdGlvbi1rZXktMzI=";
const DEV_PHONE_INDEX_KEY = "ZGV2LW9ubHktcGhvbmUtYmxpbmQtaW5kZXgta2V5MzI=";

const booleanFlag = z.enum(["true", "false", "1", "0", "on", "off", "yes", "no"]).transform((v) => ["true", "1", "on", "yes"].includes(v));

const emptyToUndefined = (value: unknown) => (value === "" ? undefined : value);
const optionalString = z.preprocess(emptyToUndefined, z.string().min(1).optional());

/** Every variable the system reads, with its validation and default. */
const envVariables = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  PUBLIC_BASE_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional()),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  TRUST_PROXY: z.preprocess(emptyToUndefined, booleanFlag.default(false)),

  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// or postgresql:// URL" }).optional(),
  ),
  PGLITE_DATA_DIR: z.string().min(1).default("./data"),

  /** Signs the staff session cookie and keys the sign-in rate limits' hashes and the TOTP secrets' encryption. */
  SESSION_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, "must be at least 32 random characters").optional()),
  /** Approvers and admins must enrol a second factor (TOTP) before any other staff page. */
  STAFF_REQUIRE_2FA: z.preprocess(emptyToUndefined, booleanFlag.default(false)),

  CONTENT_DATASET_DIR: z.string().min(1).default("./campaigns"),
  CONTENT_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  SANITY_PROJECT_ID: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[a-z0-9-]+$/, "must be a Sanity project id (lower-case letters and digits)")
      .optional(),
  ),
  SANITY_DATASET: z
    .string()
    .regex(/^[a-z0-9_-]+$/, "must be a Sanity dataset name")
    .default("production"),
  SANITY_API_VERSION: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date like 2025-02-19")
    .default("2025-02-19"),
  SANITY_USE_CDN: z.preprocess(emptyToUndefined, booleanFlag.default(true)),
  SANITY_READ_TOKEN: optionalString,
  SANITY_WEBHOOK_SECRET: optionalString,

  TWILIO_ACCOUNT_SID: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/, "must be AC followed by 32 hex characters")
      .optional(),
  ),
  TWILIO_AUTH_TOKEN: optionalString,
  TWILIO_MESSAGING_SERVICE_SID: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^MG[0-9a-fA-F]{32}$/, "must be MG followed by 32 hex characters")
      .optional(),
  ),
  TWILIO_SENDERS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(
        /^([A-Z]{2}|default)=\+[1-9]\d{6,14}(,([A-Z]{2}|default)=\+[1-9]\d{6,14})*$/,
        "must look like KG=+996312000000,AF=+93700000000,default=+4420000000",
      )
      .optional(),
  ),
  TWILIO_WHATSAPP_SENDER: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, "must be an E.164 number")
      .optional(),
  ),
  /**
   * Tests and local fakes only: where Twilio API calls go instead of https://api.twilio.com
   * (the fault suite's worker processes talk to tests/fixtures/fake-twilio-server.ts). Refused
   * in production: message bodies and phone numbers must never be sent anywhere else.
   */
  TWILIO_API_BASE_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional()),
  PHONE_ENCRYPTION_KEYS: optionalString,
  PHONE_INDEX_KEY: optionalString,
  OUTBOX_RATE_PER_SENDER: z.coerce.number().min(0).default(1),
  OUTBOX_DISPATCH_INTERVAL_MS: z.coerce.number().int().min(50).default(1_000),
  OUTBOX_LEASE_SECONDS: z.coerce.number().int().min(5).default(60),
  OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(1_000).default(50),
  OUTBOX_SEND_CONCURRENCY: z.coerce.number().int().min(1).max(128).default(8),
  /**
   * Subscribers per expansion statement (app/broadcasts/expand.server.ts): larger amortizes
   * better, smaller holds the run's lock (and on PGlite the one connection) for less time.
   */
  BROADCAST_EXPANSION_BATCH_SIZE: z.coerce.number().int().min(100).max(1_000_000).default(50_000),

  /** Scheduled jobs in this process (jobs/scheduler.ts); off in extra web processes on PostgreSQL. */
  JOBS: z.preprocess(emptyToUndefined, booleanFlag.default(true)),
  RETENTION_DAYS_INBOUND: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(3_650).default(30)),
  RETENTION_DAYS_OUTBOX: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(3_650).default(30)),
  HOTLINE_STALE_DAYS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(3_650).default(180)),
  /**
   * Four-eyes approval (docs/decisions/024-four-eyes-approval.md): a broadcast whose audience is at
   * most this many people (a test to the team) may be approved by the person who prepared it; its
   * runs are then capped at this size. Larger ones, and every sequence, need a second person.
   */
  BROADCAST_SELF_APPROVAL_MAX_RECIPIENTS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(10_000).default(50)),
  /** A JSON price table replacing the example one (app/broadcasts/price-table.ts) in cost estimates. */
  PRICE_TABLE_FILE: optionalString,

  /** Raw reach events are deleted after this many days; the hourly and daily rollups stay. */
  ANALYTICS_RETENTION_DAYS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(3_650).default(90)),
  /**
   * The offline IP → country database (.mmdb) read in memory for visitors' countries. Default:
   * the one the @ip-location-db/geo-whois-asn-country-mmdb package ships (frozen at its
   * version); point this at a newer download to refresh it (docs/analytics.md).
   */
  GEOIP_DATABASE_PATH: optionalString,
  /** PostHog project key: when set, reach events are also sent to PostHog, anonymously. */
  POSTHOG_API_KEY: optionalString,
  POSTHOG_HOST: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).default("https://eu.i.posthog.com")),
});

/** The names of every variable read (README's configuration table lists exactly these: a test checks it). */
export const ENV_VARIABLE_NAMES: readonly string[] = Object.freeze(Object.keys(envVariables.shape));

const envSchema = envVariables
  .superRefine((env, ctx) => {
    if (env.TWILIO_ACCOUNT_SID) {
      if (!env.TWILIO_AUTH_TOKEN)
        ctx.addIssue({ code: "custom", path: ["TWILIO_AUTH_TOKEN"], message: "is required when TWILIO_ACCOUNT_SID is set" });
      if (!env.TWILIO_MESSAGING_SERVICE_SID && !env.TWILIO_SENDERS)
        ctx.addIssue({
          code: "custom",
          path: ["TWILIO_SENDERS"],
          message: "set TWILIO_MESSAGING_SERVICE_SID or TWILIO_SENDERS when TWILIO_ACCOUNT_SID is set",
        });
    }
    try {
      parsePhoneKeyring(env.PHONE_ENCRYPTION_KEYS ?? DEV_PHONE_ENCRYPTION_KEYS, DEV_PHONE_INDEX_KEY);
    } catch (error) {
      ctx.addIssue({ code: "custom", path: ["PHONE_ENCRYPTION_KEYS"], message: (error as Error).message });
    }
    try {
      parsePhoneKeyring(DEV_PHONE_ENCRYPTION_KEYS, env.PHONE_INDEX_KEY ?? DEV_PHONE_INDEX_KEY);
    } catch (error) {
      ctx.addIssue({ code: "custom", path: ["PHONE_INDEX_KEY"], message: (error as Error).message });
    }
    if (env.NODE_ENV !== "production") return;
    if (env.TWILIO_API_BASE_URL)
      ctx.addIssue({ code: "custom", path: ["TWILIO_API_BASE_URL"], message: "must not be set when NODE_ENV=production (tests only)" });
    const require = (name: keyof typeof env, why: string) =>
      ctx.addIssue({ code: "custom", path: [name], message: `is required when NODE_ENV=production (${why})` });
    if (!env.PUBLIC_BASE_URL) require("PUBLIC_BASE_URL", "canonical links and webhook signatures use it");
    else if (!env.PUBLIC_BASE_URL.startsWith("https://"))
      ctx.addIssue({ code: "custom", path: ["PUBLIC_BASE_URL"], message: "must use https:// in production" });
    if (!env.SESSION_SECRET) require("SESSION_SECRET", "signs staff and volunteer sessions");
    else if (env.SESSION_SECRET === DEV_SESSION_SECRET)
      ctx.addIssue({
        code: "custom",
        path: ["SESSION_SECRET"],
        message: "must be at least 32 random characters, not the development default",
      });
    if (env.SANITY_PROJECT_ID) {
      if (!env.SANITY_WEBHOOK_SECRET) require("SANITY_WEBHOOK_SECRET", "the Sanity webhook is verified with it");
      else if (env.SANITY_WEBHOOK_SECRET.length < 16 || env.SANITY_WEBHOOK_SECRET === DEV_SANITY_WEBHOOK_SECRET)
        ctx.addIssue({
          code: "custom",
          path: ["SANITY_WEBHOOK_SECRET"],
          message: "must be at least 16 random characters, not the development default",
        });
    }
    if (env.TWILIO_ACCOUNT_SID) {
      if (!env.PHONE_ENCRYPTION_KEYS) require("PHONE_ENCRYPTION_KEYS", "phone numbers are encrypted at rest");
      else if (env.PHONE_ENCRYPTION_KEYS === DEV_PHONE_ENCRYPTION_KEYS)
        ctx.addIssue({ code: "custom", path: ["PHONE_ENCRYPTION_KEYS"], message: "must not be the development key" });
      if (!env.PHONE_INDEX_KEY) require("PHONE_INDEX_KEY", "phone numbers are looked up by a keyed hash");
      else if (env.PHONE_INDEX_KEY === DEV_PHONE_INDEX_KEY)
        ctx.addIssue({ code: "custom", path: ["PHONE_INDEX_KEY"], message: "must not be the development key" });
    }
  })
  .transform((env) => ({
    ...env,
    PUBLIC_BASE_URL: (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ""),
    SESSION_SECRET: env.SESSION_SECRET ?? DEV_SESSION_SECRET,
    SANITY_WEBHOOK_SECRET: env.SANITY_WEBHOOK_SECRET ?? DEV_SANITY_WEBHOOK_SECRET,
    isProduction: env.NODE_ENV === "production",
    contentBackend: env.SANITY_PROJECT_ID ? ("sanity" as const) : ("local" as const),
    databaseKind: env.DATABASE_URL ? ("postgres" as const) : ("pglite" as const),
    PHONE_ENCRYPTION_KEYS: env.PHONE_ENCRYPTION_KEYS ?? DEV_PHONE_ENCRYPTION_KEYS,
    PHONE_INDEX_KEY: env.PHONE_INDEX_KEY ?? DEV_PHONE_INDEX_KEY,
    messagingTransport: env.TWILIO_ACCOUNT_SID ? ("twilio" as const) : ("local" as const),
    /** Messaging runs with Twilio, or with the local transport outside production. */
    messagingEnabled: Boolean(env.TWILIO_ACCOUNT_SID) || env.NODE_ENV !== "production",
  }));

export type Env = z.infer<typeof envSchema>;

/** Thrown by `parseEnv`; `message` names every bad variable, one per line. */
export class EnvError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parses a set of variables (tests pass their own); throws `EnvError` naming each bad one. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".") || "(environment)";
    return `${name}: ${issue.message}`;
  });
  throw new EnvError(problems);
}

let cached: Env | undefined;

/** The process's configuration, parsed from `process.env` on first use. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/**
 * For process entries: parse, or print the problems and exit before anything listens.
 */
export function loadEnvOrExit(): Env {
  try {
    return getEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      process.stderr.write(`${error.message}\nSee README.md, "Configuration".\n`);
      process.exit(1);
    }
    throw error;
  }
}
