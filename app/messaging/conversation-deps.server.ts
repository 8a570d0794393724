/**
 * The dependencies of `handleInbound` from the app's load context, for the Twilio webhook and
 * the dev phone. The transport (only its `senderFor` is needed here: the reply's sender is
 * recorded on the outbox row) is created once per database handle, not per request.
 */
import { phoneKeyringFromEnv } from "~/audience/phone-keyring.server";
import type { AppContext } from "~/context.server";
import type { Transport } from "~/messaging/transport";
import { createTransport } from "~/messaging/transports/transports.server";
import type { InboundDeps } from "./inbound.server";

const transports = new WeakMap<AppContext["db"], Transport>();

export function inboundDepsFromContext(context: Pick<AppContext, "db" | "content" | "env" | "logger">): InboundDeps {
  const keyring = phoneKeyringFromEnv(context.env);
  let transport = transports.get(context.db);
  if (!transport) {
    transport = createTransport(context.env, { db: context.db, keyring, logger: context.logger });
    transports.set(context.db, transport);
  }
  return {
    db: context.db,
    content: context.content,
    env: context.env,
    logger: context.logger,
    keyring,
    senderFor: transport.senderFor,
  };
}
