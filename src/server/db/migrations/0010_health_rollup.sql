CREATE TABLE "health_rollup" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"rolled_until" timestamp with time zone,
	CONSTRAINT "health_rollup_one_row" CHECK ("health_rollup"."id")
);
--> statement-breakpoint
-- The hourly roll-up reads one hour of a day's minutes; without these it would read the whole day so far.
CREATE INDEX "call_minutes_minute_idx" ON "call_minutes" USING btree ("minute");--> statement-breakpoint
CREATE INDEX "feed_minutes_minute_idx" ON "feed_minutes" USING btree ("minute");--> statement-breakpoint
CREATE INDEX "merchant_minutes_minute_idx" ON "merchant_minutes" USING btree ("minute");--> statement-breakpoint
-- Until now intake added every bucket to its hour row as well, so the hour rows already stored are whole up to
-- the current hour; a fresh database has none and starts with every hour read from minutes.
INSERT INTO "health_rollup" ("id", "rolled_until")
SELECT true, CASE WHEN EXISTS (SELECT 1 FROM "call_hours") OR EXISTS (SELECT 1 FROM "feed_hours")
  OR EXISTS (SELECT 1 FROM "merchant_hours") THEN date_bin('1 hour', now(), 'epoch'::timestamptz) END;
