CREATE TABLE "reach_daily" (
	"day" date NOT NULL,
	"campaign" text DEFAULT '' NOT NULL,
	"country" text DEFAULT '' NOT NULL,
	"region" text DEFAULT '' NOT NULL,
	"locale" text DEFAULT '' NOT NULL,
	"channel" text NOT NULL,
	"event" text NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"count" bigint NOT NULL,
	CONSTRAINT "reach_daily_day_campaign_country_region_locale_channel_event_detail_pk" PRIMARY KEY("day","campaign","country","region","locale","channel","event","detail")
);
--> statement-breakpoint
CREATE TABLE "reach_daily_visitors" (
	"day" date NOT NULL,
	"campaign" text DEFAULT '' NOT NULL,
	"country" text DEFAULT '' NOT NULL,
	"region" text DEFAULT '' NOT NULL,
	"locale" text DEFAULT '' NOT NULL,
	"visitors" bigint NOT NULL,
	CONSTRAINT "reach_daily_visitors_day_campaign_country_region_locale_pk" PRIMARY KEY("day","campaign","country","region","locale")
);
--> statement-breakpoint
CREATE TABLE "reach_hourly" (
	"hour" timestamp with time zone NOT NULL,
	"campaign" text DEFAULT '' NOT NULL,
	"country" text DEFAULT '' NOT NULL,
	"region" text DEFAULT '' NOT NULL,
	"locale" text DEFAULT '' NOT NULL,
	"channel" text NOT NULL,
	"event" text NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"count" bigint NOT NULL,
	CONSTRAINT "reach_hourly_hour_campaign_country_region_locale_channel_event_detail_pk" PRIMARY KEY("hour","campaign","country","region","locale","channel","event","detail")
);
--> statement-breakpoint
CREATE INDEX "reach_daily_event_day_idx" ON "reach_daily" USING btree ("event","day");