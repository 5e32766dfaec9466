import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { partners } from './partners.js';
import { users } from './users.js';

export type LeadStatus = 'new' | 'converted';

/** A company that registered interest through the public form. */
export const leads = pgTable(
  'leads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    company: text('company').notNull(),
    contactName: text('contact_name').notNull(),
    email: text('email').notNull(),
    countries: jsonb('countries').$type<string[]>().notNull(),
    merchantCount: integer('merchant_count').notNull(),
    integrates: text('integrates').notNull(),
    status: text('status').$type<LeadStatus>().notNull().default('new'),
    partnerId: uuid('partner_id').references(() => partners.id, { onDelete: 'set null' }),
    convertedByUserId: uuid('converted_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    convertedAt: timestamp('converted_at', { withTimezone: true }),
    ip: text('ip').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('leads_ip_idx').on(t.ip, t.createdAt), index('leads_created_idx').on(t.createdAt)],
);
