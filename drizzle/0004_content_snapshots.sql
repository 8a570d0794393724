CREATE TABLE "content_snapshots" (
	"source" text PRIMARY KEY NOT NULL,
	"format" integer NOT NULL,
	"content_hash" text NOT NULL,
	"documents" text NOT NULL,
	"document_count" integer NOT NULL,
	"byte_size" integer NOT NULL,
	"saved_at" timestamp with time zone NOT NULL,
	"checked_at" timestamp with time zone NOT NULL
);
