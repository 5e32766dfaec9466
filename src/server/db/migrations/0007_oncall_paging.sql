CREATE TABLE "escalation_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"levels" jsonb NOT NULL,
	"repeat" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"urgency" text NOT NULL,
	"channel" text NOT NULL,
	"delay_minutes" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "oncall_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"urgent_case_service_id" uuid,
	"ack_timeout_minutes" integer DEFAULT 30 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "oncall_settings_single_row" CHECK ("oncall_settings"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "page_action_links" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"page_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"action" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "page_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"page_id" uuid NOT NULL,
	"type" text NOT NULL,
	"actor_id" uuid,
	"user_id" uuid,
	"notification_id" bigint,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigserial NOT NULL,
	"service_id" uuid,
	"case_id" uuid,
	"title" text NOT NULL,
	"source" text NOT NULL,
	"severity" text NOT NULL,
	"urgency" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text NOT NULL,
	"dedup_key" text,
	"policy" jsonb NOT NULL,
	"level" integer DEFAULT 0 NOT NULL,
	"round" integer DEFAULT 0 NOT NULL,
	"run_id" uuid NOT NULL,
	"acknowledged_by" uuid,
	"acknowledged_at" timestamp with time zone,
	"snoozed_until" timestamp with time zone,
	"resolved_by" uuid,
	"resolved_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "pages_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "service_integrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"type" text NOT NULL,
	"key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "service_integrations_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"escalation_policy_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_webhooks" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "webhook_secret" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "signature" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "page_id" uuid;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "user_id" uuid;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "read_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notification_rules" ADD CONSTRAINT "notification_rules_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oncall_settings" ADD CONSTRAINT "oncall_settings_urgent_case_service_id_services_id_fk" FOREIGN KEY ("urgent_case_service_id") REFERENCES "public"."services"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "page_action_links" ADD CONSTRAINT "page_action_links_page_id_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "public"."pages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "page_action_links" ADD CONSTRAINT "page_action_links_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "page_events" ADD CONSTRAINT "page_events_page_id_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "public"."pages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "page_events" ADD CONSTRAINT "page_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "page_events" ADD CONSTRAINT "page_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pages" ADD CONSTRAINT "pages_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pages" ADD CONSTRAINT "pages_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pages" ADD CONSTRAINT "pages_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pages" ADD CONSTRAINT "pages_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pages" ADD CONSTRAINT "pages_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_integrations" ADD CONSTRAINT "service_integrations_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_escalation_policy_id_escalation_policies_id_fk" FOREIGN KEY ("escalation_policy_id") REFERENCES "public"."escalation_policies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_webhooks" ADD CONSTRAINT "user_webhooks_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notification_rules_user_idx" ON "notification_rules" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "page_action_links_page_idx" ON "page_action_links" USING btree ("page_id");--> statement-breakpoint
CREATE INDEX "page_events_page_idx" ON "page_events" USING btree ("page_id","id");--> statement-breakpoint
CREATE INDEX "pages_status_idx" ON "pages" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "pages_case_idx" ON "pages" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pages_open_dedup_idx" ON "pages" USING btree ("service_id","dedup_key") WHERE "pages"."dedup_key" is not null and "pages"."status" <> 'resolved';--> statement-breakpoint
CREATE INDEX "service_integrations_service_idx" ON "service_integrations" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "notifications_page_idx" ON "notifications" USING btree ("page_id");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","id");--> statement-breakpoint
-- The service confirmed urgent cases page from the first start. Its policy names nobody yet, so its pages go to
-- every platform admin until someone adds a schedule or users: an urgent case never reaches no one.
INSERT INTO "escalation_policies" ("id", "name", "levels", "repeat", "created_at", "updated_at")
VALUES ('00000000-0000-4000-8000-00000000e5c1', 'Urgent partner cases', '[{"delayMinutes": 30, "targets": []}]', 0, now(), now());--> statement-breakpoint
INSERT INTO "services" ("id", "name", "escalation_policy_id", "created_at", "updated_at")
VALUES ('00000000-0000-4000-8000-00000000e5c2', 'Urgent partner cases', '00000000-0000-4000-8000-00000000e5c1', now(), now());--> statement-breakpoint
INSERT INTO "oncall_settings" ("id", "urgent_case_service_id", "ack_timeout_minutes", "updated_at")
VALUES (1, '00000000-0000-4000-8000-00000000e5c2', 30, now());
--> statement-breakpoint
-- Facts recorded before their delivery job existed get one now, so a case confirmed urgent before this release still pages.
INSERT INTO "jobs" ("name", "version", "payload", "run_at", "max_attempts", "created_at")
SELECT 'domain-events.deliver', 1, jsonb_build_object('eventId', "id"), now(), 10, now()
FROM "domain_events" WHERE "consumed_at" IS NULL;
