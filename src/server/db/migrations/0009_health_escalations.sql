CREATE TABLE "health_escalation_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"escalation_id" uuid NOT NULL,
	"type" text NOT NULL,
	"actor_id" uuid,
	"contact_id" uuid,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "health_escalation_links" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"escalation_id" uuid NOT NULL,
	"contact_id" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "health_escalations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigserial NOT NULL,
	"partner_id" uuid NOT NULL,
	"area" text NOT NULL,
	"status" text NOT NULL,
	"severity" text NOT NULL,
	"rules" text[] NOT NULL,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"plan_started_at" timestamp with time zone NOT NULL,
	"plan_id" uuid NOT NULL,
	"clear_since" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" uuid,
	"acknowledged_by_contact" uuid,
	"resolved_at" timestamp with time zone,
	"page_id" uuid,
	"opened_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "health_escalations_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "health_feed_state" (
	"partner_id" uuid NOT NULL,
	"feed" text NOT NULL,
	"last_clean_at" timestamp with time zone,
	"errors_since" timestamp with time zone,
	CONSTRAINT "health_feed_state_partner_id_feed_pk" PRIMARY KEY("partner_id","feed")
);
--> statement-breakpoint
CREATE TABLE "health_partner_state" (
	"partner_id" uuid PRIMARY KEY NOT NULL,
	"signal_seq" bigint DEFAULT 1 NOT NULL,
	"evaluated_seq" bigint DEFAULT 0 NOT NULL,
	"signal_at" timestamp with time zone NOT NULL,
	"evaluated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "health_rule_defaults" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"overrides" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "health_rule_defaults_one_row" CHECK ("health_rule_defaults"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "health_streaks" (
	"partner_id" uuid NOT NULL,
	"action" text NOT NULL,
	"last_ok_at" timestamp (3) with time zone,
	"failures" integer DEFAULT 0 NOT NULL,
	"failing_since" timestamp (3) with time zone,
	"last_failure_at" timestamp (3) with time zone,
	"failing_merchants" text[] DEFAULT '{}'::text[] NOT NULL,
	CONSTRAINT "health_streaks_partner_id_action_pk" PRIMARY KEY("partner_id","action")
);
--> statement-breakpoint
CREATE TABLE "partner_health_rules" (
	"partner_id" uuid PRIMARY KEY NOT NULL,
	"overrides" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "health_escalation_events" ADD CONSTRAINT "health_escalation_events_escalation_id_health_escalations_id_fk" FOREIGN KEY ("escalation_id") REFERENCES "public"."health_escalations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_escalation_events" ADD CONSTRAINT "health_escalation_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_escalation_events" ADD CONSTRAINT "health_escalation_events_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_escalation_links" ADD CONSTRAINT "health_escalation_links_escalation_id_health_escalations_id_fk" FOREIGN KEY ("escalation_id") REFERENCES "public"."health_escalations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_escalation_links" ADD CONSTRAINT "health_escalation_links_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_escalations" ADD CONSTRAINT "health_escalations_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_escalations" ADD CONSTRAINT "health_escalations_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_escalations" ADD CONSTRAINT "health_escalations_acknowledged_by_contact_contacts_id_fk" FOREIGN KEY ("acknowledged_by_contact") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_escalations" ADD CONSTRAINT "health_escalations_page_id_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "public"."pages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_feed_state" ADD CONSTRAINT "health_feed_state_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_partner_state" ADD CONSTRAINT "health_partner_state_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_rule_defaults" ADD CONSTRAINT "health_rule_defaults_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_streaks" ADD CONSTRAINT "health_streaks_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_health_rules" ADD CONSTRAINT "partner_health_rules_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_health_rules" ADD CONSTRAINT "partner_health_rules_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "health_escalation_events_escalation_idx" ON "health_escalation_events" USING btree ("escalation_id","id");--> statement-breakpoint
CREATE INDEX "health_escalation_links_escalation_idx" ON "health_escalation_links" USING btree ("escalation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "health_escalations_open_area_idx" ON "health_escalations" USING btree ("partner_id","area") WHERE "health_escalations"."status" <> 'resolved';--> statement-breakpoint
CREATE INDEX "health_escalations_partner_idx" ON "health_escalations" USING btree ("partner_id","opened_at");--> statement-breakpoint
CREATE INDEX "health_escalations_status_idx" ON "health_escalations" USING btree ("status","opened_at");--> statement-breakpoint
CREATE INDEX "health_partner_state_evaluated_idx" ON "health_partner_state" USING btree ("evaluated_at");