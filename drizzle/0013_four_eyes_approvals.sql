CREATE TABLE "broadcast_approvals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"subject" text NOT NULL,
	"document_id" text NOT NULL,
	"content_hash" text NOT NULL,
	"title" text NOT NULL,
	"recipients" integer NOT NULL,
	"prepared_by" integer NOT NULL,
	"prepared_at" timestamp with time zone NOT NULL,
	"approved_by" integer,
	"approved_at" timestamp with time zone,
	"recipient_cap" integer,
	"revoked_by" integer,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "staff_test_phones" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"phone_ciphertext" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_test_phones_user_id_unique" UNIQUE("user_id")
);
--> statement-breakpoint
DROP INDEX "broadcast_runs_occurrence_uq";--> statement-breakpoint
ALTER TABLE "broadcast_runs" ADD COLUMN "hold_reason" text;--> statement-breakpoint
ALTER TABLE "broadcast_runs" ADD COLUMN "content_hash" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "broadcast_approvals" ADD CONSTRAINT "broadcast_approvals_prepared_by_staff_users_id_fk" FOREIGN KEY ("prepared_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "broadcast_approvals" ADD CONSTRAINT "broadcast_approvals_approved_by_staff_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "broadcast_approvals" ADD CONSTRAINT "broadcast_approvals_revoked_by_staff_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_test_phones" ADD CONSTRAINT "staff_test_phones_user_id_staff_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."staff_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "broadcast_approvals_live_uq" ON "broadcast_approvals" USING btree ("subject","document_id","content_hash") WHERE revoked_at is null;--> statement-breakpoint
CREATE INDEX "broadcast_approvals_document_idx" ON "broadcast_approvals" USING btree ("document_id");--> statement-breakpoint
CREATE UNIQUE INDEX "broadcast_runs_occurrence_uq" ON "broadcast_runs" USING btree ("source","document_id","occurrence","content_hash");