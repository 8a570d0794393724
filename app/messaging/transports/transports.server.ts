/**
 * The transports, in an explicit map (no registration by import side effect): the configuration
 * picks one by `env.messagingTransport`, "twilio" when TWILIO_ACCOUNT_SID is set, else "local".
 */
import type { PhoneKeyring } from "~/audience/phone-crypto.server";
import type { Database } from "~/db/client.server";
import type { Env } from "~/env.server";
import type { Logger } from "~/lib/logger.server";
import type { Transport } from "~/messaging/transport";
import { createLocalTransport } from "./local-transport.server";
import { createTwilioTransport, parseSenders } from "./twilio-transport.server";

export interface TransportDeps {
  db: Database;
  keyring: PhoneKeyring;
  logger: Logger;
  /**
   * In-process tests and benchmarks only: send Twilio API calls to a local fake at this origin
   * (child processes get TWILIO_API_BASE_URL instead, which production refuses).
   */
  twilioApiOrigin?: string;
}

type TransportEnv = Pick<
  Env,
  | "messagingTransport"
  | "TWILIO_ACCOUNT_SID"
  | "TWILIO_AUTH_TOKEN"
  | "TWILIO_MESSAGING_SERVICE_SID"
  | "TWILIO_SENDERS"
  | "TWILIO_WHATSAPP_SENDER"
  | "TWILIO_API_BASE_URL"
  | "PUBLIC_BASE_URL"
  | "OUTBOX_LEASE_SECONDS"
>;

/** Twilio calls time out at half the lease (at most 30 s), so a send always ends inside its lease. */
export function sendTimeoutMs(leaseSeconds: number): number {
  return Math.min(30_000, Math.floor((leaseSeconds * 1000) / 2));
}

const TRANSPORTS = {
  twilio: (env: TransportEnv, deps: TransportDeps): Transport => {
    if (!env.TWILIO_ACCOUNT_SID || !env.TWILIO_AUTH_TOKEN) {
      throw new Error("the twilio transport needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN");
    }
    if (!deps.twilioApiOrigin && env.TWILIO_API_BASE_URL) {
      deps.logger.warn({ origin: env.TWILIO_API_BASE_URL }, "twilio: API calls go to TWILIO_API_BASE_URL, not api.twilio.com (tests only)");
    }
    return createTwilioTransport({
      accountSid: env.TWILIO_ACCOUNT_SID,
      authToken: env.TWILIO_AUTH_TOKEN,
      messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID,
      senders: parseSenders(env.TWILIO_SENDERS),
      whatsappSender: env.TWILIO_WHATSAPP_SENDER,
      publicBaseUrl: env.PUBLIC_BASE_URL,
      timeoutMs: sendTimeoutMs(env.OUTBOX_LEASE_SECONDS),
      logger: deps.logger,
      apiOrigin: deps.twilioApiOrigin ?? env.TWILIO_API_BASE_URL,
    });
  },
  local: (_env: TransportEnv, deps: TransportDeps): Transport => createLocalTransport({ db: deps.db, keyring: deps.keyring }),
} as const satisfies Record<Env["messagingTransport"], (env: TransportEnv, deps: TransportDeps) => Transport>;

export function createTransport(env: TransportEnv, deps: TransportDeps): Transport {
  return TRANSPORTS[env.messagingTransport](env, deps);
}
