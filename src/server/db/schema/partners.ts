import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { IntegrationState, PartnerStatus } from '../../../shared/partners.js';

export const partners = pgTable('partners', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  status: text('status').$type<PartnerStatus>().notNull().default('interested'),
  integrationState: text('integration_state').$type<IntegrationState>().notNull().default('active'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
