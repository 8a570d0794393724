/**
 * What the database must say after inbound traffic, whatever happened during it (a burst, a
 * database restart): every number has one reply per message it sent, each number that sent STOP
 * has its confirmation exactly once and is opted out, and no other number is.
 */
import { count, eq } from "drizzle-orm";
import { phoneBlindIndex } from "~/audience/phone-crypto.server";
import { outboxMessages, subscribers } from "~/db/schema";
import type { InboundServer } from "../integration/twilio-inbound-harness";

export interface InboundOutcomeCheck {
  /** One line per number whose replies or STOP confirmation are wrong (no number in it). */
  wrong: string[];
  /** Blind indexes of the numbers opted out, and of those that sent STOP: must be equal. */
  optedOut: Set<string>;
  stopped: Set<string>;
}

/** `sent`: each number's message bodies, every distinct message once. */
export async function checkRepliesAndStops(
  server: InboundServer,
  sent: ReadonlyMap<string, readonly string[]>,
): Promise<InboundOutcomeCheck> {
  const replies = await server.db
    .select({ recipient: outboxMessages.recipientIndex, exempt: outboxMessages.optOutExempt, n: count() })
    .from(outboxMessages)
    .groupBy(outboxMessages.recipientIndex, outboxMessages.optOutExempt);
  const repliesOf = new Map<string, number>();
  const confirmationsOf = new Map<string, number>();
  for (const row of replies) {
    repliesOf.set(row.recipient, (repliesOf.get(row.recipient) ?? 0) + row.n);
    if (row.exempt === "stop-confirmation") confirmationsOf.set(row.recipient, row.n);
  }
  const wrong: string[] = [];
  const stopped = new Set<string>();
  for (const [from, bodies] of sent) {
    const index = phoneBlindIndex(server.keyring, from);
    if ((repliesOf.get(index) ?? 0) !== bodies.length) wrong.push(`${bodies.length} messages, ${repliesOf.get(index) ?? 0} replies`);
    if (bodies.includes("STOP")) {
      stopped.add(index);
      if (confirmationsOf.get(index) !== 1) wrong.push(`STOP confirmed ${confirmationsOf.get(index) ?? 0} times`);
    }
  }
  const optedOut = await server.db.select({ index: subscribers.phoneIndex }).from(subscribers).where(eq(subscribers.status, "opted_out"));
  return { wrong, optedOut: new Set(optedOut.map((row) => row.index)), stopped };
}
