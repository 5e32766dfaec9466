import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { PartnerRole } from '../../../shared/roles.js';
import { partners } from './partners.js';
import { users } from './users.js';

export const invites = pgTable(
  'invites',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: text('role').$type<PartnerRole>().notNull(),
    // SHA-256 of the link's secret; the link itself only ever travels in the email.
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    invitedByUserId: uuid('invited_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('invites_partner_idx').on(t.partnerId)],
);
