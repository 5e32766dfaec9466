CREATE TABLE "throttle_slots" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"taken_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "throttle_slots_key_idx" ON "throttle_slots" USING btree ("key","expires_at");--> statement-breakpoint
CREATE INDEX "throttle_slots_expires_idx" ON "throttle_slots" USING btree ("expires_at");