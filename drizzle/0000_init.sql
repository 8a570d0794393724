CREATE TABLE "webhook_receipts" (
	"provider" text NOT NULL,
	"delivery_id" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_receipts_provider_delivery_id_pk" PRIMARY KEY("provider","delivery_id")
);
--> statement-breakpoint
CREATE INDEX "webhook_receipts_received_at_idx" ON "webhook_receipts" USING btree ("received_at");