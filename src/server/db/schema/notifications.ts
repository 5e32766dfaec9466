import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Locale } from '../../../shared/locales.js';

/** queued → sent | failed; `kept` when no SMTP server is configured (the outbox of a fresh install). */
export type NotificationStatus = 'queued' | 'sent' | 'failed' | 'kept';
/** email: recipient is an address; webhook: a URL, body the JSON sent; in_app: a user id, shown live. */
export type DeliveryChannel = 'email' | 'webhook' | 'in_app';

/** Every message Switchboard sends, rendered at queue time so the outbox shows exactly what goes out. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    partnerId: uuid('partner_id'),
    channel: text('channel').$type<DeliveryChannel>().notNull(),
    recipient: text('recipient').notNull(),
    locale: text('locale').$type<Locale>().notNull(),
    template: text('template').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    status: text('status').$type<NotificationStatus>().notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    params: jsonb('params'),
    // Webhooks: `sha256=<HMAC of body>` with the target's secret, computed when queued (the body never changes).
    signature: text('signature'),
    // The page and user a page notification belongs to, for the page's timeline and the user's in-app feed.
    pageId: uuid('page_id'),
    userId: uuid('user_id'),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('notifications_created_idx').on(t.createdAt),
    index('notifications_partner_idx').on(t.partnerId),
    index('notifications_page_idx').on(t.pageId),
    index('notifications_user_idx').on(t.userId, t.id),
  ],
);
