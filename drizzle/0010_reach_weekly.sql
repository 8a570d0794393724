CREATE TABLE "reach_weekly" (
	"week" date NOT NULL,
	"campaign" text DEFAULT '' NOT NULL,
	"country" text DEFAULT '' NOT NULL,
	"region" text DEFAULT '' NOT NULL,
	"locale" text DEFAULT '' NOT NULL,
	"channel" text NOT NULL,
	"event" text NOT NULL,
	"count" bigint NOT NULL,
	CONSTRAINT "reach_weekly_week_campaign_country_region_locale_channel_event_pk" PRIMARY KEY("week","campaign","country","region","locale","channel","event")
);
--> statement-breakpoint
CREATE TABLE "reach_weekly_built" (
	"week" date PRIMARY KEY NOT NULL,
	"built_at" timestamp with time zone NOT NULL
);
