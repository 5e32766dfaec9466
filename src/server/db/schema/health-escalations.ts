import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { EvidenceValue, HealthArea, HealthRule, HealthSeverity } from '../../../shared/health.js';
import { contacts } from './contacts.js';
import { pages } from './paging.js';
import { partners } from './partners.js';
import { users } from './users.js';

/*
 * Partner health beyond the buckets (issue #10): detection settings, the small durable state the evaluator
 * keeps between ticks, and the escalations it opens towards partners' technical contacts.
 */

/** The platform's rule settings as overrides over the built-in defaults (one row, id 1). */
export const healthRuleDefaults = pgTable(
  'health_rule_defaults',
  {
    id: smallint('id').primaryKey().default(1),
    overrides: jsonb('overrides').$type<Record<string, unknown>>().notNull().default({}),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [check('health_rule_defaults_one_row', sql`${t.id} = 1`)],
);

/** One partner's overrides over the platform's settings. */
export const partnerHealthRules = pgTable('partner_health_rules', {
  partnerId: uuid('partner_id')
    .primaryKey()
    .references(() => partners.id, { onDelete: 'cascade' }),
  overrides: jsonb('overrides').$type<Record<string, unknown>>().notNull().default({}),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/**
 * Which partners have news for the evaluator. Intake bumps signalSeq in the batch's transaction; the evaluator
 * holds this row while it reads and stores the seq it read as evaluatedSeq. A counter, not a time: a batch that
 * commits while an evaluation runs waits for this row, then bumps the seq past what the evaluation stored, so it
 * is never taken as seen.
 */
export const healthPartnerState = pgTable(
  'health_partner_state',
  {
    partnerId: uuid('partner_id')
      .primaryKey()
      .references(() => partners.id, { onDelete: 'cascade' }),
    signalSeq: bigint('signal_seq', { mode: 'number' }).notNull().default(1),
    evaluatedSeq: bigint('evaluated_seq', { mode: 'number' }).notNull().default(0),
    signalAt: timestamp('signal_at', { withTimezone: true }).notNull(),
    evaluatedAt: timestamp('evaluated_at', { withTimezone: true }),
  },
  (t) => [index('health_partner_state_evaluated_idx').on(t.evaluatedAt)],
);

/** The hard-down rule's streak of failed calls per partner and action (rules/streak.ts), advanced by intake. */
export const healthStreaks = pgTable(
  'health_streaks',
  {
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    action: text('action').notNull(),
    lastOkAt: timestamp('last_ok_at', { withTimezone: true, precision: 3 }),
    failures: integer('failures').notNull().default(0),
    failingSince: timestamp('failing_since', { withTimezone: true, precision: 3 }),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true, precision: 3 }),
    /** The latest merchants named by failed calls (at most 10): the evidence's sample merchant ids. */
    failingMerchants: text('failing_merchants').array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.action] })],
);

/**
 * Each feed's history as the feed rules need it (rules/feeds.ts FeedHistory), kept by intake so staleness is one
 * indexed read however long ago the last clean ingestion was, even past the minute buckets' retention.
 */
export const healthFeedState = pgTable(
  'health_feed_state',
  {
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    feed: text('feed').notNull(),
    lastCleanAt: timestamp('last_clean_at', { withTimezone: true }),
    errorsSince: timestamp('errors_since', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.feed] })],
);

export type HealthEscalationStatus = 'open' | 'acknowledged' | 'suppressed' | 'resolved';

/** An escalation to a partner about one area; at most one unresolved per partner and area. */
export const healthEscalations = pgTable(
  'health_escalations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: bigserial('number', { mode: 'number' }).notNull().unique(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    area: text('area').$type<HealthArea>().notNull(),
    status: text('status').$type<HealthEscalationStatus>().notNull(),
    severity: text('severity').$type<HealthSeverity>().notNull(),
    rules: text('rules').array().$type<HealthRule[]>().notNull(),
    /** The latest findings, rule by rule: what the escalation shows as its evidence. */
    evidence: jsonb('evidence').$type<Record<string, Record<string, EvidenceValue>>>().notNull().default({}),
    /** When the current notification plan began (opening, or raising the severity); its timers carry planId. */
    planStartedAt: timestamp('plan_started_at', { withTimezone: true }).notNull(),
    planId: uuid('plan_id').notNull(),
    /** Since when the condition has been clear (decideEscalation's clearSince). */
    clearSince: timestamp('clear_since', { withTimezone: true }),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id, { onDelete: 'set null' }),
    acknowledgedByContact: uuid('acknowledged_by_contact').references(() => contacts.id, {
      onDelete: 'set null',
    }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    pageId: uuid('page_id').references(() => pages.id, { onDelete: 'set null' }),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('health_escalations_open_area_idx')
      .on(t.partnerId, t.area)
      .where(sql`${t.status} <> 'resolved'`),
    index('health_escalations_partner_idx').on(t.partnerId, t.openedAt),
    index('health_escalations_status_idx').on(t.status, t.openedAt),
  ],
);

/** The escalation's timeline, append-only, written under its row lock: evidence, notices, comments, actions. */
export const healthEscalationEvents = pgTable(
  'health_escalation_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    escalationId: uuid('escalation_id')
      .notNull()
      .references(() => healthEscalations.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('health_escalation_events_escalation_idx').on(t.escalationId, t.id)],
);

/** Acknowledge links in escalation emails: the token's SHA-256, per contact, expiring, used once. */
export const healthEscalationLinks = pgTable(
  'health_escalation_links',
  {
    tokenHash: text('token_hash').primaryKey(),
    escalationId: uuid('escalation_id')
      .notNull()
      .references(() => healthEscalations.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('health_escalation_links_escalation_idx').on(t.escalationId)],
);
