CREATE TABLE "dev_phone_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"phone_ciphertext" text NOT NULL,
	"phone_index" text NOT NULL,
	"direction" text NOT NULL,
	"channel" text NOT NULL,
	"body" text NOT NULL,
	"provider_message_id" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbound_messages" (
	"message_sid" text PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"phone_index" text NOT NULL,
	"intent" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opt_out_tombstones" (
	"phone_index" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"subscriber_id" bigint,
	"recipient_ciphertext" text NOT NULL,
	"recipient_index" text NOT NULL,
	"channel" text NOT NULL,
	"sender" text,
	"body" text,
	"content_sid" text,
	"content_variables" jsonb,
	"kind" text NOT NULL,
	"opt_out_exempt" text,
	"priority" smallint DEFAULT 10 NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_expires_at" timestamp with time zone,
	"leased_by" text,
	"provider_message_id" text,
	"error_code" text,
	"segments" smallint DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subscribers" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"phone_ciphertext" text NOT NULL,
	"phone_index" text NOT NULL,
	"channel" text NOT NULL,
	"locale" text,
	"country" text,
	"region_code" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"consent_at" timestamp with time zone,
	"consent_source" text,
	"opted_out_at" timestamp with time zone,
	"last_inbound_at" timestamp with time zone,
	"conversation" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "dev_phone_messages_phone_idx" ON "dev_phone_messages" USING btree ("phone_index","id");--> statement-breakpoint
CREATE UNIQUE INDEX "dev_phone_messages_provider_id_uq" ON "dev_phone_messages" USING btree ("provider_message_id");--> statement-breakpoint
CREATE INDEX "inbound_messages_phone_time_idx" ON "inbound_messages" USING btree ("phone_index","received_at");--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox_messages" USING btree ("priority","next_attempt_at") WHERE status = 'queued';--> statement-breakpoint
CREATE INDEX "outbox_lease_idx" ON "outbox_messages" USING btree ("lease_expires_at") WHERE status = 'sending';--> statement-breakpoint
CREATE INDEX "outbox_recipient_idx" ON "outbox_messages" USING btree ("recipient_index","status");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_provider_id_uq" ON "outbox_messages" USING btree ("provider_message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "subscribers_phone_index_uq" ON "subscribers" USING btree ("phone_index");--> statement-breakpoint
CREATE INDEX "subscribers_audience_idx" ON "subscribers" USING btree ("status","country","region_code","locale");