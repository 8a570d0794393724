/**
 * Configuration: the only reader of `process.env`. Parsed once at every process entry (web, jobs,
 * scripts, tests); a bad or missing variable stops start-up with a message naming it.
 */
import { z } from "zod";
import { parsePhoneKeyring } from "~/audience/phone-crypto.server";

const DEV_SESSION_SECRET = "dev-only-session-secret-not-for-production-use";
/** The staff pages' password outside production (README); refused in production. */
export const DEV_STAFF_PASSWORD = "staff-dev-password";
const DEV_SANITY_WEBHOOK_SECRET = "dev-only-sanity-webhook-secret";
// Fixed development keys, so a local ./data stays readable across restarts. Refused in production.
const DEV_PHONE_ENCRYPTION_KEYS = "dev:ZGV2LW9ubHktcGhvbmUtZW5jcnlwdGlvbi1rZXktMzI=";
const DEV_PHONE_INDEX_KEY = "ZGV2LW9ubHktcGhvbmUtYmxpbmQtaW5kZXgta2V5MzI=";

const booleanFlag = z
  .enum(["true", "false", "1", "0", "on", "off", "yes", "no"])
  .transform((v) => ["true", "1", "on", "yes"].includes(v));

const emptyToUndefined = (value: unknown) => (value === "" ? undefined : value);
const optionalString = z.preprocess(emptyToUndefined, z.string().min(1).optional());

const envSchema = z
  .object({
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

    SESSION_SECRET: optionalString,

    CONTENT_DATASET_DIR: z.string().min(1).default("./campaigns"),
    CONTENT_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
    SANITY_PROJECT_ID: z.preprocess(
      emptyToUndefined,
      z.string().regex(/^[a-z0-9-]+$/, "must be a Sanity project id (lower-case letters and digits)").optional(),
    ),
    SANITY_DATASET: z.string().regex(/^[a-z0-9_-]+$/, "must be a Sanity dataset name").default("production"),
    SANITY_API_VERSION: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date like 2025-02-19").default("2025-02-19"),
    SANITY_USE_CDN: z.preprocess(emptyToUndefined, booleanFlag.default(true)),
    SANITY_READ_TOKEN: optionalString,
    SANITY_WEBHOOK_SECRET: optionalString,

    TWILIO_ACCOUNT_SID: z.preprocess(
      emptyToUndefined,
      z.string().regex(/^AC[0-9a-fA-F]{32}$/, "must be AC followed by 32 hex characters").optional(),
    ),
    TWILIO_AUTH_TOKEN: optionalString,
    TWILIO_MESSAGING_SERVICE_SID: z.preprocess(
      emptyToUndefined,
      z.string().regex(/^MG[0-9a-fA-F]{32}$/, "must be MG followed by 32 hex characters").optional(),
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
    TWILIO_WHATSAPP_SENDER: z.preprocess(emptyToUndefined, z.string().regex(/^\+[1-9]\d{6,14}$/, "must be an E.164 number").optional()),
    PHONE_ENCRYPTION_KEYS: optionalString,
    PHONE_INDEX_KEY: optionalString,
    OUTBOX_RATE_PER_SENDER: z.coerce.number().min(0).default(1),
    OUTBOX_DISPATCH_INTERVAL_MS: z.coerce.number().int().min(50).default(1_000),
    OUTBOX_LEASE_SECONDS: z.coerce.number().int().min(5).default(60),
    OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(1_000).default(50),

    /** Scheduled jobs in this process (jobs/scheduler.ts); off in extra web processes on PostgreSQL. */
    JOBS: z.preprocess(emptyToUndefined, booleanFlag.default(true)),
    RETENTION_DAYS_INBOUND: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(3_650).default(30)),
    RETENTION_DAYS_OUTBOX: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(3_650).default(30)),
    HOTLINE_STALE_DAYS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(3_650).default(180)),
    /** A JSON price table replacing the example one (app/broadcasts/price-table.ts) in cost estimates. */
    PRICE_TABLE_FILE: optionalString,
    /**
     * Password of the staff pages (/staff/broadcasts, HTTP Basic). Unset in production: the pages
     * do not exist (404). Outside production a development password applies.
     */
    STAFF_PASSWORD: optionalString,
  })
  .superRefine((env, ctx) => {
    if (env.TWILIO_ACCOUNT_SID) {
      if (!env.TWILIO_AUTH_TOKEN)
        ctx.addIssue({ code: "custom", path: ["TWILIO_AUTH_TOKEN"], message: "is required when TWILIO_ACCOUNT_SID is set" });
      if (!env.TWILIO_MESSAGING_SERVICE_SID && !env.TWILIO_SENDERS)
        ctx.addIssue({ code: "custom", path: ["TWILIO_SENDERS"], message: "set TWILIO_MESSAGING_SERVICE_SID or TWILIO_SENDERS when TWILIO_ACCOUNT_SID is set" });
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
    if (env.STAFF_PASSWORD !== undefined && (env.STAFF_PASSWORD.length < 16 || env.STAFF_PASSWORD === DEV_STAFF_PASSWORD))
      ctx.addIssue({ code: "custom", path: ["STAFF_PASSWORD"], message: "must be at least 16 random characters, not the development default" });
    if (env.NODE_ENV !== "production") return;
    const require = (name: keyof typeof env, why: string) =>
      ctx.addIssue({ code: "custom", path: [name], message: `is required when NODE_ENV=production (${why})` });
    if (!env.PUBLIC_BASE_URL) require("PUBLIC_BASE_URL", "canonical links and webhook signatures use it");
    else if (!env.PUBLIC_BASE_URL.startsWith("https://"))
      ctx.addIssue({ code: "custom", path: ["PUBLIC_BASE_URL"], message: "must use https:// in production" });
    if (!env.SESSION_SECRET) require("SESSION_SECRET", "signs staff and volunteer sessions");
    else if (env.SESSION_SECRET.length < 32 || env.SESSION_SECRET === DEV_SESSION_SECRET)
      ctx.addIssue({ code: "custom", path: ["SESSION_SECRET"], message: "must be at least 32 random characters, not the development default" });
    if (env.SANITY_PROJECT_ID) {
      if (!env.SANITY_WEBHOOK_SECRET) require("SANITY_WEBHOOK_SECRET", "the Sanity webhook is verified with it");
      else if (env.SANITY_WEBHOOK_SECRET.length < 16 || env.SANITY_WEBHOOK_SECRET === DEV_SANITY_WEBHOOK_SECRET)
        ctx.addIssue({ code: "custom", path: ["SANITY_WEBHOOK_SECRET"], message: "must be at least 16 random characters, not the development default" });
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
    STAFF_PASSWORD: env.STAFF_PASSWORD ?? (env.NODE_ENV === "production" ? undefined : DEV_STAFF_PASSWORD),
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
