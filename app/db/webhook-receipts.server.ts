/**
 * Idempotency for webhooks: providers retry, and an attacker may replay a captured delivery.
 * The first receipt of a (provider, delivery id) wins; every later one is recognised.
 */
import { lt } from "drizzle-orm";
import type { Database } from "./client.server";
import { webhookReceipts } from "./schema";

export type WebhookProvider = "sanity" | "twilio-inbound" | "twilio-status";

/** Records a delivery; true the first time, false when it was seen before. */
export async function recordWebhookReceipt(db: Database, receipt: { provider: WebhookProvider; id: string }): Promise<boolean> {
  const inserted = await db
    .insert(webhookReceipts)
    .values({ provider: receipt.provider, deliveryId: receipt.id })
    .onConflictDoNothing()
    .returning({ deliveryId: webhookReceipts.deliveryId });
  return inserted.length === 1;
}

/** Deletes receipts older than `before`; returns how many. */
export async function purgeWebhookReceipts(db: Database, before: Date): Promise<number> {
  const deleted = await db
    .delete(webhookReceipts)
    .where(lt(webhookReceipts.receivedAt, before))
    .returning({ deliveryId: webhookReceipts.deliveryId });
  return deleted.length;
}
