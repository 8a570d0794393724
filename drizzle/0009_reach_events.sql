CREATE TABLE "reach_cursors" (
	"name" text PRIMARY KEY NOT NULL,
	"last_tx" bigint DEFAULT 0 NOT NULL,
	"last_event_id" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reach_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tx" bigint DEFAULT (pg_current_xact_id()::text)::bigint NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"campaign" text DEFAULT '' NOT NULL,
	"country" text DEFAULT '' NOT NULL,
	"region" text DEFAULT '' NOT NULL,
	"locale" text DEFAULT '' NOT NULL,
	"channel" text NOT NULL,
	"event" text NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"page" text DEFAULT '' NOT NULL,
	"hotline_id" text DEFAULT '' NOT NULL,
	"visitor_hash" text,
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reach_visitor_salts" (
	"day" date PRIMARY KEY NOT NULL,
	"salt" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reach_visitors_seen" (
	"day" date NOT NULL,
	"key" bigint NOT NULL,
	CONSTRAINT "reach_visitors_seen_day_key_pk" PRIMARY KEY("day","key")
);
--> statement-breakpoint
CREATE INDEX "reach_events_occurred_at_idx" ON "reach_events" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "reach_events_tx_id_idx" ON "reach_events" USING btree ("tx","id");