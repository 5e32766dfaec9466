import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type {
  CaseCategory,
  CaseEventType,
  CasePriority,
  CaseQueue,
  CaseStatus,
  UrgentCriterion,
  UrgentImpact,
} from '../../../shared/cases.js';
import { partners } from './partners.js';
import { slaPolicies } from './sla.js';
import { users } from './users.js';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: bigserial('number', { mode: 'number' }).notNull().unique(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    category: text('category').$type<CaseCategory>().notNull(),
    urgentCriterion: text('urgent_criterion').$type<UrgentCriterion>(),
    impact: jsonb('impact').$type<UrgentImpact>(),
    subject: text('subject').notNull(),
    description: text('description').notNull(),
    status: text('status').$type<CaseStatus>().notNull().default('open'),
    priority: text('priority').$type<CasePriority>().notNull().default('normal'),
    queue: text('queue').$type<CaseQueue>().notNull().default('partner_support'),
    assigneeUserId: uuid('assignee_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    // The SLA as last computed from the event log (sla/case-clock.ts), kept here so the queue can filter and
    // sort by it; the event log stays the source of truth and recomputing it is always safe.
    slaPolicyId: uuid('sla_policy_id').references(() => slaPolicies.id, { onDelete: 'set null' }),
    firstResponseDueAt: timestamp('first_response_due_at', { withTimezone: true }),
    firstResponseAt: timestamp('first_response_at', { withTimezone: true }),
    resolutionDueAt: timestamp('resolution_due_at', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    slaPaused: boolean('sla_paused').notNull().default(false),
    firstResponseBreached: boolean('first_response_breached').notNull().default(false),
    resolutionBreached: boolean('resolution_breached').notNull().default(false),
    /** The earliest target still running: what the queue sorts by. */
    nextSlaDueAt: timestamp('next_sla_due_at', { withTimezone: true }),
    // 'simple' (no stemming) because partners write in English, German and French alike.
    search: tsvector('search').generatedAlwaysAs(
      sql`to_tsvector('simple', coalesce(subject, '') || ' ' || coalesce(description, ''))`,
    ),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('cases_partner_idx').on(t.partnerId, t.createdAt),
    index('cases_assignee_idx').on(t.assigneeUserId),
    index('cases_queue_idx').on(t.status, t.createdAt),
    index('cases_sla_due_idx').on(t.nextSlaDueAt),
    index('cases_search_idx').using('gin', t.search),
  ],
);

export type CommentAuthorKind = 'staff' | 'partner' | 'system';

export const caseComments = pgTable(
  'case_comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    authorUserId: uuid('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    authorName: text('author_name').notNull(),
    authorKind: text('author_kind').$type<CommentAuthorKind>().notNull().default('partner'),
    /** Staff-only notes: never in the partner API, the partner's UI or any partner email. */
    internal: boolean('internal').notNull().default(false),
    body: text('body').notNull(),
    search: tsvector('search').generatedAlwaysAs(sql`to_tsvector('simple', coalesce(body, ''))`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('case_comments_case_idx').on(t.caseId, t.createdAt),
    index('case_comments_search_idx').using('gin', t.search),
  ],
);

/** Append-only: what happened to a case, in order. Timeline, audit and SLA clocks read it. */
export const caseEvents = pgTable(
  'case_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    type: text('type').$type<CaseEventType>().notNull(),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    actorName: text('actor_name').notNull(),
    /** Staff-only events (internal notes, SLA warnings): left out of what partners see. */
    internal: boolean('internal').notNull().default(false),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('case_events_case_idx').on(t.caseId, t.id)],
);

export const caseSubscribers = pgTable(
  'case_subscribers',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.userId] })],
);

/** Files live in the database so every instance serves them. */
export const caseAttachments = pgTable(
  'case_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    commentId: uuid('comment_id').references(() => caseComments.id, { onDelete: 'cascade' }),
    internal: boolean('internal').notNull().default(false),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    uploadedByUserId: uuid('uploaded_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    uploaderName: text('uploader_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('case_attachments_case_idx').on(t.caseId, t.createdAt)],
);

/** A user's saved filters on the staff queue. */
export const caseViews = pgTable(
  'case_views',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    filters: jsonb('filters').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('case_views_user_idx').on(t.userId, t.createdAt)],
);
