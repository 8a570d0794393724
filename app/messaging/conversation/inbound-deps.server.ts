/**
 * The dependencies of `handleInbound` from what the process built once (app/bootstrap.server.ts),
 * for the Twilio webhook and the dev phone. Of the transport only `senderFor` is needed here: the
 * reply's sender is recorded on the outbox row.
 */
import type { PhoneKeyring } from "~/audience/phone-crypto.server";
import type { ContentSource } from "~/content/content-source";
import type { Database } from "~/db/client.server";
import type { Logger } from "~/lib/logger.server";
import type { Transport } from "~/messaging/transport";
import type { InboundDeps } from "../inbound.server";

/** What a caller of `handleInbound` hands over (the load context has all of it). */
export interface InboundServices {
  db: Database;
  content: ContentSource;
  env: InboundDeps["env"];
  logger: Logger;
  keyring: PhoneKeyring;
  transport: Pick<Transport, "senderFor">;
}

export function inboundDeps(services: InboundServices): InboundDeps {
  return {
    db: services.db,
    content: services.content,
    env: services.env,
    logger: services.logger,
    keyring: services.keyring,
    senderFor: services.transport.senderFor,
  };
}
