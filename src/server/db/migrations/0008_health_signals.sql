-- Partitioned by time so retention drops whole partitions (health/partitions.ts makes the daily and monthly ones
-- ahead of time); the DEFAULT partition only catches rows outside every made range, so an insert never fails.
CREATE TABLE "call_hours" (
	"partner_id" uuid NOT NULL,
	"action" text NOT NULL,
	"ok_count" integer DEFAULT 0 NOT NULL,
	"error_count" integer DEFAULT 0 NOT NULL,
	"error_types" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"latency_counts" integer[] NOT NULL,
	"latency_sum_ms" bigint DEFAULT 0 NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	CONSTRAINT "call_hours_partner_id_action_hour_pk" PRIMARY KEY("partner_id","action","hour")
) PARTITION BY RANGE ("hour");
--> statement-breakpoint
CREATE TABLE "call_hours_default" PARTITION OF "call_hours" DEFAULT;
--> statement-breakpoint
CREATE TABLE "call_minutes" (
	"partner_id" uuid NOT NULL,
	"action" text NOT NULL,
	"ok_count" integer DEFAULT 0 NOT NULL,
	"error_count" integer DEFAULT 0 NOT NULL,
	"error_types" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"latency_counts" integer[] NOT NULL,
	"latency_sum_ms" bigint DEFAULT 0 NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	CONSTRAINT "call_minutes_partner_id_action_minute_pk" PRIMARY KEY("partner_id","action","minute")
) PARTITION BY RANGE ("minute");
--> statement-breakpoint
CREATE TABLE "call_minutes_default" PARTITION OF "call_minutes" DEFAULT;
--> statement-breakpoint
CREATE TABLE "feed_hours" (
	"partner_id" uuid NOT NULL,
	"feed" text NOT NULL,
	"ingestions" integer DEFAULT 0 NOT NULL,
	"clean_ingestions" integer DEFAULT 0 NOT NULL,
	"records" bigint DEFAULT 0 NOT NULL,
	"errors" bigint DEFAULT 0 NOT NULL,
	"warnings" bigint DEFAULT 0 NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	CONSTRAINT "feed_hours_partner_id_feed_hour_pk" PRIMARY KEY("partner_id","feed","hour")
) PARTITION BY RANGE ("hour");
--> statement-breakpoint
CREATE TABLE "feed_hours_default" PARTITION OF "feed_hours" DEFAULT;
--> statement-breakpoint
CREATE TABLE "feed_minutes" (
	"partner_id" uuid NOT NULL,
	"feed" text NOT NULL,
	"ingestions" integer DEFAULT 0 NOT NULL,
	"clean_ingestions" integer DEFAULT 0 NOT NULL,
	"records" bigint DEFAULT 0 NOT NULL,
	"errors" bigint DEFAULT 0 NOT NULL,
	"warnings" bigint DEFAULT 0 NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	CONSTRAINT "feed_minutes_partner_id_feed_minute_pk" PRIMARY KEY("partner_id","feed","minute")
) PARTITION BY RANGE ("minute");
--> statement-breakpoint
CREATE TABLE "feed_minutes_default" PARTITION OF "feed_minutes" DEFAULT;
--> statement-breakpoint
CREATE TABLE "merchant_hours" (
	"partner_id" uuid NOT NULL,
	"serving_sum" bigint DEFAULT 0 NOT NULL,
	"total_sum" bigint DEFAULT 0 NOT NULL,
	"samples" integer DEFAULT 0 NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	CONSTRAINT "merchant_hours_partner_id_hour_pk" PRIMARY KEY("partner_id","hour")
) PARTITION BY RANGE ("hour");
--> statement-breakpoint
CREATE TABLE "merchant_hours_default" PARTITION OF "merchant_hours" DEFAULT;
--> statement-breakpoint
CREATE TABLE "merchant_minutes" (
	"partner_id" uuid NOT NULL,
	"serving_sum" bigint DEFAULT 0 NOT NULL,
	"total_sum" bigint DEFAULT 0 NOT NULL,
	"samples" integer DEFAULT 0 NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	CONSTRAINT "merchant_minutes_partner_id_minute_pk" PRIMARY KEY("partner_id","minute")
) PARTITION BY RANGE ("minute");
--> statement-breakpoint
CREATE TABLE "merchant_minutes_default" PARTITION OF "merchant_minutes" DEFAULT;
