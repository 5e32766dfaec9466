import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Locale } from '../../../shared/locales.js';

/** queued → sent | failed; `kept` when no SMTP server is configured (the outbox of a fresh install). */
export type NotificationStatus = 'queued' | 'sent' | 'failed' | 'kept';

/** Every message Switchboard sends, rendered at queue time so the outbox shows exactly what goes out. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    partnerId: uuid('partner_id'),
    channel: text('channel').$type<'email'>().notNull(),
    recipient: text('recipient').notNull(),
    locale: text('locale').$type<Locale>().notNull(),
    template: text('template').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    status: text('status').$type<NotificationStatus>().notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    params: jsonb('params'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('notifications_created_idx').on(t.createdAt),
    index('notifications_partner_idx').on(t.partnerId),
  ],
);
