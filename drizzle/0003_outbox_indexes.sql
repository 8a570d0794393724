-- Purged rows had one shared marker as recipient_index; under a hash index every value must stay (nearly) distinct.
UPDATE "outbox_messages" SET "recipient_index" = 'purged:' || "id" WHERE "recipient_index" = 'purged';--> statement-breakpoint
DROP INDEX "outbox_recipient_idx";--> statement-breakpoint
DROP INDEX "outbox_provider_id_uq";--> statement-breakpoint
CREATE INDEX "outbox_recipient_hash_idx" ON "outbox_messages" USING hash ("recipient_index");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_provider_id_uq" ON "outbox_messages" USING btree ("provider_message_id") WHERE provider_message_id is not null;
