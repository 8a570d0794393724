CREATE TABLE "outbox_sender_pacing" (
	"sender" text PRIMARY KEY NOT NULL,
	"theoretical_arrival_at" timestamp with time zone NOT NULL,
	"last_granted" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
