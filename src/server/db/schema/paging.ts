import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type {
  EscalationLevel,
  IntegrationType,
  NotificationChannel,
  PageStatus,
  PolicySnapshot,
  Severity,
  Urgency,
} from '../../../shared/oncall.js';
import { cases } from './cases.js';
import { users } from './users.js';

export const escalationPolicies = pgTable('escalation_policies', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  levels: jsonb('levels').$type<EscalationLevel[]>().notNull(),
  repeat: integer('repeat').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/** What gets paged: pages open against a service and follow its escalation policy. */
export const services = pgTable('services', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  escalationPolicyId: uuid('escalation_policy_id')
    .notNull()
    .references(() => escalationPolicies.id, { onDelete: 'restrict' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/** A way in for outside monitors; `key` is the Events API routing key or the Alertmanager URL's secret part. */
export const serviceIntegrations = pgTable(
  'service_integrations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    type: text('type').$type<IntegrationType>().notNull(),
    key: text('key').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('service_integrations_service_idx').on(t.serviceId)],
);

/** One row (id = 1): where confirmed urgent cases page, and how long an acknowledgement holds. */
export const oncallSettings = pgTable(
  'oncall_settings',
  {
    id: integer('id').primaryKey().default(1),
    urgentCaseServiceId: uuid('urgent_case_service_id').references(() => services.id, {
      onDelete: 'set null',
    }),
    ackTimeoutMinutes: integer('ack_timeout_minutes').notNull().default(30),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [check('oncall_settings_single_row', sql`${t.id} = 1`)],
);

/**
 * An incident someone must answer. `runId` names the escalation run in force: every acknowledge, resolve,
 * re-trigger and reassign starts a new one, so a timer of an older run finds a different id and does nothing.
 */
export const pages = pgTable(
  'pages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: bigserial('number', { mode: 'number' }).notNull().unique(),
    serviceId: uuid('service_id').references(() => services.id, { onDelete: 'set null' }),
    caseId: uuid('case_id').references(() => cases.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    source: text('source').notNull(),
    severity: text('severity').$type<Severity>().notNull(),
    urgency: text('urgency').$type<Urgency>().notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status').$type<PageStatus>().notNull(),
    dedupKey: text('dedup_key'),
    policy: jsonb('policy').$type<PolicySnapshot>().notNull(),
    level: integer('level').notNull().default(0),
    round: integer('round').notNull().default(0),
    runId: uuid('run_id').notNull(),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id, { onDelete: 'set null' }),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    snoozedUntil: timestamp('snoozed_until', { withTimezone: true }),
    resolvedBy: uuid('resolved_by').references(() => users.id, { onDelete: 'set null' }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('pages_status_idx').on(t.status, t.createdAt),
    // One open page per case; a case never pages twice.
    uniqueIndex('pages_case_idx').on(t.caseId),
    // An open page per service and dedup key: a second trigger joins it (PagerDuty's de-duplication).
    uniqueIndex('pages_open_dedup_idx')
      .on(t.serviceId, t.dedupKey)
      .where(sql`${t.dedupKey} is not null and ${t.status} <> 'resolved'`),
  ],
);

/** The page's timeline, append-only; written under the page's row lock, so its order is the order of events. */
export const pageEvents = pgTable(
  'page_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    pageId: uuid('page_id')
      .notNull()
      .references(() => pages.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    notificationId: bigint('notification_id', { mode: 'number' }),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('page_events_page_idx').on(t.pageId, t.id)],
);

/** A user's personal notification rules per urgency: "email at once, webhook after 2 min, ...". */
export const notificationRules = pgTable(
  'notification_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    urgency: text('urgency').$type<Urgency>().notNull(),
    channel: text('channel').$type<NotificationChannel>().notNull(),
    delayMinutes: integer('delay_minutes').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('notification_rules_user_idx').on(t.userId)],
);

/** A user's webhook contact method; the secret signs every body sent there. */
export const userWebhooks = pgTable('user_webhooks', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  url: text('url').notNull(),
  secret: text('secret').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/** Acknowledge/resolve links from page emails: the token's SHA-256, expiring, used once. */
export const pageActionLinks = pgTable(
  'page_action_links',
  {
    tokenHash: text('token_hash').primaryKey(),
    pageId: uuid('page_id')
      .notNull()
      .references(() => pages.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    action: text('action').$type<'acknowledge' | 'resolve'>().notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('page_action_links_page_idx').on(t.pageId)],
);
