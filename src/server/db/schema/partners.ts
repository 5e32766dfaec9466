import { type AnyPgColumn, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { IntegrationState, PartnerStatus } from '../../../shared/partners.js';
import { users } from './users.js';

export const partners = pgTable('partners', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  status: text('status').$type<PartnerStatus>().notNull().default('interested'),
  integrationState: text('integration_state').$type<IntegrationState>().notNull().default('active'),
  // Why the integration is paused or disabled, by whom and since when; cleared when it is active again.
  stateReason: text('state_reason'),
  stateChangedAt: timestamp('state_changed_at', { withTimezone: true }),
  stateChangedByUserId: uuid('state_changed_by_user_id').references((): AnyPgColumn => users.id, {
    onDelete: 'set null',
  }),
  pausedUntil: timestamp('paused_until', { withTimezone: true }),
  consultantUserId: uuid('consultant_user_id').references((): AnyPgColumn => users.id, {
    onDelete: 'set null',
  }),
  supportHours: text('support_hours'),
  supportTimezone: text('support_timezone'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
