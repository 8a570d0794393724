CREATE TABLE "broadcast_run_texts" (
	"run_id" bigint NOT NULL,
	"locale" text NOT NULL,
	"body" text NOT NULL,
	CONSTRAINT "broadcast_run_texts_run_id_locale_pk" PRIMARY KEY("run_id","locale")
);
--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "run_text_locale" text;--> statement-breakpoint
ALTER TABLE "broadcast_run_texts" ADD CONSTRAINT "broadcast_run_texts_run_id_broadcast_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."broadcast_runs"("id") ON DELETE cascade ON UPDATE no action;