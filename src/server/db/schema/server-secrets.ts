import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Secrets the server makes for itself (keys for signing cookies), shared by every instance on the database. */
export const serverSecrets = pgTable('server_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
