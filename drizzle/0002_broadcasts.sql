CREATE TABLE "broadcast_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"document_id" text NOT NULL,
	"occurrence" text NOT NULL,
	"title" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"paused_by" text,
	"spec" jsonb NOT NULL,
	"cursor" bigint DEFAULT 0 NOT NULL,
	"last_subscriber_id" bigint DEFAULT 0 NOT NULL,
	"recipients" integer DEFAULT 0 NOT NULL,
	"expanded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "broadcast_run_id" bigint;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "window_closes_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "window_seconds" integer;--> statement-breakpoint
ALTER TABLE "subscribers" ADD COLUMN "campaign" text;--> statement-breakpoint
CREATE UNIQUE INDEX "broadcast_runs_occurrence_uq" ON "broadcast_runs" USING btree ("source","document_id","occurrence");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_run_subscriber_uq" ON "outbox_messages" USING btree ("broadcast_run_id","subscriber_id") WHERE broadcast_run_id is not null;--> statement-breakpoint
CREATE INDEX "subscribers_campaign_consent_idx" ON "subscribers" USING btree ("campaign","consent_at") WHERE status = 'active';