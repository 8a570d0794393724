CREATE TABLE "volunteer_subscription_counts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"volunteer_id" bigint,
	"campaign" text DEFAULT '' NOT NULL,
	"country" text DEFAULT '' NOT NULL,
	"region" text DEFAULT '' NOT NULL,
	"day" date NOT NULL,
	"count" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "volunteer_subscription_counts" ADD CONSTRAINT "volunteer_subscription_counts_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_subscription_counts_key_uq" ON "volunteer_subscription_counts" USING btree ("volunteer_id","campaign","country","region","day");