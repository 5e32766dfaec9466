import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { ContactRole } from '../../../shared/contacts.js';
import type { Locale } from '../../../shared/locales.js';
import { partners } from './partners.js';

export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    role: text('role').$type<ContactRole>().notNull(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    phone: text('phone'),
    webhookUrl: text('webhook_url'),
    // Signs what Switchboard posts to webhookUrl; made when first needed.
    webhookSecret: text('webhook_secret'),
    locale: text('locale').$type<Locale>().notNull().default('en'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('contacts_partner_idx').on(t.partnerId, t.role)],
);
