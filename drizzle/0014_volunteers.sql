CREATE TABLE "volunteer_attributions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"volunteer_id" bigint,
	"campaign" text NOT NULL,
	"event" text NOT NULL,
	"day" date NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"country" text DEFAULT '' NOT NULL,
	"region" text DEFAULT '' NOT NULL,
	"locale" text DEFAULT '' NOT NULL,
	"visitor_hash" text
);
--> statement-breakpoint
CREATE TABLE "volunteer_rate_marks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"bucket" text NOT NULL,
	"key_hash" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_session_reports" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"volunteer_id" bigint,
	"campaign" text NOT NULL,
	"country" text NOT NULL,
	"region" text NOT NULL,
	"held_on" date NOT NULL,
	"attendees" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"confirmed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "volunteer_sessions" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"volunteer_id" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_sign_in_codes" (
	"challenge_hash" text PRIMARY KEY NOT NULL,
	"volunteer_id" bigint NOT NULL,
	"code_hash" text NOT NULL,
	"attempts" smallint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "volunteers" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"referral_code" text NOT NULL,
	"nickname" text NOT NULL,
	"country" text NOT NULL,
	"region_code" text NOT NULL,
	"school" text,
	"age_group" text NOT NULL,
	"guardian_consent_at" timestamp with time zone,
	"phone_ciphertext" text NOT NULL,
	"phone_index" text NOT NULL,
	"locale" text NOT NULL,
	"leaderboard_opt_in" boolean DEFAULT false NOT NULL,
	"confirmed_at" timestamp with time zone,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "volunteer_attributions" ADD CONSTRAINT "volunteer_attributions_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_session_reports" ADD CONSTRAINT "volunteer_session_reports_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_sessions" ADD CONSTRAINT "volunteer_sessions_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_sign_in_codes" ADD CONSTRAINT "volunteer_sign_in_codes_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_attributions_once_uq" ON "volunteer_attributions" USING btree ("volunteer_id","campaign","event","day","visitor_hash");--> statement-breakpoint
CREATE INDEX "volunteer_attributions_hash_idx" ON "volunteer_attributions" USING btree ("day","visitor_hash") WHERE visitor_hash is not null;--> statement-breakpoint
CREATE INDEX "volunteer_rate_marks_key_idx" ON "volunteer_rate_marks" USING btree ("bucket","key_hash","at");--> statement-breakpoint
CREATE INDEX "volunteer_session_reports_volunteer_idx" ON "volunteer_session_reports" USING btree ("volunteer_id");--> statement-breakpoint
CREATE INDEX "volunteer_sessions_volunteer_idx" ON "volunteer_sessions" USING btree ("volunteer_id");--> statement-breakpoint
CREATE INDEX "volunteer_sign_in_codes_volunteer_idx" ON "volunteer_sign_in_codes" USING btree ("volunteer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteers_referral_code_uq" ON "volunteers" USING btree ("referral_code");--> statement-breakpoint
CREATE UNIQUE INDEX "volunteers_phone_index_uq" ON "volunteers" USING btree ("phone_index");--> statement-breakpoint
CREATE INDEX "volunteers_region_idx" ON "volunteers" USING btree ("country","region_code");