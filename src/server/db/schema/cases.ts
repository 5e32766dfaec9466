import { bigserial, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { CaseCategory, CaseStatus, UrgentCriterion } from '../../../shared/cases.js';
import { partners } from './partners.js';
import { users } from './users.js';

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
    subject: text('subject').notNull(),
    description: text('description').notNull(),
    status: text('status').$type<CaseStatus>().notNull().default('open'),
    // Integration questions go to the partner's consultant; everything else waits in the support queue (null).
    assigneeUserId: uuid('assignee_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('cases_partner_idx').on(t.partnerId, t.createdAt),
    index('cases_assignee_idx').on(t.assigneeUserId),
  ],
);

export const caseComments = pgTable(
  'case_comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    authorUserId: uuid('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    authorName: text('author_name').notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('case_comments_case_idx').on(t.caseId, t.createdAt)],
);
